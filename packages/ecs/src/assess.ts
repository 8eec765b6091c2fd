import type { Deployment } from '@aws-sdk/client-ecs';

/** Healthy targets of the deployment's own tasks in one target group. */
export interface TargetGroupHealth {
  targetGroupArn: string;
  healthy: number;
}

export interface RolloutState {
  /** The deployment this run waits on. */
  deploymentId: string;
  /** The task definition that deployment runs. */
  taskDefinitionArn: string;
  /** What served before, to recognise ECS rolling back to it. */
  previousTaskDefinitionArn?: string;
  /** service.deployments from DescribeServices. */
  deployments: Deployment[];
  desiredCount: number;
  /** One entry per target group of the service; empty when the service has no load balancer. */
  targetHealth: TargetGroupHealth[];
  /**
   * The deployment's running tasks that report healthStatus HEALTHY; only when its essential
   * containers have a health check (without one, ECS reports every task UNKNOWN).
   */
  taskHealth?: { healthy: number };
  /** Whether ECS's circuit breaker watches this deployment (it then decides failure itself). */
  circuitBreaker: boolean;
  now: number;
  deadline: number;
  /** The workflow was cancelled. */
  cancelled?: boolean;
  /** How the deadline reads in a message, e.g. `30m`. */
  waitLimit?: string;
  /** The last service event that said why ECS could not place or start a task (event-hints.ts). */
  blockedBy?: string;
}

export type RolloutPhase = 'starting' | 'registering' | 'completing' | 'draining' | 'completed' | 'failed';

export interface RolloutAssessment {
  phase: RolloutPhase;
  failed: boolean;
  reason: string;
  /** When ECS itself moved the service back: its deployment of the previous task definition. */
  ecsRollback?: { deploymentId: string; taskDefinitionArn: string };
}

/** ECS's circuit breaker threshold: half the desired count, at least 3, at most 200 failed tasks. */
export function failedTaskThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

function rollbackBy(state: RolloutState, primary: Deployment | undefined): RolloutAssessment['ecsRollback'] {
  if (!primary?.id || primary.id === state.deploymentId || !state.previousTaskDefinitionArn) return undefined;
  return primary.taskDefinition === state.previousTaskDefinitionArn ? { deploymentId: primary.id, taskDefinitionArn: primary.taskDefinition } : undefined;
}

function failed(reason: string, ecsRollback?: RolloutAssessment['ecsRollback']): RolloutAssessment {
  return { phase: 'failed', failed: true, reason, ...(ecsRollback ? { ecsRollback } : {}) };
}

/**
 * Where one deployment stands, from what DescribeServices and DescribeTargetHealth said. Success
 * needs all three: the deployment COMPLETED and still PRIMARY, its tasks' targets healthy in
 * every target group, and no other deployment left (the old tasks drained).
 */
export function assessRollout(state: RolloutState): RolloutAssessment {
  const ours = state.deployments.find((deployment) => deployment.id === state.deploymentId);
  const primary = state.deployments.find((deployment) => deployment.status === 'PRIMARY');
  const ecsRollback = rollbackBy(state, primary);
  if (state.cancelled) return failed('the workflow was cancelled before the rollout finished');
  if (!ours) {
    const now = primary ? `deployment ${primary.id} of ${primary.taskDefinition} is PRIMARY now` : 'the service has no PRIMARY deployment';
    return failed(`deployment ${state.deploymentId} is gone from the service: ${ecsRollback ? 'ECS rolled back, ' : ''}${now}`, ecsRollback);
  }
  if (ours.rolloutState === 'FAILED') {
    const why = ours.rolloutStateReason ?? 'no reason given';
    return failed(`ECS marked deployment ${ours.id} FAILED: ${why}${ecsRollback ? `; ECS is rolling back to ${ecsRollback.taskDefinitionArn}` : ''}`, ecsRollback);
  }
  if (ours.status !== 'PRIMARY') {
    const by = primary ? `deployment ${primary.id} of ${primary.taskDefinition}` : 'no deployment';
    return failed(`deployment ${ours.id} is ${ours.status ?? 'not PRIMARY'}: ${by} replaced it${ecsRollback ? ' (ECS rolled back)' : ''}`, ecsRollback);
  }
  const failedTasks = ours.failedTasks ?? 0;
  const threshold = failedTaskThreshold(state.desiredCount);
  if (!state.circuitBreaker && failedTasks >= threshold) {
    return failed(`${failedTasks} tasks of deployment ${ours.id} failed to start or stay healthy (ECS's circuit breaker stops at ${threshold}; it is off for this service)`);
  }
  const progress = describeProgress(state, ours);
  if (state.now >= state.deadline) {
    // While new tasks are missing, ECS's last word on placing them is why.
    const said = progress.phase === 'starting' && state.blockedBy ? `; the service's last event on it: ${state.blockedBy.replace(/\.+$/, '')}` : '';
    return failed(`deployment ${ours.id} did not finish within ${state.waitLimit ?? `${state.deadline - state.now} ms`}: ${progress.reason}${said}`);
  }
  return progress;
}

function describeProgress(state: RolloutState, ours: Deployment): RolloutAssessment {
  const running = ours.runningCount ?? 0;
  const failedTasks = ours.failedTasks ?? 0;
  // COMPLETED with fewer tasks running than desired (tasks that stopped since) is not done either.
  if (running < state.desiredCount) {
    const failures = failedTasks ? `, ${failedTasks} failed` : '';
    return { phase: 'starting', failed: false, reason: `${running} of ${state.desiredCount} new tasks running${failures}` };
  }
  if (state.taskHealth && state.taskHealth.healthy < state.desiredCount) {
    return { phase: 'registering', failed: false, reason: `containers' health checks: ${state.taskHealth.healthy} of ${state.desiredCount} new tasks HEALTHY` };
  }
  const unhealthy = state.targetHealth.filter((group) => group.healthy < state.desiredCount);
  if (unhealthy.length > 0) {
    const counts = unhealthy.map((group) => `${group.healthy} of ${state.desiredCount} healthy in ${targetGroupName(group.targetGroupArn)}`).join(', ');
    return { phase: 'registering', failed: false, reason: `new tasks' targets: ${counts}` };
  }
  const others = state.deployments.filter((deployment) => deployment.id !== ours.id);
  if (others.length > 0) {
    const old = others.map((deployment) => `${deployment.id} (${deployment.runningCount ?? 0} running)`).join(', ');
    return { phase: 'draining', failed: false, reason: `waiting for the old deployment to drain: ${old}` };
  }
  if (ours.rolloutState !== 'COMPLETED') {
    return { phase: 'completing', failed: false, reason: `deployment ${ours.id} is ${ours.rolloutState ?? 'in progress'}` };
  }
  return { phase: 'completed', failed: false, reason: `deployment ${ours.id} completed: ${state.desiredCount} tasks of ${ours.taskDefinition} running, healthy, old tasks drained` };
}

export function targetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}
