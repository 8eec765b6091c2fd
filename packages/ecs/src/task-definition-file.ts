import { readFileSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ContainerDefinition, Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { carriesSecret, ConfigurationError, mask } from '@tandem/kit';
import { chooseContainer } from './container.js';
import { OURS, releaseTags, type Release, type RenderedTaskDefinition } from './render.js';
import { checkShape, readOnlyKeys, REGISTER_TASK_DEFINITION } from './shape.js';
import { diffTaskDefinitions } from './diff.js';

const INPUT = 'task-definition';
/** How many problems one error lists: enough to fix a file in one go, short enough to read. */
const SHOWN_PROBLEMS = 10;

export type TaskDefinitionRequest = Record<string, unknown> & { family: string; containerDefinitions: ContainerDefinition[] };

/** A task-definition file from the repository, checked against RegisterTaskDefinition's shape. */
export interface TaskDefinitionFile {
  /** As the input named it. */
  path: string;
  definition: TaskDefinitionRequest;
  /** Read-only keys of a describe-task-definition answer that were in the file, dropped. */
  dropped: string[];
}

function parse(path: string, text: string): unknown {
  const extension = extname(path).toLowerCase();
  try {
    if (extension === '.json') return JSON.parse(text) as unknown;
    if (extension === '.yaml' || extension === '.yml') return parseYaml(text) as unknown;
  } catch (error) {
    throw new ConfigurationError(`${path} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message : String(error)}`, INPUT);
  }
  throw new ConfigurationError(`${path}: name a .json, .yaml or .yml file`, INPUT);
}

/**
 * Parses and checks a task-definition file: the shape of RegisterTaskDefinition's request, every
 * key known to the SDK at its depth, container names present and distinct. Read-only keys of a
 * describe-task-definition answer are dropped (and listed); anything else wrong is refused, all
 * problems at once, each with its key path. Pure: the text in, the request out.
 */
export function parseTaskDefinitionFile(path: string, text: string): TaskDefinitionFile {
  const parsed = parse(path, text);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'taskDefinition' in parsed) {
    throw new ConfigurationError(
      `${path} holds a whole DescribeTaskDefinition answer: keep only what is under taskDefinition (and put its tags in taskDefinition's tags)`,
      INPUT,
    );
  }
  const readOnly = new Set(readOnlyKeys());
  const dropped: string[] = [];
  let definition = parsed;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    dropped.push(...Object.keys(parsed).filter((key) => readOnly.has(key)));
    definition = Object.fromEntries(Object.entries(parsed).filter(([key]) => !readOnly.has(key)));
  }
  const problems = checkShape(definition, REGISTER_TASK_DEFINITION);
  const containers = ((definition as { containerDefinitions?: unknown }).containerDefinitions ?? []) as ContainerDefinition[];
  const seen = new Set<string>();
  containers.forEach((container, index) => {
    if (!container || typeof container !== 'object') return;
    if (!container.name) problems.push({ path: `containerDefinitions[${index}].name`, problem: 'is required: the image inputs fill containers in by name' });
    else if (seen.has(container.name)) problems.push({ path: `containerDefinitions[${index}].name`, problem: `'${container.name}' names two containers` });
    seen.add(container.name ?? '');
  });
  if (Array.isArray(containers) && containers.length === 0 && !problems.some((p) => p.path === 'containerDefinitions')) {
    problems.push({ path: 'containerDefinitions', problem: 'lists no container' });
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, SHOWN_PROBLEMS).map((p) => `${p.path}: ${p.problem}`);
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
    throw new ConfigurationError(`${path} is not a task definition RegisterTaskDefinition accepts: ${listed.join('; ')}${more}`, INPUT);
  }
  return { path, definition: definition as TaskDefinitionRequest, dropped };
}

/**
 * Reads the file the input names, relative to the workspace (the repository's checkout), and
 * registers with the runner's mask every environment value that carries a secret, before
 * anything could print one.
 */
export function readTaskDefinitionFile(path: string, workspace: string): TaskDefinitionFile {
  const full = resolvePath(workspace, path);
  if (isAbsolute(path) || relative(workspace, full).startsWith('..')) {
    throw new ConfigurationError(`'${path}' is outside the workspace: name a file in the repository, relative to its root`, INPUT);
  }
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigurationError(`cannot read ${path}${code === 'ENOENT' ? ': no such file in the workspace (is the repository checked out?)' : `: ${String(error)}`}`, INPUT);
  }
  const file = parseTaskDefinitionFile(path, text);
  for (const container of file.definition.containerDefinitions) {
    for (const variable of container.environment ?? []) if (carriesSecret(variable.name ?? '', variable.value ?? '')) mask(variable.value);
  }
  return file;
}

/**
 * The container `image` goes to: the one named, else chosen as for a running revision (load
 * balancer, else the only essential one). Refuses a file without the container the service's load
 * balancer sends to, or whose container does not map that port.
 */
export function fileContainer(file: TaskDefinitionFile, service: Pick<Service, 'loadBalancers'>, requested: string): string {
  const names = file.definition.containerDefinitions.map((container) => container.name ?? '');
  if (requested && !names.includes(requested)) {
    throw new ConfigurationError(`${file.path} has no container '${requested}' (it has ${names.join(', ')})`, 'container-name');
  }
  // The container the load balancer sends traffic to must be in the file: a revision without it
  // would leave the target group with nothing to reach.
  const balanced = (service.loadBalancers ?? []).map((balancer) => balancer.containerName ?? '').find((name) => name && !names.includes(name));
  if (balanced) {
    throw new ConfigurationError(`${file.path} has no container '${balanced}', the one the service's load balancer sends traffic to (it has ${names.join(', ')})`, INPUT);
  }
  // It must map the port the load balancer sends to, or ECS refuses the update ("The container
  // django did not have a container port 8000 defined"), after the revision was registered.
  for (const balancer of service.loadBalancers ?? []) {
    if (!balancer.containerName || balancer.containerPort === undefined) continue;
    const container = file.definition.containerDefinitions.find((one) => one.name === balancer.containerName);
    const ports = (container?.portMappings ?? []).map((mapping) => mapping.containerPort).filter((port): port is number => port !== undefined);
    if (ports.includes(balancer.containerPort)) continue;
    const group = balancer.targetGroupArn?.split('/')[1];
    throw new ConfigurationError(
      `${file.path}: container '${balancer.containerName}' maps ${ports.length ? `port ${ports.join(', ')}` : 'no port'}, but the service's load balancer sends traffic to its port ${balancer.containerPort}${group ? ` (target group ${group})` : ''}, and ECS refuses a revision without it. ` +
        `Map containerPort ${balancer.containerPort} in the file, or change the service's load balancer first`,
      INPUT,
    );
  }
  return chooseContainer(file.definition as TaskDefinition, requested, service).name ?? '';
}

/**
 * A warning for each container the file gives no logConfiguration where the revision that serves
 * has one: its new tasks' output would go nowhere, and the wait could not show the last lines of a
 * container that crashes at start. A file may mean it, so it is not refused.
 */
export function droppedLogging(path: string, serving: TaskDefinition, fromFile: { containerDefinitions?: ContainerDefinition[] }): string[] {
  return (fromFile.containerDefinitions ?? []).flatMap((container) => {
    const before = serving.containerDefinitions?.find((one) => one.name === container.name)?.logConfiguration;
    if (!before || container.logConfiguration) return [];
    const where = before.options?.['awslogs-group'] ? `${before.logDriver} (${before.options['awslogs-group']})` : before.logDriver;
    return [
      `${path}: container '${container.name}' has no logConfiguration, where the revision that serves sends its output to ${where}: the new tasks' output would go nowhere, ` +
        "and a container that crashes at start could not show its last lines here. Copy the container's logConfiguration into the file",
    ];
  });
}

/**
 * The revision to register from the file: each named container's image filled in, the release
 * tags set over the file's own. Every container needs an image, from the file or an input; the
 * family must be the one the service runs, where rollback-to looks for releases.
 */
export function renderFromFile(file: TaskDefinitionFile, runningFamily: string, images: ReadonlyMap<string, string>, release: Release): RenderedTaskDefinition {
  const { definition } = file;
  if (definition.family !== runningFamily) {
    throw new ConfigurationError(
      `family '${definition.family}' in ${file.path} is not the family the service runs ('${runningFamily}'): releases and rollback-to are kept in one family; write family: ${runningFamily}`,
      INPUT,
    );
  }
  const names = definition.containerDefinitions.map((container) => container.name ?? '');
  for (const name of images.keys()) {
    if (!names.includes(name)) throw new ConfigurationError(`${file.path} has no container '${name}' (it has ${names.join(', ')})`, 'container-images');
  }
  const containerDefinitions = definition.containerDefinitions.map((container, index) => {
    const image = images.get(container.name ?? '') ?? container.image;
    if (!image) {
      throw new ConfigurationError(`containerDefinitions[${index}].image: container '${container.name}' in ${file.path} has no image: set it in the file, or name the container in container-images`, INPUT);
    }
    return { ...container, image };
  });
  const tags: Tag[] = [...((definition.tags as Tag[] | undefined) ?? []).filter((tag) => !OURS.has(tag.key ?? '')), ...releaseTags(release)];
  return { input: { ...definition, containerDefinitions, tags }, dropped: file.dropped };
}

/**
 * What ECS fills in when a key is absent: an empty list or object, a container's cpu 0. A described
 * revision holds them and a file usually does not; they are no change.
 */
function withoutEcsDefaults(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => withoutEcsDefaults(item));
  if (!value || typeof value !== 'object') return key === 'cpu' && value === 0 ? undefined : value;
  const kept = Object.entries(value).map(([name, item]) => [name, withoutEcsDefaults(item, name)] as const).filter(([, item]) => item !== undefined);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/** The diff from the revision that serves to the one made from a file, without ECS's defaults. */
export function diffFromFile(serving: Record<string, unknown>, fromFile: Record<string, unknown>): string[] {
  const strip = (definition: Record<string, unknown>) => {
    const containerDefinitions = ((definition.containerDefinitions ?? []) as unknown[]).map((container) => withoutEcsDefaults(container, 'container') ?? {});
    return { ...(withoutEcsDefaults({ ...definition, containerDefinitions: undefined }) as Record<string, unknown>), containerDefinitions };
  };
  return diffTaskDefinitions(strip(serving), strip(fromFile));
}
