import { assessRollout, type RolloutAssessment, type RolloutPhase, type TargetGroupHealth } from './assess.js';
import { pause, type Clock, type Log } from '@tandem/kit';
import type { Clients } from './clients.js';
import { logNewEvents, stoppedTaskLine, targetHealthOf, TaskTracker, type DeploymentTasks } from './observe.js';
import { describeServices } from './service.js';

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
}

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
}

/**
 * Polls every deployment of a release in one loop until each completes or fails, logging each
 * new service event, stopped task and target-health change once. Each poll asks ECS and ELB
 * afresh: one DescribeServices for up to 10 services, the task lists (TaskTracker), and each
 * target group once; the decision is assessRollout's.
 */
export async function watchRollouts(settings: WatchSettings, rollouts: WatchedRollout[]): Promise<WatchResult> {
  const { clients, clock, log } = settings;
  const watched: Watched[] = rollouts.map((rollout) => ({ ...rollout, reportedTargets: new Map() }));
  const tracker = new TaskTracker(clients, settings.cluster);
  const several = watched.length > 1;
  for (;;) {
    const open = watched.filter((one) => !one.last || (!one.last.failed && one.last.phase !== 'completed'));
    const cancelled = settings.signal?.aborted ?? false;
    const services = cancelled ? [] : await describeServices(clients, settings.cluster, open.map((one) => one.service));
    const hasTargets = (index: number) => (services[index]?.loadBalancers ?? []).some((balancer) => balancer.targetGroupArn);
    const tasksOf = cancelled
      ? new Map<string, DeploymentTasks>()
      : await tracker.pollAll(open.map((one, index) => ({ deploymentId: one.deploymentId, needRunning: hasTargets(index) || one.healthChecked, followHealth: one.healthChecked })));
    await Promise.all(
      open.map(async (one, index) => {
        const service = services[index];
        let targetHealth: TargetGroupHealth[] = [];
        let taskHealth: { healthy: number } | undefined;
        if (service) {
          logNewEvents(service.events, settings.seenEvents, log);
          const tasks = tasksOf.get(one.deploymentId)!;
          for (const task of tasks.newlyStopped) log.info(stoppedTaskLine(task));
          targetHealth = hasTargets(index) ? await targetHealthOf(clients, service.loadBalancers, tasks.running, one.reportedTargets, log) : [];
          if (one.healthChecked) taskHealth = { healthy: tasks.running.filter((task) => task.healthStatus === 'HEALTHY').length };
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
        });
        one.last = assessment;
        if (assessment.phase !== one.phase) {
          one.phase = assessment.phase;
          settings.onPhase?.(one.service, one.phase, clock.now());
          log.info(`${several ? `service ${one.service}: ` : ''}rollout ${one.deploymentId}: ${one.phase}: ${assessment.reason}`);
        }
      }),
    );
    const result: WatchResult = new Map(watched.map((one) => [one.service, one.last!]));
    const failed = watched.some((one) => one.last?.failed);
    const finished = watched.every((one) => one.last?.failed || one.last?.phase === 'completed');
    if (finished || (failed && settings.stopAtFailure)) return result;
    // A cancellation ends the sleep; the next look assesses the rollouts as cancelled.
    await pause(clock, Math.min(settings.pollMs, Math.max(0, settings.deadline - clock.now())), settings.signal);
  }
}
