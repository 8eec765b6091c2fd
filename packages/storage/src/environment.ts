import type { ContainerDefinition } from '@aws-sdk/client-ecs';

/** One variable of the container: a plain value, or a reference to Secrets Manager or SSM. */
export type Setting =
  | { kind: 'plain'; value: string }
  | { kind: 'secret'; from: string; /** Set once resolved (and masked). */ value?: string };

export type Environment = Map<string, Setting>;

export function containerEnvironment(container: ContainerDefinition): Environment {
  const environment: Environment = new Map();
  for (const entry of container.environment ?? []) {
    if (entry.name) environment.set(entry.name, { kind: 'plain', value: entry.value ?? '' });
  }
  // ECS refuses a name in both lists; were it to happen, the secret is what the task would see.
  for (const entry of container.secrets ?? []) {
    if (entry.name && entry.valueFrom) environment.set(entry.name, { kind: 'secret', from: entry.valueFrom });
  }
  return environment;
}

/** The value the task would see, when known here: plain, or a secret resolved earlier. */
export function known(environment: Environment, name: string): string | undefined {
  const setting = environment.get(name);
  if (!setting) return undefined;
  return setting.kind === 'plain' ? setting.value : setting.value;
}

export type SecretSource =
  | { service: 'secretsmanager'; secretId: string; jsonKey?: string; versionStage?: string; versionId?: string }
  | { service: 'ssm'; name: string };

/**
 * Where a `valueFrom` points, as the ECS developer guide documents it: a Secrets Manager ARN,
 * optionally followed by `:json-key:version-stage:version-id`, or an SSM parameter ARN or name.
 */
export function secretSource(valueFrom: string): SecretSource {
  const manager = /^(arn:aws[a-z-]*:secretsmanager:[^:]*:\d{12}:secret:[^:]+)(?::([^:]*)(?::([^:]*)(?::([^:]*))?)?)?$/.exec(valueFrom);
  if (manager) {
    const [, secretId, jsonKey, versionStage, versionId] = manager;
    return { service: 'secretsmanager', secretId, jsonKey: jsonKey || undefined, versionStage: versionStage || undefined, versionId: versionId || undefined };
  }
  return { service: 'ssm', name: valueFrom };
}

export function describeSource(valueFrom: string): string {
  const source = secretSource(valueFrom);
  if (source.service === 'ssm') return `SSM parameter ${source.name}`;
  return `Secrets Manager secret ${source.secretId}${source.jsonKey ? ` (key ${source.jsonKey})` : ''}`;
}
