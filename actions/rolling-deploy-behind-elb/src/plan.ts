import type { ContainerDefinition, Deployment, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError, type Log } from '@tandem/kit';
import {
  checkImage,
  chooseContainer,
  deploymentInProgress,
  diffTaskDefinitions,
  findRelease,
  preflightWarnings,
  readRunningRelease,
  registerable,
  renderTaskDefinition,
  targetGroupFacts,
  type Clients,
  type Clock,
  type ImageCheck,
  type RenderedTaskDefinition,
  type RunningRelease,
} from '@tandem/ecs';
import type { Inputs } from './inputs.js';

export interface Plan {
  running: RunningRelease;
  previousArn: string;
  /** The container the image (and migrate-command) goes to. */
  container: string;
  /** A new revision to register, or an existing one to deploy again. */
  rendered?: RenderedTaskDefinition;
  existing?: { taskDefinition: TaskDefinition; tags: Tag[]; release: string };
  release: string;
  imageChecks: ImageCheck[];
  warnings: string[];
  /** Another deployment the service is busy with. */
  busy?: Deployment;
  diff: string[];
}

export interface PlanDeps {
  clients: Clients;
  clock: Clock;
  log: Log;
  credentialsExpireAt(): Promise<number | undefined>;
}

function containerOf(definition: TaskDefinition | Record<string, unknown>, name: string): ContainerDefinition | undefined {
  return ((definition as TaskDefinition).containerDefinitions ?? []).find((container) => container.name === name);
}

/** Reads what runs, decides what to deploy and checks it can be deployed. Changes nothing. */
export async function makePlan(inputs: Inputs, deps: PlanDeps): Promise<Plan> {
  const { clients } = deps;
  const running = await readRunningRelease(clients, inputs.cluster, inputs.service);
  const previousArn = running.taskDefinition.taskDefinitionArn ?? '';
  const container = chooseContainer(running.taskDefinition, inputs.containerName, running.service).name ?? '';
  const before = registerable({ ...running.taskDefinition, tags: running.tags }).input;
  let rendered: RenderedTaskDefinition | undefined;
  let existing: Plan['existing'];
  let images: string[];
  if (inputs.rollbackTo) {
    const found = await findRelease(clients, running.taskDefinition, running.tags, inputs.rollbackTo);
    existing = { taskDefinition: found.taskDefinition, tags: found.tags, release: found.release };
    images = (found.taskDefinition.containerDefinitions ?? []).map((definition) => definition.image ?? '').filter(Boolean);
  } else {
    const wanted = new Map([...inputs.images].map(([name, image]) => [name || container, image]));
    rendered = renderTaskDefinition(running.taskDefinition, running.tags, wanted, { id: inputs.releaseId, commit: inputs.commit });
    images = [...wanted.values()];
    if (rendered.dropped.length > 0) deps.log.debug(`not registerable, dropped: ${rendered.dropped.join(', ')}`);
  }
  const after = rendered ? rendered.input : registerable({ ...existing?.taskDefinition, tags: existing?.tags }).input;
  const imageChecks = await Promise.all([...new Set(images)].map((image) => checkImage(clients, image)));
  const missing = imageChecks.filter((check) => !check.found);
  if (missing.length > 0) {
    const what = inputs.rollbackTo ? `cannot roll back to ${inputs.rollbackTo}: its image is gone` : 'the image to deploy does not exist';
    throw new ConfigurationError(`${what}: ${missing.map((check) => `${check.image}: ${check.detail}`).join('; ')}. Nothing was changed.`, inputs.rollbackTo ? 'rollback-to' : 'image');
  }
  const warnings = preflightWarnings({
    healthCheckGracePeriodSeconds: running.service.healthCheckGracePeriodSeconds ?? 0,
    targetGroups: await targetGroupFacts(clients, running.service),
    waitMs: inputs.waitTimeoutMs,
    credentialsExpireAt: await deps.credentialsExpireAt(),
    now: deps.clock.now(),
  });
  return {
    running,
    previousArn,
    container,
    rendered,
    existing,
    release: existing?.release ?? inputs.releaseId,
    imageChecks,
    warnings,
    busy: deploymentInProgress(running.service.deployments ?? []),
    diff: diffTaskDefinitions(before, after),
  };
}

export function busyMessage(plan: Plan, inputs: Inputs): string | undefined {
  const busy = plan.busy;
  if (!busy) return undefined;
  const since = busy.createdAt ? ` since ${busy.createdAt.toISOString()}` : '';
  return `service ${inputs.service} is busy with deployment ${busy.id} (${busy.status} ${busy.rolloutState ?? ''}, ${busy.taskDefinition})${since}: wait for it to finish, or set supersede: true to replace it`;
}

export function migrationContainer(plan: Plan): ContainerDefinition | undefined {
  return containerOf(plan.rendered?.input ?? plan.existing?.taskDefinition ?? {}, plan.container);
}
