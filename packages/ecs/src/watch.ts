import { assessRollout, type RolloutAssessment, type RolloutPhase, type TargetGroupHealth } from './assess.js';
import { describeThrown, isAccessDenied, pause, PollFailures, type Clock, type Log } from '@tandem/kit';
import type { Clients } from './clients.js';
import type { ContainerDefinition, LoadBalancer, Service, Task } from '@aws-sdk/client-ecs';
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { eventHint } from './event-hints.js';
import { containerLogs, describeTargetHealth, judgeTargetHealth, logNewEvents, stoppedTaskLine, targetGroupsOf, taskAddresses, TaskTracker, type DeploymentTasks } from './observe.js';
import { learnEc2Instances } from './instances.js';
import { describeServices } from './service.js';
import { settledTasks, stillSettled, type SettledTasks } from './settled.js';
import { stopHint } from './stop-hints.js';

/** One service's deployment that a watch follows. */
export interface WatchedRollout {
  service: string;
  deploymentId: string;
  taskDefinitionArn: string;
  /** What served before, to recognise ECS rolling back to it. */
  previousTaskDefinitionArn?: string;
  circuitBreaker: boolean;
  /** The revision's essential containers have a health check: its tasks must report HEALTHY. */
  healthChecked: boolean;
  /**
   * The service's load balancers as the deploy read them (a rollout does not change them): the
   * first poll then makes all its calls at once. Without them it reads them first.
   */
  loadBalancers?: LoadBalancer[];
  /**
   * The revision's containers. When a new task stops with a container that exited non-zero, that
   * container's last log lines are read (once a service) from its awslogs configuration.
   */
  containers?: ContainerDefinition[];
}

/** How many of a crashed container's last log lines the wait shows. */
export const CRASH_LOG_LINES = 30;

export interface WatchSettings {
  clients: Clients;
  clock: Clock;
  log: Log;
  cluster: string;
  deadline: number;
  waitLimit: string;
  pollMs: number;
  /** Service event ids already logged (or older than this run). */
  seenEvents: Set<string>;
  signal?: AbortSignal;
  /** End the watch at the first failure: a release that fails anywhere is rolled back as a whole. */
  stopAtFailure?: boolean;
  /** Called once per service and phase, when that service's rollout enters it. */
  onPhase?(service: string, phase: RolloutPhase, at: number): void;
}

/** Where each watched service stands when the watch ended, by service name. */
export type WatchResult = Map<string, RolloutAssessment>;

interface Watched extends WatchedRollout {
  reportedTargets: Map<string, string>;
  phase?: RolloutPhase;
  last?: RolloutAssessment;
  /** Its tasks once all are known and judged: polls then need no task lists while ECS's counts stay. */
  settled?: SettledTasks;
  /** The last event of its service that said why ECS could not place or start a task. */
  blockedBy?: string;
}

/**
 * Polls every deployment of a release in one loop until each completes or fails, logging each
 * new service event, stopped task and target-health change once. Each poll asks ECS and ELB
 * afresh: one DescribeServices for up to 10 services, each target group once, and the task lists
 * (TaskTracker) until every deployment's tasks are settled (settled.ts) and while ECS's counts
 * say nothing about them moved; the decision is assessRollout's. Polls start pollMs apart.
 */
export async function watchRollouts(settings: WatchSettings, rollouts: WatchedRollout[]): Promise<WatchResult> {
  const { clients, clock, log } = settings;
  const watched: Watched[] = rollouts.map((rollout) => ({ ...rollout, reportedTargets: new Map() }));
  const tracker = new TaskTracker(clients, settings.cluster);
  const several = watched.length > 1;
  // Each service's load balancers as the last poll saw them: a rollout does not change them, so
  // they say which calls the next poll needs, and it makes them all at once.
  const balancers = new Map<string, LoadBalancer[]>(rollouts.flatMap((one) => (one.loadBalancers ? [[one.service, one.loadBalancers] as const] : [])));
  const firstPoll = clock.now();
  const hinted = new Set<string>();
  // The EC2 instance of each container instance a bridge or host task runs on: its target's id.
  const instanceIds = new Map<string, string>();
  let instancesUnread = false;
  const learnInstances = async (tasks: Task[]) => {
    const arns = tasks.filter((task) => task.containerInstanceArn && taskAddresses(task).hostPorts.length > 0).map((task) => task.containerInstanceArn!);
    if (arns.length === 0 || instancesUnread) return;
    try {
      await learnEc2Instances(clients, settings.cluster, arns, instanceIds, settings.signal);
    } catch (error) {
      instancesUnread = true;
      // A cancelled run says so itself; an unread instance list is worth a warning otherwise.
      if (settings.signal?.aborted) return;
      const why = isAccessDenied(error) ? 'allow ecs:DescribeContainerInstances' : describeThrown(error).message;
      log.warning(`the container instances of the new tasks were not read, so their targets are told apart by host port alone: ${why}`);
    }
  };
  // The services whose crashed container's log was read: ten tasks that crashed alike need it once.
  const logsRead = new Set<string>();
  const reportStopped = async (task: Task, one: Watched, service?: string) => {
    log.info(`${service ? `service ${service}: ` : ''}${stoppedTaskLine(task)}`);
    const hint = stopHint(task);
    // Once a run: ten tasks that stopped for one reason need the way out once.
    if (hint && !hinted.has(hint)) {
      hinted.add(hint);
      log.warning(`${service ? `service ${service}: ` : ''}tasks stopped: ${hint}`);
    }
    const crashed = (task.containers ?? []).find((container) => container.exitCode !== undefined && container.exitCode !== 0);
    const definition = one.containers?.find((candidate) => candidate.name === crashed?.name);
    if (!crashed || !definition || !task.taskArn || logsRead.has(one.service) || settings.signal?.aborted) return;
    logsRead.add(one.service);
    const id = task.taskArn.split('/').pop();
    const lines = await containerLogs(clients, definition, task.taskArn, log, { limit: CRASH_LOG_LINES, what: `the log of container ${definition.name} in task ${id}` });
    if (lines.length > 0) log.info(`${service ? `service ${service}: ` : ''}the last lines of container ${definition.name} in task ${id} (exit ${crashed.exitCode}):\n${lines.join('\n')}`);
  };
  const isOpen = (one: Watched) => !one.last || (!one.last.failed && one.last.phase !== 'completed');
  // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
  const failures = new PollFailures(settings, () => `${watched.filter(isOpen).map((one) => `deployment ${one.deploymentId} of ${one.service}`).join(', ')} goes on in ECS`);
  for (;;) {
    const pollStarted = clock.now();
    const open = watched.filter(isOpen);
    const cancelled = settings.signal?.aborted ?? false;
    let answered: Awaited<ReturnType<typeof poll>>;
    try {
      answered = cancelled ? { services: [], tasksOf: new Map<string, DeploymentTasks>(), answers: new Map(), listed: false } : await poll(settings, tracker, open, balancers);
    } catch (error) {
      if (failures.failed(error)) {
        const reason = `${failures.reason()} when wait-timeout ${settings.waitLimit} passed`;
        for (const one of open) one.last = { phase: 'failed', failed: true, reason: `deployment ${one.deploymentId} was not seen to finish: ${reason}` };
        return new Map(watched.map((one) => [one.service, one.last!]));
      }
      await pause(clock, Math.min(Math.max(0, nextPollAt(firstPoll, pollStarted, settings.pollMs) - clock.now()), Math.max(0, settings.deadline - clock.now())), settings.signal);
      continue;
    }
    failures.answered();
    const { services, tasksOf, answers, listed } = answered;
    const hasTargets = (index: number) => targetGroupsOf(services[index]?.loadBalancers).length > 0;
    await learnInstances(open.flatMap((one, index) => (hasTargets(index) ? (tasksOf.get(one.deploymentId)?.running ?? []) : [])));
    for (const [index, one] of open.entries()) {
      const service = services[index];
      let targetHealth: TargetGroupHealth[] = [];
      let taskHealth: { healthy: number } | undefined;
      if (service) {
        for (const event of logNewEvents(service.events, settings.seenEvents, log)) {
          const hint = eventHint(event.message ?? '');
          if (!hint) continue;
          one.blockedBy = event.message;
          // Once a run, as for stopped tasks: ECS repeats the event until the cause is gone.
          if (!hinted.has(hint)) {
            hinted.add(hint);
            log.warning(`${several ? `service ${one.service}: ` : ''}ECS could not place or start a task: ${hint}`);
          }
        }
        const tasks = tasksOf.get(one.deploymentId)!;
        for (const task of tasks.newlyStopped) await reportStopped(task, one, several ? one.service : undefined);
        targetHealth = hasTargets(index) ? judgeTargetHealth(answers, service.loadBalancers, tasks.running, one.reportedTargets, log, instanceIds) : [];
        if (one.healthChecked) taskHealth = { healthy: tasks.running.filter((task) => task.healthStatus === 'HEALTHY').length };
        if (listed) {
          const deployment = service.deployments?.find((candidate) => candidate.id === one.deploymentId);
          one.settled = settledTasks({ deployment, desiredCount: service.desiredCount ?? 0, needRunning: hasTargets(index) || one.healthChecked, healthChecked: one.healthChecked, tasks });
        }
      }
      const assessment = assessRollout({
        deploymentId: one.deploymentId,
        taskDefinitionArn: one.taskDefinitionArn,
        previousTaskDefinitionArn: one.previousTaskDefinitionArn,
        deployments: service?.deployments ?? [],
        desiredCount: service?.desiredCount ?? 0,
        targetHealth,
        taskHealth,
        circuitBreaker: one.circuitBreaker,
        now: clock.now(),
        deadline: settings.deadline,
        waitLimit: settings.waitLimit,
        cancelled,
        blockedBy: one.blockedBy,
      });
      one.last = assessment;
      if (assessment.phase !== one.phase) {
        one.phase = assessment.phase;
        settings.onPhase?.(one.service, one.phase, clock.now());
        log.info(`${several ? `service ${one.service}: ` : ''}rollout ${one.deploymentId}: ${one.phase}: ${assessment.reason}`);
      }
    }
    const result: WatchResult = new Map(watched.map((one) => [one.service, one.last!]));
    const failed = watched.some((one) => one.last?.failed);
    const finished = watched.every((one) => one.last?.failed || one.last?.phase === 'completed');
    if (finished || (failed && settings.stopAtFailure)) {
      if (!cancelled) await reportLastStopped(settings, tracker, watched, reportStopped);
      return result;
    }
    // A cancellation ends the sleep; the next look assesses the rollouts as cancelled.
    const wait = Math.max(0, nextPollAt(firstPoll, pollStarted, settings.pollMs) - clock.now());
    await pause(clock, Math.min(wait, Math.max(0, settings.deadline - clock.now())), settings.signal);
  }
}

/**
 * When the poll after the one started at `pollStarted` starts: polls keep to a grid of the poll
 * interval from the first, so neither the time a poll takes nor one that overran its interval
 * (then the next starts as soon as it ends) makes every later state change seen later.
 */
export function nextPollAt(firstPoll: number, pollStarted: number, pollMs: number): number {
  return firstPoll + (Math.floor((pollStarted - firstPoll) / pollMs) + 1) * pollMs;
}

/**
 * One look at the open rollouts: DescribeServices, the task lists and the target groups' health.
 * Once the load balancers are known (from the deploy's reads or the poll before), the three go
 * out at once, so that a poll takes the time of its slowest call and DescribeTasks, not of all in
 * a row. Once every open deployment's tasks are settled, a poll makes DescribeServices and
 * DescribeTargetHealth only, judging the settled tasks, and lists the tasks again (in the same
 * poll) when ECS's counts of any deployment moved.
 */
async function poll(settings: WatchSettings, tracker: TaskTracker, open: Watched[], balancers: Map<string, LoadBalancer[]>) {
  const { clients, cluster } = settings;
  const queries = (loadBalancersOf: (one: Watched, index: number) => LoadBalancer[] | undefined) =>
    open.map((one, index) => ({ deploymentId: one.deploymentId, needRunning: targetGroupsOf(loadBalancersOf(one, index)).length > 0 || one.healthChecked, followHealth: one.healthChecked }));
  const groups = (loadBalancersOf: (one: Watched, index: number) => LoadBalancer[] | undefined) => [...new Set(open.flatMap((one, index) => targetGroupsOf(loadBalancersOf(one, index))))];
  const names = open.map((one) => one.service);
  let services: Service[];
  let tasksOf: Map<string, DeploymentTasks>;
  let answers: Map<string, TargetHealthDescription[]>;
  const known = (one: Watched) => balancers.get(one.service);
  if (open.every((one) => balancers.has(one.service) && one.settled)) {
    [services, answers] = await Promise.all([describeServices(clients, cluster, names), describeTargetHealth(clients, groups(known))]);
    const moved = open.some((one, index) => !stillSettled(one.settled, services[index]?.deployments?.find((deployment) => deployment.id === one.deploymentId), services[index]?.desiredCount ?? 0));
    if (!moved) tasksOf = new Map(open.map((one) => [one.deploymentId, { running: one.settled!.running, newlyStopped: [] }]));
    else tasksOf = await tracker.pollAll(queries((_, index) => services[index]?.loadBalancers));
    return { services, tasksOf, answers, listed: moved };
  }
  if (open.every((one) => balancers.has(one.service))) {
    [services, tasksOf, answers] = await Promise.all([describeServices(clients, cluster, names), tracker.pollAll(queries(known)), describeTargetHealth(clients, groups(known))]);
  } else {
    services = await describeServices(clients, cluster, names);
    const seen = (_: Watched, index: number) => services[index]?.loadBalancers;
    [tasksOf, answers] = await Promise.all([tracker.pollAll(queries(seen)), describeTargetHealth(clients, groups(seen))]);
  }
  open.forEach((one, index) => balancers.set(one.service, services[index]?.loadBalancers ?? []));
  return { services, tasksOf, answers, listed: true };
}

/**
 * One more look at the failed deployments' stopped tasks. A poll's DescribeServices and task lists
 * go out together, so the poll that sees a deployment FAILED may have listed its tasks a moment
 * before the last of them stopped; the log must still say why they stopped. Each task is reported
 * once (TaskTracker), so nothing seen before is repeated.
 */
async function reportLastStopped(settings: WatchSettings, tracker: TaskTracker, watched: Watched[], report: (task: Task, one: Watched, service?: string) => Promise<void>): Promise<void> {
  const failed = watched.filter((one) => one.last?.failed);
  if (failed.length === 0) return;
  let tasksOf: Map<string, DeploymentTasks>;
  try {
    tasksOf = await tracker.pollAll(failed.map((one) => ({ deploymentId: one.deploymentId, needRunning: false })));
  } catch (error) {
    // The failure is what the run reports; a last look that cannot be had does not replace it.
    settings.log.info(`stopped tasks not read after the failure: ${(error as Error).message}`);
    return;
  }
  for (const one of failed) for (const task of tasksOf.get(one.deploymentId)?.newlyStopped ?? []) await report(task, one, watched.length > 1 ? one.service : undefined);
}
