import { DescribeTasksCommand, paginateListTasks, type ContainerDefinition, type ServiceEvent, type Task, type LoadBalancer } from '@aws-sdk/client-ecs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTargetHealthCommand, type TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import pLimit from 'p-limit';
import { describeThrown, isNamed, type Log } from '@tandem/kit';
import type { Clients } from './clients.js';
import { targetGroupName, type TargetGroupHealth } from './assess.js';

/** Logs service events not seen before, oldest first (ECS lists the newest first), and returns them. */
export function logNewEvents(events: ServiceEvent[] | undefined, seen: Set<string>, log: Log): ServiceEvent[] {
  const fresh = (events ?? []).filter((event) => event.id && !seen.has(event.id)).reverse();
  for (const event of fresh) {
    seen.add(event.id ?? '');
    log.info(`event: ${event.message}`);
  }
  return fresh;
}

/** Why a task stopped, with each container's exit code and reason: one line. */
export function stoppedTaskLine(task: Task): string {
  const id = task.taskArn?.split('/').pop();
  const containers = (task.containers ?? [])
    .filter((container) => container.exitCode !== undefined || container.reason)
    .map((container) => `${container.name}${container.exitCode !== undefined ? ` exit ${container.exitCode}` : ''}${container.reason ? `: ${container.reason}` : ''}`);
  const code = task.stopCode ? ` [${task.stopCode}]` : '';
  return `task ${id} stopped${code}: ${task.stoppedReason ?? 'no reason given'}${containers.length ? ` (${containers.join('; ')})` : ''}`;
}

/**
 * A container's last `limit` log lines in a task, from its awslogs configuration (the stream is
 * PREFIX/CONTAINER/TASK-ID); a line in parentheses says why there are none. Reading them is
 * allowed to fail: a warning names `what` and the stream.
 */
export async function containerLogs(clients: Clients, container: ContainerDefinition, taskArn: string, log: Log, read: { limit: number; what: string }): Promise<string[]> {
  const options = container.logConfiguration?.logDriver === 'awslogs' ? container.logConfiguration.options ?? {} : undefined;
  const group = options?.['awslogs-group'];
  const prefix = options?.['awslogs-stream-prefix'];
  if (!group || !prefix) return [`(no logs: container ${container.name} does not use the awslogs driver with a stream prefix)`];
  const stream = `${prefix}/${container.name}/${taskArn.split('/').pop()}`;
  try {
    const answer = await clients.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: read.limit, startFromHead: false }));
    const lines = (answer.events ?? []).map((event) => event.message ?? '');
    return lines.length ? lines : [`(log stream ${group}/${stream} is empty)`];
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) return [`(no log stream ${group}/${stream})`];
    log.warning(`could not read ${read.what} from ${group}/${stream}: ${describeThrown(error).message}`);
    return [];
  }
}

export interface DeploymentTasks {
  running: Task[];
  /** Stopped tasks not reported before. */
  newlyStopped: Task[];
}

/** DescribeTasks takes at most 100 tasks a call (ECS API reference). */
export const DESCRIBE_TASKS_LIMIT = 100;

/** ListTasks returns at most 100 ARNs a page (maxResults 1-100, ECS API reference): asked for in full, the fewest pages. */
export const LIST_TASKS_PAGE = 100;

/**
 * Every task ARN ListTasks names, page by page, each once (a task that moves while the pages are
 * read may be named twice). `onPage` gets each page's new ARNs as it arrives, so that they can be
 * described while the next page is read.
 */
export async function listTaskArns(clients: Clients, input: { cluster: string; startedBy?: string; desiredStatus: 'RUNNING' | 'STOPPED' }, onPage?: (arns: string[]) => void): Promise<string[]> {
  const arns = new Set<string>();
  for await (const page of paginateListTasks({ client: clients.ecs, pageSize: LIST_TASKS_PAGE }, input)) {
    const fresh = (page.taskArns ?? []).filter((arn) => !arns.has(arn));
    fresh.forEach((arn) => arns.add(arn));
    onPage?.(fresh);
  }
  return [...arns];
}

/** How many DescribeTasks calls of one look go out at once: 100 tasks each, well within ECS's describe rate. */
const DESCRIBE_TASKS_AT_ONCE = 5;

/** The tasks, 100 a call, the calls of a look a few at once (a 150-task service waits for one call, not two in a row), in the order asked. */
export async function describeTasks(clients: Clients, cluster: string, arns: string[], limit = pLimit(DESCRIBE_TASKS_AT_ONCE)): Promise<Task[]> {
  const batches: string[][] = [];
  for (let at = 0; at < arns.length; at += DESCRIBE_TASKS_LIMIT) batches.push(arns.slice(at, at + DESCRIBE_TASKS_LIMIT));
  const answers = await Promise.all(batches.map((tasks) => limit(() => clients.ecs.send(new DescribeTasksCommand({ cluster, tasks })))));
  return answers.flatMap((answer) => answer.tasks ?? []);
}

/** What a poll asks of one deployment's tasks. */
export interface TaskQuery {
  deploymentId: string;
  /** Its running tasks are needed (for target health or container health). */
  needRunning: boolean;
  /** Its running tasks not yet HEALTHY are described again each poll: health checks change healthStatus. */
  followHealth?: boolean;
}

/**
 * The tasks of the deployments a watch follows: ECS starts a service's tasks with startedBy set
 * to the deployment id. One deployment is listed by its startedBy; several by the cluster's
 * lists, once per poll whatever their number, and told apart by startedBy, so that the calls of
 * a poll grow with pages only. Each task is described once (its address does not change), a
 * stopped one of ours once more for why it stopped, a running one again while its health check
 * has not passed. A task already described as another deployment's (startedBy does not change)
 * is not described again when it stops: the cluster's lists name every old task a rollout stops.
 */
export class TaskTracker {
  private readonly known = new Map<string, Task>();
  private readonly stoppedSeen = new Set<string>();
  /** Tasks described as another deployment's: startedBy does not change, so they are not described again. */
  private readonly theirs = new Set<string>();

  constructor(
    private readonly clients: Clients,
    private readonly cluster: string,
  ) {}

  async poll(deploymentId: string, needRunning: boolean, followHealth = false): Promise<DeploymentTasks> {
    return (await this.pollAll([{ deploymentId, needRunning, followHealth }])).get(deploymentId)!;
  }

  async pollAll(queries: TaskQuery[]): Promise<Map<string, DeploymentTasks>> {
    const single = queries.length === 1;
    const filter = single ? { startedBy: queries[0].deploymentId } : {};
    const watched = new Set(queries.map((query) => query.deploymentId));
    const following = new Set(queries.filter((query) => query.followHealth).map((query) => query.deploymentId));
    const stale = (task: Task | undefined) => !task || (following.has(task.startedBy ?? '') && task.healthStatus !== 'HEALTHY');
    // Listed by startedBy, every task is ours; in the cluster's lists, a task known to be another
    // deployment's is not described, running or stopped.
    const theirs = (arn: string) => !single && this.theirs.has(arn);
    const limit = pLimit(DESCRIBE_TASKS_AT_ONCE);
    const asked = new Set<string>();
    const describing: Array<Promise<Task[]>> = [];
    // Each page's tasks are described while the next page is read, each task once a poll.
    const describe = (arns: string[]) => {
      const fresh = arns.filter((arn) => !asked.has(arn) && !theirs(arn));
      fresh.forEach((arn) => asked.add(arn));
      if (fresh.length === 0) return;
      const described = describeTasks(this.clients, this.cluster, fresh, limit);
      // Awaited once the lists are read; a refusal before then must fail this poll, not end the
      // process as an unhandled rejection (no error, no report, no recovery).
      described.catch(() => undefined);
      describing.push(described);
    };
    const list = (desiredStatus: 'RUNNING' | 'STOPPED', toDescribe: (arns: string[]) => string[]) =>
      listTaskArns(this.clients, { cluster: this.cluster, desiredStatus, ...filter }, (arns) => describe(toDescribe(arns)));
    const needRunning = queries.some((query) => query.needRunning);
    const [runningArns, stoppedArns] = await Promise.all([
      needRunning ? list('RUNNING', (arns) => arns.filter((arn) => stale(this.known.get(arn)))) : Promise.resolve([]),
      list('STOPPED', (arns) => arns.filter((arn) => !this.stoppedSeen.has(arn))),
    ]);
    for (const task of (await Promise.all(describing)).flat()) {
      if (!task.taskArn) continue;
      this.known.set(task.taskArn, task);
      if (!single && !watched.has(task.startedBy ?? '')) this.theirs.add(task.taskArn);
    }
    const freshStopped = stoppedArns.filter((arn) => !this.stoppedSeen.has(arn));
    // Another deployment's stopped task is not looked at again.
    freshStopped.filter(theirs).forEach((arn) => this.stoppedSeen.add(arn));
    const stopped = freshStopped.map((arn) => this.known.get(arn)).filter((task): task is Task => !!task && !theirs(task.taskArn ?? '') && task.lastStatus === 'STOPPED');
    for (const task of stopped) this.stoppedSeen.add(task.taskArn ?? '');
    const running = runningArns.filter((arn) => !theirs(arn)).map((arn) => this.known.get(arn)).filter((task): task is Task => !!task);
    const ours = (task: Task, id: string) => single || task.startedBy === id;
    return new Map(
      queries.map((query) => [
        query.deploymentId,
        { running: query.needRunning ? running.filter((task) => ours(task, query.deploymentId)) : [], newlyStopped: stopped.filter((task) => ours(task, query.deploymentId)) },
      ]),
    );
  }
}

/** Addresses a load balancer knows a task by: its ENI's IP (awsvpc) and each host port (bridge/host). */
export function taskAddresses(task: Task): { ips: string[]; hostPorts: number[] } {
  const ips = (task.attachments ?? []).flatMap((attachment) => (attachment.details ?? []).filter((detail) => detail.name === 'privateIPv4Address').map((detail) => detail.value ?? ''));
  const hostPorts = (task.containers ?? []).flatMap((container) => (container.networkBindings ?? []).map((binding) => binding.hostPort ?? 0));
  return { ips: ips.filter(Boolean), hostPorts: hostPorts.filter(Boolean) };
}

const DJANGO_HOST_HINT =
  'Django answers 400 when ALLOWED_HOSTS rejects the Host header, and the ALB health check sends the task IP as Host: allow it (or answer the health path before the host check)';

/** The target groups a service's load balancers name, each once. */
export function targetGroupsOf(loadBalancers: LoadBalancer[] | undefined): string[] {
  return [...new Set((loadBalancers ?? []).map((balancer) => balancer.targetGroupArn).filter((arn): arn is string => !!arn))];
}

/** Every target of each group, by group ARN: DescribeTargetHealth has no paging, one answer lists them all. */
export async function describeTargetHealth(clients: Clients, groups: string[]): Promise<Map<string, TargetHealthDescription[]>> {
  const answers = await Promise.all(groups.map(async (arn) => [arn, (await clients.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? []] as const));
  return new Map(answers);
}

/**
 * Healthy targets of the given tasks in every target group of the service, logging each
 * target's state once per change.
 */
export async function targetHealthOf(clients: Clients, loadBalancers: LoadBalancer[] | undefined, tasks: Task[], reported: Map<string, string>, log: Log): Promise<TargetGroupHealth[]> {
  return judgeTargetHealth(await describeTargetHealth(clients, targetGroupsOf(loadBalancers)), loadBalancers, tasks, reported, log);
}

/**
 * targetHealthOf's judgement of answers already read: the tasks' targets, counted and logged. An
 * awsvpc task's target is its IP; a bridge or host task's is its EC2 instance and host port, so
 * `instances` (container instance ARN to EC2 instance id) tells it from another task's target of
 * the same port on another instance, as every target has with a fixed hostPort or host networking.
 * A task whose instance is not known is matched by its host port alone.
 */
export function judgeTargetHealth(
  answers: Map<string, TargetHealthDescription[]>,
  loadBalancers: LoadBalancer[] | undefined,
  tasks: Task[],
  reported: Map<string, string>,
  log: Log,
  instances: ReadonlyMap<string, string> = new Map(),
): TargetGroupHealth[] {
  const ips = new Set(tasks.flatMap((task) => taskAddresses(task).ips));
  const onInstances = new Set<string>();
  const anywhere = new Set<number>();
  for (const task of tasks) {
    const instance = instances.get(task.containerInstanceArn ?? '');
    for (const port of taskAddresses(task).hostPorts) {
      if (instance) onInstances.add(`${instance}:${port}`);
      else anywhere.add(port);
    }
  }
  const health: TargetGroupHealth[] = [];
  for (const targetGroupArn of targetGroupsOf(loadBalancers)) {
    let healthy = 0;
    for (const description of answers.get(targetGroupArn) ?? []) {
      const id = description.Target?.Id ?? '';
      const port = description.Target?.Port ?? -1;
      const ours = ips.has(id) || (!/^\d+\.\d+\.\d+\.\d+$/.test(id) && (onInstances.has(`${id}:${port}`) || anywhere.has(port)));
      if (!ours) continue;
      const state = description.TargetHealth?.State ?? 'unknown';
      if (state === 'healthy') healthy += 1;
      const reason = description.TargetHealth?.Reason ? ` (${description.TargetHealth.Reason}: ${description.TargetHealth.Description ?? ''})` : '';
      const key = `${targetGroupArn}|${id}:${description.Target?.Port}`;
      const line = `${state}${reason}`;
      if (reported.get(key) !== line) {
        reported.set(key, line);
        const hint = /\[400\]/.test(description.TargetHealth?.Description ?? '') ? ` ${DJANGO_HOST_HINT}` : '';
        log.info(`target ${id}:${description.Target?.Port} in ${targetGroupName(targetGroupArn)}: ${line}${hint}`);
      }
    }
    health.push({ targetGroupArn, healthy });
  }
  return health;
}
