import { DescribeContainerInstancesCommand, paginateListContainerInstances, type Attribute, type ContainerDefinition, type ContainerInstance, type Service, type TaskDefinition } from '@aws-sdk/client-ecs';
import { describeThrown, isAccessDenied } from '@tandem/kit';
import type { Clients } from './clients.js';
import { runsOn, runsThere, type Placement } from './platforms.js';

// Where a revision names no runtimePlatform and runs on EC2 (or ECS Anywhere), the container
// instances decide its tasks' platform: each has the agent's ecs.cpu-architecture and ecs.os-type
// attributes. ECS places a task on any ACTIVE instance its placement constraints allow, without
// looking at the image, so an amd64 image on a cluster of Graviton instances is only found out
// task by task, as each dies with `exec format error`.

/** DescribeContainerInstances takes at most 100 instances a call (ECS API Reference). */
export const DESCRIBE_CONTAINER_INSTANCES_LIMIT = 100;

/** What the comparison needs of an instance: the platform its agent reports, and its capacity provider. */
export interface PlacementInstance {
  arn: string;
  /** linux/amd64, linux/arm64; undefined when the agent reports no ecs.cpu-architecture. */
  platform?: string;
  capacityProvider?: string;
}

/** An instance's platform from its agent's attributes (ecs.cpu-architecture x86_64 or arm64, ecs.os-type). */
export function instancePlatform(attributes: readonly Attribute[]): string | undefined {
  const value = (name: string) => attributes.find((attribute) => attribute.name === name)?.value;
  const architecture = value('ecs.cpu-architecture');
  if (!architecture) return undefined;
  const os = value('ecs.os-type') === 'windows' ? 'windows' : 'linux';
  return `${os}/${architecture === 'x86_64' ? 'amd64' : architecture}`;
}

/** The memberOf expressions of a service and of its next revision, joined: ListContainerInstances' filter, or undefined. */
export function placementFilter(definition: Pick<TaskDefinition, 'placementConstraints'>, service: Pick<Service, 'placementConstraints'>): string | undefined {
  const expressions = [...(service.placementConstraints ?? []), ...(definition.placementConstraints ?? [])].flatMap((constraint) =>
    constraint.type === 'memberOf' && constraint.expression ? [constraint.expression] : [],
  );
  if (expressions.length <= 1) return expressions[0];
  return expressions.map((expression) => `(${expression})`).join(' and ');
}

/** The instances of a service's capacity providers (all of them when it runs by launch type). */
export function eligibleInstances(instances: readonly PlacementInstance[], service: Pick<Service, 'capacityProviderStrategy'>): PlacementInstance[] {
  const providers = new Set((service.capacityProviderStrategy ?? []).map((item) => item.capacityProvider ?? ''));
  return providers.size === 0 ? [...instances] : instances.filter((instance) => providers.has(instance.capacityProvider ?? ''));
}

/** Whether a placement's platform is up to its instances: EC2 or ECS Anywhere with no runtimePlatform. */
export function decidedByInstances(placement: Placement): boolean {
  return runsOn(placement.definition, placement.service) === undefined;
}

export interface InstanceVerdict {
  /** A container whose image runs on none of the instances: the deploy is refused. */
  problem?: string;
  /** Some instances run it and some do not: ECS may place tasks where they die. */
  warning?: string;
}

const ARCHITECTURES: Record<string, string> = { 'linux/amd64': 'x86_64', 'linux/arm64': 'arm64' };

function counted(count: number, what: string): string {
  return `${count} ${what}${count === 1 ? '' : 's'}`;
}

/** One container's image against the ACTIVE instances its tasks may be placed on. Pure. */
export function instanceVerdict(
  container: Pick<ContainerDefinition, 'name' | 'image'>,
  platforms: readonly string[],
  instances: readonly PlacementInstance[],
  family: string,
): InstanceVerdict {
  const known = instances.filter((instance): instance is PlacementInstance & { platform: string } => !!instance.platform);
  if (known.length === 0) return {};
  const misfits = known.filter((instance) => !runsThere(platforms, instance.platform));
  if (misfits.length === 0) return {};
  const built = platforms.length ? `${platforms.join(', ')} only` : 'no platform';
  const theirs = [...new Set(misfits.map((instance) => instance.platform))].join(', ');
  const image = `container ${container.name}'s image ${container.image} (built for ${built})`;
  if (misfits.length === known.length) {
    const wanted = theirs.split(', ')[0];
    const own = platforms.map((platform) => ARCHITECTURES[platform.split('/').slice(0, 2).join('/')]).find(Boolean);
    return {
      problem:
        `${image} cannot run on the ${counted(known.length, 'ACTIVE container instance')} where ECS may place ${family}'s tasks: they are ${theirs} (their ecs.cpu-architecture attribute). ` +
        `Build it for ${wanted} (build-push-django-image's platforms: ${wanted})` +
        (own ? `, or run the tasks on ${own} instances (the placement constraint memberOf "attribute:ecs.cpu-architecture == ${own}")` : ''),
    };
  }
  const fits = [...new Set(known.filter((instance) => !misfits.includes(instance)).map((instance) => ARCHITECTURES[instance.platform] ?? instance.platform))];
  return {
    warning:
      `ECS may place ${family}'s tasks on ${misfits.length} of the ${counted(known.length, 'ACTIVE container instance')} (${theirs}), where ${image} cannot run: ` +
      `add the placement constraint memberOf "attribute:ecs.cpu-architecture ${fits.length === 1 ? `== ${fits[0]}` : `in [${fits.join(', ')}]`}", or build the image for ${theirs} as well`,
  };
}

/** DescribeContainerInstances of `arns`, 100 a call. */
async function describeContainerInstances(clients: Clients, cluster: string, arns: readonly string[], signal?: AbortSignal): Promise<ContainerInstance[]> {
  const described: ContainerInstance[] = [];
  for (let start = 0; start < arns.length; start += DESCRIBE_CONTAINER_INSTANCES_LIMIT) {
    const batch = arns.slice(start, start + DESCRIBE_CONTAINER_INSTANCES_LIMIT);
    const got = await clients.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch }), { abortSignal: signal });
    described.push(...(got.containerInstances ?? []));
  }
  return described;
}

/** Adds to `known` the EC2 instance id of each container instance in `arns` it does not hold yet. */
export async function learnEc2Instances(clients: Clients, cluster: string, arns: readonly string[], known: Map<string, string>, signal?: AbortSignal): Promise<void> {
  const wanted = [...new Set(arns)].filter((arn) => arn && !known.has(arn));
  if (wanted.length === 0) return;
  for (const instance of await describeContainerInstances(clients, cluster, wanted, signal)) {
    if (instance.containerInstanceArn && instance.ec2InstanceId) known.set(instance.containerInstanceArn, instance.ec2InstanceId);
  }
}

/** What the log says of the instances a family's tasks may run on: how many, and their platforms, sorted (ECS lists them in no set order). */
export function instancesNote(family: string, cluster: string, filter: string | undefined, instances: readonly PlacementInstance[]): string {
  const where = filter ? ` that ${instances.length > 1 ? 'satisfy' : 'satisfies'} ${filter}` : '';
  if (instances.length === 0) return `${family}: no ACTIVE container instance of ${cluster}${where} to compare its images with`;
  const platforms = [...new Set(instances.map((instance) => instance.platform ?? 'no ecs.cpu-architecture'))].sort().join(', ');
  return `${family} runs on ${counted(instances.length, 'ACTIVE container instance')} of ${cluster}${where}: ${platforms}`;
}

/** The ACTIVE container instances of a cluster that satisfy `filter` (a cluster query), with their platforms. */
export async function readPlacementInstances(clients: Clients, cluster: string, filter: string | undefined, signal?: AbortSignal): Promise<PlacementInstance[]> {
  const arns: string[] = [];
  const input = { cluster, status: 'ACTIVE' as const, ...(filter ? { filter } : {}) };
  for await (const page of paginateListContainerInstances({ client: clients.ecs }, input, { abortSignal: signal })) arns.push(...(page.containerInstanceArns ?? []));
  const described = await describeContainerInstances(clients, cluster, arns, signal);
  return described.map((instance) => ({
    arn: instance.containerInstanceArn ?? '',
    platform: instancePlatform(instance.attributes ?? []),
    ...(instance.capacityProviderName ? { capacityProvider: instance.capacityProviderName } : {}),
  }));
}

const INSTANCE_GRANTS = 'ecs:ListContainerInstances and ecs:DescribeContainerInstances';

export interface InstancesCheck {
  problems: string[];
  warnings: string[];
  /** For the log: what was compared, or why not. */
  notes: string[];
}

/**
 * For each placement its instances decide, reads the instances its tasks may go to (once per
 * distinct filter) and compares them with the images' platforms. Reads only; an instance list
 * that cannot be read is a warning, as ECS still refuses what it cannot run.
 */
export async function checkInstances(clients: Clients, cluster: string, placements: readonly Placement[], builtFor: ReadonlyMap<string, readonly string[]>, signal?: AbortSignal): Promise<InstancesCheck> {
  const check: InstancesCheck = { problems: [], warnings: [], notes: [] };
  const wanted = placements.filter((placement) => decidedByInstances(placement) && (placement.definition.containerDefinitions ?? []).some((container) => builtFor.has(container.image ?? '')));
  const reads = new Map<string, Promise<PlacementInstance[]>>();
  for (const placement of wanted) {
    const filter = placementFilter(placement.definition, placement.service);
    const key = filter ?? '';
    if (!reads.has(key)) reads.set(key, readPlacementInstances(clients, cluster, filter, signal));
  }
  // Awaited below, each in turn; a failure before its turn must not be an unhandled rejection.
  for (const promise of reads.values()) promise.catch(() => undefined);
  for (const placement of wanted) {
    const family = placement.definition.family ?? 'the task definition';
    const filter = placementFilter(placement.definition, placement.service);
    let instances: PlacementInstance[];
    try {
      instances = eligibleInstances(await reads.get(filter ?? '')!, placement.service);
    } catch (error) {
      const why = isAccessDenied(error) ? `allow ${INSTANCE_GRANTS}` : describeThrown(error).message;
      check.warnings.push(`the container instances of ${cluster} were not read, so ${family}'s images were not compared with where its tasks run: ${why}`);
      continue;
    }
    check.notes.push(instancesNote(family, cluster, filter, instances));
    for (const container of placement.definition.containerDefinitions ?? []) {
      const platformsOfImage = builtFor.get(container.image ?? '');
      if (!platformsOfImage) continue;
      const verdict = instanceVerdict(container, platformsOfImage, instances, family);
      if (verdict.problem) check.problems.push(verdict.problem);
      if (verdict.warning) check.warnings.push(verdict.warning);
    }
  }
  return { problems: [...new Set(check.problems)], warnings: [...new Set(check.warnings)], notes: check.notes };
}
