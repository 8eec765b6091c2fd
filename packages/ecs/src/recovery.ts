import type { RolloutAssessment } from './assess.js';

/** A service this run started a deployment on, and where its rollout stood when the release failed. */
export interface MovedService {
  service: string;
  /** The revision this run rolled out. */
  targetArn: string;
  /** The revision that served before, which a rollback returns to. */
  previousArn: string;
  assessment: RolloutAssessment;
}

export type RecoveryStep =
  | { service: string; action: 'follow-ecs'; deploymentId: string; taskDefinitionArn: string; failedArn: string }
  | { service: string; action: 'roll-back'; taskDefinitionArn: string; failedArn: string }
  | { service: string; action: 'none'; why: string };

/**
 * What to do with each service that moved once the release failed: follow ECS's own rollback
 * where it started one; else, with on-failure rollback, return the service to what served before
 * (a service that completed its part goes back too: the release is one); else leave it. Pure.
 */
export function recoverySteps(moved: MovedService[], onFailure: 'rollback' | 'stop'): RecoveryStep[] {
  return moved.map((one): RecoveryStep => {
    const ecs = one.assessment.ecsRollback;
    if (ecs) return { service: one.service, action: 'follow-ecs', deploymentId: ecs.deploymentId, taskDefinitionArn: ecs.taskDefinitionArn, failedArn: one.targetArn };
    if (onFailure === 'stop') return { service: one.service, action: 'none', why: 'on-failure is stop' };
    // Rolling out what last completed (after a FAILED PRIMARY) leaves nothing older to return to.
    if (one.previousArn === one.targetArn) return { service: one.service, action: 'none', why: `${one.previousArn} was the last revision to complete a rollout: there is nothing else to return to` };
    return { service: one.service, action: 'roll-back', taskDefinitionArn: one.previousArn, failedArn: one.targetArn };
  });
}

/** How each service's recovery ended. */
export interface RecoveryResult {
  service: string;
  /** Who rolled it back: ECS, this action, or nobody. */
  by: 'ECS' | 'This action' | 'none';
  taskDefinitionArn?: string;
  /** Set when the rollback did not end with the previous revision serving. */
  failure?: string;
  why?: string;
}

/** Names as a sentence lists them: `web, worker and scheduler`. */
export function listed(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The step's status and reason after a failed release: rolled-back only when every service that
 * moved serves its previous revision again. One service reads as it always has.
 */
export function recoveryOutcome(why: string, results: RecoveryResult[]): { status: 'rolled-back' | 'failed'; reason: string } {
  if (results.length === 1) {
    const [one] = results;
    if (one.by === 'none') return { status: 'failed', reason: `${why}. ${one.why === 'on-failure is stop' ? 'on-failure is stop: the service was left as it is' : one.why}.` };
    if (one.failure) return { status: 'failed', reason: `${why}. ${one.failure}` };
    return { status: 'rolled-back', reason: `${why}. ${one.by} rolled the service back: ${one.taskDefinitionArn} serves again.` };
  }
  const left = results.filter((one) => one.by === 'none');
  const broken = results.filter((one) => one.failure);
  const back = results.filter((one) => one.by !== 'none' && !one.failure);
  const parts: string[] = [];
  if (back.length > 0) {
    const byEcs = back.filter((one) => one.by === 'ECS').map((one) => one.service);
    const who = byEcs.length ? ` (${listed(byEcs)} by ECS)` : '';
    parts.push(`${listed(back.map((one) => one.service))} rolled back${who}: ${back.map((one) => one.taskDefinitionArn?.split('/').pop()).join(', ')} serve again`);
  }
  for (const one of broken) parts.push(`service ${one.service}: ${one.failure?.replace(/\.$/, "")}`);
  for (const one of left) parts.push(`service ${one.service} left as it is: ${one.why}`);
  const status = left.length === 0 && broken.length === 0 ? 'rolled-back' : 'failed';
  return { status, reason: `${why}. ${parts.join('; ')}.` };
}
