import { describeThrown, type Log } from '@tandem/kit';
import type { ContainerDefinition, DeploymentConfiguration, LoadBalancer } from '@aws-sdk/client-ecs';
import { startDeployment, watchRollouts, type Clients, type Clock, type MovedService, type RolloutAssessment, type RolloutPhase, type WatchedRollout, type WatchResult, type WatchSettings } from '@tandem/ecs';

export interface RolloutContext {
  clients: Clients;
  clock: Clock;
  log: Log;
  cluster: string;
  pollMs: number;
  waitLimit: string;
  seenEvents: Set<string>;
  signal?: AbortSignal;
  /** Several services: milestones and reasons name the service. */
  several: boolean;
  /** Records the first time each milestone is reached. */
  milestone(step: string, at: number): void;
  /** Throws unless this run still holds the deploy lock; called before a rollback starts. */
  assertHeld?: (before: string) => Promise<void>;
}

const MILESTONES: Record<RolloutPhase, string[]> = {
  starting: [],
  registering: ['tasks started'],
  draining: ['tasks started', 'healthy'],
  completing: ['tasks started', 'healthy'],
  completed: ['tasks started', 'healthy', 'drained'],
  failed: [],
};

/** How the watch of a rollout (or of its rollback, with `prefix`) reports to the run's timeline. */
export function watchSettings(context: RolloutContext, deadline: number, prefix = '', stopAtFailure = false): WatchSettings {
  return {
    clients: context.clients,
    clock: context.clock,
    log: context.log,
    cluster: context.cluster,
    deadline,
    waitLimit: context.waitLimit,
    pollMs: context.pollMs,
    seenEvents: context.seenEvents,
    signal: context.signal,
    stopAtFailure,
    onPhase: (service, phase, at) => MILESTONES[phase].forEach((step) => context.milestone(`${prefix}${context.several ? `${service} ` : ''}${step}`, at)),
  };
}

/** One service's part of the release: what to roll out, and how. */
export interface ServiceRollout {
  service: string;
  targetArn: string;
  previousArn: string;
  configuration?: DeploymentConfiguration;
  forceNewDeployment: boolean;
  /** The desired count to raise the service to (minimum-tasks), when it runs fewer. */
  desiredCount?: number;
  circuitBreaker: boolean;
  healthChecked: boolean;
  /** Whether the revision a rollback returns to has container health checks. */
  previousHealthChecked: boolean;
  /** The service's load balancers, as read before the rollout. */
  loadBalancers?: LoadBalancer[];
  /** The revision's containers: a crashed one's last log lines are read from their awslogs configuration. */
  containers?: ContainerDefinition[];
}

export interface ReleaseRollout {
  /** Services whose deployment started, with where each stood at the end. */
  moved: MovedService[];
  /** Deployment ids by service. */
  deployments: Map<string, string>;
  failed: boolean;
  /** Why the release failed, naming the service when there are several. */
  reason: string;
}

/**
 * Starts every service's deployment at once, then watches them all in one loop, ending at the
 * first failure: a release that fails anywhere is rolled back as a whole.
 */
export async function rollOutRelease(context: RolloutContext, rollouts: ServiceRollout[], deadline: number): Promise<ReleaseRollout> {
  const deployments = new Map<string, string>();
  const started = await Promise.allSettled(
    rollouts.map(async (one) => {
      const id = await startDeployment(context.clients, context.log, context.cluster, { service: one.service, taskDefinitionArn: one.targetArn, configuration: one.configuration, forceNewDeployment: one.forceNewDeployment, desiredCount: one.desiredCount });
      deployments.set(one.service, id);
    }),
  );
  const startFailures = started.flatMap((result, index) => (result.status === 'rejected' ? [{ service: rollouts[index].service, error: result.reason as unknown }] : []));
  if (deployments.size === 0 && startFailures.length > 0) throw startFailures[0].error;
  if (deployments.size > 0) context.milestone('rollout started', context.clock.now());
  const moving = rollouts.filter((one) => deployments.has(one.service));
  let result: WatchResult;
  if (startFailures.length > 0) {
    const notWatched: RolloutAssessment = { phase: 'starting', failed: false, reason: 'not watched: another service could not start its deployment' };
    result = new Map(moving.map((one) => [one.service, notWatched]));
  } else {
    const watched: WatchedRollout[] = moving.map((one) => ({
      service: one.service, deploymentId: deployments.get(one.service)!, taskDefinitionArn: one.targetArn, previousTaskDefinitionArn: one.previousArn, circuitBreaker: one.circuitBreaker, healthChecked: one.healthChecked,
      loadBalancers: one.loadBalancers, containers: one.containers,
    }));
    try {
      result = await watchRollouts(watchSettings(context, deadline, '', true), watched);
    } catch (error) {
      const failed: RolloutAssessment = { phase: 'failed', failed: true, reason: `the wait failed: ${describeThrown(error).message}` };
      result = new Map(moving.map((one) => [one.service, failed]));
    }
  }
  const moved = moving.map((one) => ({ service: one.service, targetArn: one.targetArn, previousArn: one.previousArn, assessment: result.get(one.service)! }));
  const label = (service: string) => (context.several ? `service ${service}: ` : '');
  const reasons = [
    ...startFailures.map((one) => `${label(one.service)}UpdateService failed: ${describeThrown(one.error).message}`),
    ...moved.filter((one) => one.assessment.failed).map((one) => `${label(one.service)}${one.assessment.reason}`),
  ];
  const failed = reasons.length > 0;
  const completed = moved.map((one) => one.assessment.reason);
  return { moved, deployments, failed, reason: failed ? reasons.join('; ') : context.several ? `${listedReasons(moved)}` : completed[0] ?? '' };
}

function listedReasons(moved: MovedService[]): string {
  return moved.map((one) => `${one.service}: ${one.assessment.reason}`).join('; ');
}
