import type { Service } from '@aws-sdk/client-ecs';
import { assessRollout, type RolloutAssessment, type RolloutPhase, type TargetGroupHealth } from './assess.js';
import { pause, type Clock, type Log } from '@tandem/kit';
import type { Clients } from './clients.js';
import { logNewEvents, stoppedTaskLine, targetHealthOf, TaskTracker } from './observe.js';
import { describeService } from './service.js';

export interface WatchOptions {
  clients: Clients;
  clock: Clock;
  log: Log;
  cluster: string;
  serviceName: string;
  deploymentId: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  circuitBreaker: boolean;
  deadline: number;
  waitLimit: string;
  pollMs: number;
  /** Service event ids already logged (or older than this run). */
  seenEvents: Set<string>;
  signal?: AbortSignal;
  /** Called once per phase, when the rollout enters it. */
  onPhase?(phase: RolloutPhase, at: number): void;
}

/**
 * Polls one deployment until it completes or fails, logging each new service event, stopped
 * task and target-health change once. Every poll asks ECS and ELB afresh; the decision is
 * assessRollout's.
 */
export async function watchRollout(options: WatchOptions): Promise<RolloutAssessment> {
  const { clients, clock, log } = options;
  const tracker = new TaskTracker(clients, options.cluster);
  const reportedTargets = new Map<string, string>();
  let service: Service | undefined;
  let targetHealth: TargetGroupHealth[] = [];
  let phase: RolloutPhase | undefined;
  for (;;) {
    const cancelled = options.signal?.aborted ?? false;
    if (!cancelled) {
      service = await describeService(clients, options.cluster, options.serviceName);
      logNewEvents(service.events, options.seenEvents, log);
      const hasTargets = (service.loadBalancers ?? []).some((balancer) => balancer.targetGroupArn);
      const tasks = await tracker.poll(options.deploymentId, hasTargets);
      for (const task of tasks.newlyStopped) log.info(stoppedTaskLine(task));
      targetHealth = hasTargets ? await targetHealthOf(clients, service.loadBalancers, tasks.running, reportedTargets, log) : [];
    }
    const assessment = assessRollout({
      deploymentId: options.deploymentId,
      taskDefinitionArn: options.taskDefinitionArn,
      previousTaskDefinitionArn: options.previousTaskDefinitionArn,
      deployments: service?.deployments ?? [],
      desiredCount: service?.desiredCount ?? 0,
      targetHealth,
      circuitBreaker: options.circuitBreaker,
      now: clock.now(),
      deadline: options.deadline,
      waitLimit: options.waitLimit,
      cancelled,
    });
    if (assessment.phase !== phase) {
      phase = assessment.phase;
      options.onPhase?.(phase, clock.now());
      log.info(`rollout ${options.deploymentId}: ${phase}: ${assessment.reason}`);
    }
    if (assessment.phase === 'completed' || assessment.failed) return assessment;
    // A cancellation ends the sleep; the next look assesses the rollout as cancelled.
    await pause(clock, Math.min(options.pollMs, Math.max(0, options.deadline - clock.now())), options.signal);
  }
}
