import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { describeThrown, errorName, urlPasswordForms } from '@tandem/kit';
import { secretSource, type Environment } from './environment.js';

export interface SecretClients {
  secretsManager: () => SecretsManagerClient;
  ssm: () => SSMClient;
}

/** Fetches one referenced value as ECS would inject it. */
export async function fetchSecret(valueFrom: string, clients: SecretClients): Promise<string> {
  const source = secretSource(valueFrom);
  if (source.service === 'ssm') {
    const answer = await clients.ssm().send(new GetParameterCommand({ Name: source.name, WithDecryption: true }));
    return answer.Parameter?.Value ?? '';
  }
  const answer = await clients.secretsManager().send(new GetSecretValueCommand({ SecretId: source.secretId, VersionStage: source.versionStage, VersionId: source.versionId }));
  const text = answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : '');
  if (!source.jsonKey) return text;
  const value = (JSON.parse(text) as Record<string, unknown>)[source.jsonKey];
  if (value === undefined) throw new Error(`the secret has no key ${source.jsonKey}`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Resolves the named secret references in place. Every value, and the password inside a
 * database URL, is handed to `mask` the moment it arrives, before anything can print it.
 * Returns the names that could not be resolved, with why.
 */
export async function resolveSecrets(
  environment: Environment,
  names: readonly string[],
  clients: SecretClients,
  mask: (value: string) => void,
): Promise<Array<{ name: string; reason: string }>> {
  const failures: Array<{ name: string; reason: string }> = [];
  for (const name of names) {
    const setting = environment.get(name);
    if (!setting || setting.kind !== 'secret' || setting.value !== undefined) continue;
    try {
      const value = await fetchSecret(setting.from, clients);
      mask(value);
      maskUrlPassword(value, mask);
      setting.value = value;
    } catch (error) {
      failures.push({ name, reason: `${errorName(error)}: ${describeThrown(error).message}` });
    }
  }
  return failures;
}

/** Masks the password of a URL-shaped value in every form it could be printed (the kit's urlPasswordForms). */
export function maskUrlPassword(value: string, mask: (value: string) => void): void {
  for (const form of urlPasswordForms(value)) mask(form);
}
