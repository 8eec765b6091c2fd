import type { ContainerDefinition, Deployment, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { RESTORE_WAIT_MS, RESTORE_WITHIN } from '@tandem/image';
import { ConfigurationError } from '@tandem/kit';
import {
  chooseContainer,
  deploymentInProgress,
  diffFromFile,
  droppedLogging,
  diffTaskDefinitions,
  fileContainer,
  healthChecked,
  pairFilesWithServices,
  platformProblems,
  preflightWarnings,
  registerable,
  renderFromFile,
  renderTaskDefinition,
  type ImageCheck,
  type Placement,
  type ReleaseFacts,
  type RenderedTaskDefinition,
  type RunningRelease,
  type ServiceFacts,
  type TaskDefinitionFile,
} from '@tandem/ecs';
import type { Inputs } from './inputs.js';

/** What the deploy does to one service of the release. */
export interface ServicePlan {
  name: string;
  running: RunningRelease;
  previousArn: string;
  /** The container the image (and, in the first service, migrate-command) goes to. */
  container: string;
  /** A new revision to register, or an existing one to deploy again. */
  rendered?: RenderedTaskDefinition;
  existing?: { taskDefinition: TaskDefinition; tags: Tag[]; release: string };
  /** Another deployment the service is busy with. */
  busy?: Deployment;
  diff: string[];
  /** Keys of the running revision RegisterTaskDefinition would reject, dropped from the new one. */
  dropped: string[];
  /** The revision's essential containers have a health check: its tasks must report HEALTHY. */
  healthChecked: boolean;
  /** The task-definition file this service's revision is rendered from, when one is. */
  fromFile?: string;
}

export interface Plan {
  /** In the order of the inputs: the first runs the migration. */
  services: ServicePlan[];
  release: string;
  imageChecks: ImageCheck[];
  warnings: string[];
  /** Each service's next revision and the service, for the platform checks. */
  placements: Placement[];
  /** The platforms of each image whose platforms ECR told. */
  builtFor: ReadonlyMap<string, readonly string[]>;
}

function containerOf(definition: TaskDefinition | Record<string, unknown>, name: string): ContainerDefinition | undefined {
  return ((definition as TaskDefinition).containerDefinitions ?? []).find((container) => container.name === name);
}

function containerNames(facts: ServiceFacts): string[] {
  return (facts.running.taskDefinition.containerDefinitions ?? []).map((container) => container.name ?? '');
}

/**
 * The images one service gets. With one service every named container must exist; with several,
 * each service takes the containers it has (and `image` goes to its own chosen container).
 */
function imagesFor(inputs: Inputs, facts: ServiceFacts, container: string): Map<string, string> {
  const several = inputs.services.length > 1;
  const names = containerNames(facts);
  const wanted = new Map<string, string>();
  for (const [name, image] of inputs.images) {
    if (!name || (several && name === inputs.containerName)) wanted.set(container, image);
    else if (!several || names.includes(name)) wanted.set(name, image);
  }
  return wanted;
}

function chooseFor(inputs: Inputs, facts: ServiceFacts): string {
  const several = inputs.services.length > 1;
  // With several services, container-name names the container in those that have it.
  const requested = several && !containerNames(facts).includes(inputs.containerName) ? '' : inputs.containerName;
  return chooseContainer(facts.running.taskDefinition, requested, facts.running.service).name ?? '';
}

function planService(inputs: Inputs, facts: ServiceFacts, file: TaskDefinitionFile | undefined): ServicePlan {
  const { running } = facts;
  const container = file ? fileContainer(file, running.service, inputs.containerName) : chooseFor(inputs, facts);
  const before = registerable({ ...running.taskDefinition, tags: running.tags }).input;
  const found = facts.found;
  const release = { id: inputs.releaseId, commit: inputs.commit, ...(inputs.promotedFrom ? { promotedFrom: inputs.promotedFrom } : {}) };
  const images = imagesFor(inputs, facts, container);
  const rendered = found
    ? undefined
    : file
      ? renderFromFile(file, running.taskDefinition.family ?? '', images, release)
      : renderTaskDefinition(running.taskDefinition, running.tags, images, release);
  const existing = found ? { taskDefinition: found.taskDefinition, tags: found.tags, release: found.release } : undefined;
  const after = rendered ? rendered.input : registerable({ ...existing?.taskDefinition, tags: existing?.tags }).input;
  return {
    name: facts.name,
    running,
    previousArn: running.taskDefinition.taskDefinitionArn ?? '',
    container,
    rendered,
    existing,
    fromFile: file?.path,
    busy: deploymentInProgress(running.service.deployments ?? []),
    diff: file ? diffFromFile(before, after) : diffTaskDefinitions(before, after),
    dropped: rendered?.dropped ?? [],
    healthChecked: healthChecked(rendered?.input ?? existing?.taskDefinition),
  };
}

/** A file's containers that drop the logging of the revision they replace (droppedLogging). */
function loggingWarnings(services: ServicePlan[]): string[] {
  return services.flatMap((one) => (one.fromFile && one.rendered ? droppedLogging(one.fromFile, one.running.taskDefinition, one.rendered.input) : []));
}

/**
 * Decides what to deploy to every service from what was read: the decide step, pure. Refuses
 * (before any write) a container-images entry no service has and an image that is gone.
 */
export function makePlan(inputs: Inputs, facts: ReleaseFacts): Plan {
  if (inputs.services.length > 1 && !inputs.rollbackTo) {
    for (const name of inputs.images.keys()) {
      if (name && !facts.services.some((one) => containerNames(one).includes(name))) {
        throw new ConfigurationError(`no service of the release has a container '${name}' (${facts.services.map((one) => `${one.name}: ${containerNames(one).join(', ')}`).join('; ')})`, inputs.containerName === name ? 'container-name' : 'container-images');
      }
    }
  }
  // Each file goes to the service whose family it names; one naming no service is refused.
  const files = inputs.rollbackTo
    ? new Map<string, TaskDefinitionFile>()
    : pairFilesWithServices(
        inputs.taskDefinitions.map((file) => ({ ...file, family: file.definition.family })),
        facts.services.map((one) => ({ name: one.name, family: one.running.taskDefinition.family ?? '' })),
      );
  const services = facts.services.map((one) => planService(inputs, one, files.get(one.name)));
  const missing = facts.imageChecks.filter((check) => !check.found);
  if (missing.length > 0) {
    const what = inputs.rollbackTo ? `cannot roll back to ${inputs.rollbackTo}: its image is gone` : 'the image to deploy does not exist';
    throw new ConfigurationError(`${what}: ${missing.map((check) => `${check.image}: ${check.detail}`).join('; ')}. Nothing was changed.`, inputs.rollbackTo ? 'rollback-to' : 'image');
  }
  const builtFor = new Map(facts.imageChecks.flatMap((check) => (check.platforms ? [[check.image, check.platforms] as const] : [])));
  const placements: Placement[] = services.map((one, index) => ({ definition: (one.rendered?.input ?? one.existing?.taskDefinition ?? {}) as TaskDefinition, service: facts.services[index].running.service }));
  const wrongPlatform = platformProblems(placements, builtFor);
  if (wrongPlatform.length > 0) throw imageRefusal(inputs, wrongPlatform);
  const unread = facts.imageChecks.flatMap((check) => (check.platformsUnread ? [`the platforms of ${check.image} were not read, so not compared with where its tasks run: ${check.platformsUnread}`] : []));
  const several = services.length > 1;
  const serviceWarnings = facts.services.flatMap((one) =>
    preflightWarnings({ healthCheckGracePeriodSeconds: one.running.service.healthCheckGracePeriodSeconds ?? 0, targetGroups: one.targetGroups, waitMs: 0, now: facts.now }).map((warning) => (several ? `service ${one.name}: ${warning}` : warning)),
  );
  const restoreMs = facts.imageChecks.some((check) => check.archived) ? RESTORE_WAIT_MS : undefined;
  const sessionWarnings = preflightWarnings({ healthCheckGracePeriodSeconds: 0, targetGroups: [], waitMs: inputs.waitTimeoutMs, restoreMs, credentialsExpireAt: facts.credentialsExpireAt, now: facts.now });
  return {
    services,
    release: services[0].existing?.release ?? inputs.releaseId,
    imageChecks: facts.imageChecks,
    warnings: [...serviceWarnings, ...loggingWarnings(services), ...sessionWarnings, ...unread],
    placements,
    builtFor,
  };
}

/** The refusal of images that cannot run (where their tasks go, or at all), naming the input that gave them. */
export function imageRefusal(inputs: Inputs, problems: readonly string[]): ConfigurationError {
  const what = inputs.rollbackTo ? `cannot roll back to ${inputs.rollbackTo}: ` : '';
  return new ConfigurationError(`${what}${problems.join('; ')}. Nothing was changed.`, inputs.rollbackTo ? 'rollback-to' : imageInput(inputs));
}

/** The input that named the image: `image`, unless only container-images did. */
function imageInput(inputs: Inputs): string {
  return inputs.images.has(inputs.containerName) ? 'image' : 'container-images';
}

export function busyMessage(plan: Plan, inputs: Inputs): string | undefined {
  const one = plan.services.find((candidate) => candidate.busy);
  const busy = one?.busy;
  if (!one || !busy) return undefined;
  const since = busy.createdAt ? ` since ${busy.createdAt.toISOString()}` : '';
  const hint = inputs.services.length > 1 ? 'wait for it to finish, or set supersede: true to replace it (in every service of the release)' : 'wait for it to finish, or set supersede: true to replace it';
  return `service ${one.name} is busy with deployment ${busy.id} (${busy.status} ${busy.rolloutState ?? ''}, ${busy.taskDefinition})${since}: ${hint}`;
}

/** The container the migration runs in: the first service's, in its new revision. */
export function migrationContainer(service: ServicePlan): ContainerDefinition | undefined {
  return containerOf(service.rendered?.input ?? service.existing?.taskDefinition ?? {}, service.container);
}

/** What a deploy now would do, step by step, for a dry run. */
export function dryRunSteps(inputs: Inputs, plan: Plan, busy: string | undefined): string[] {
  const [first] = plan.services;
  const several = plan.services.length > 1;
  const targets = plan.services.map((one) => {
    const what = one.existing ? `deploy ${one.existing.taskDefinition.taskDefinitionArn} again (release ${plan.release})` : `register the next revision of ${one.rendered?.input.family} for release ${plan.release}`;
    return several ? `${one.name}: ${what}` : what;
  });
  const migration = `run '${inputs.migrateCommand}' once in container ${first.container}${several ? ` of ${first.name}'s new revision` : ''}, with the service's network configuration`;
  const update = several ? `update services ${plan.services.map((one) => one.name).join(', ')} in ${inputs.cluster} at once` : `update service ${inputs.service} in ${inputs.cluster}`;
  const back = several ? `return every service that moved to what it ran (${plan.services.map((one) => one.previousArn.split('/').pop()).join(', ')})` : `return to ${first.previousArn}`;
  const restores = plan.imageChecks.flatMap((check) => (check.archived ? [`restore ${check.image} from ECR's archive (${check.archived.status === 'ARCHIVED' ? `ECR takes up to ${RESTORE_WITHIN}` : 'already under way'}), then read its platforms`] : []));
  return [
    ...restores,
    ...targets,
    inputs.migrateCommand ? migration : 'no migration',
    `${update}; wait up to ${inputs.waitTimeout}, polling every ${inputs.pollMs} ms`,
    ...(inputs.smoke ? [`smoke check: ${inputs.smoke.successes} answers of status ${inputs.smoke.status} in a row from ${inputs.smoke.url} within ${inputs.smoke.timeoutMs} ms`] : []),
    `on failure: ${inputs.onFailure === 'rollback' ? back : 'stop, leave the service as ECS left it'}`,
    ...(busy ? [`${inputs.supersede ? 'would supersede' : 'would refuse'}: ${busy}`] : []),
  ];
}
