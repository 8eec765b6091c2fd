import type { Deployment } from '@aws-sdk/client-ecs';
import { formatDuration } from '@tandem/kit';
import { targetGroupName } from './assess.js';

export interface TargetGroupFacts {
  targetGroupArn: string;
  deregistrationDelaySeconds?: number;
  healthCheckIntervalSeconds?: number;
  healthyThresholdCount?: number;
}

export interface PreflightFacts {
  healthCheckGracePeriodSeconds: number;
  targetGroups: TargetGroupFacts[];
  /** wait-timeout, ms: the migration's and the rollout's, and as long again for a rollback. */
  waitMs: number;
  /** How long a restore from ECR's archive may take before them, ms, when an image must be restored. */
  restoreMs?: number;
  /** When the credentials expire, ms since the epoch, when the SDK knows. */
  credentialsExpireAt?: number;
  now: number;
}

/** Default lifetime of a role session assumed through GitHub's OIDC provider. */
export const SESSION_LIFETIME_MS = 3_600_000;

/** Settings that make every deploy slow or fragile, each with its numbers. */
export function preflightWarnings(facts: PreflightFacts): string[] {
  const warnings: string[] = [];
  if (facts.targetGroups.length > 0 && facts.healthCheckGracePeriodSeconds === 0) {
    const slowest = Math.max(0, ...facts.targetGroups.map((group) => (group.healthCheckIntervalSeconds ?? 30) * (group.healthyThresholdCount ?? 5)));
    warnings.push(
      `the service's health-check grace period is 0 s behind a load balancer: a new task needs at least ${slowest} s of passing ALB health checks ` +
        `(interval x healthy threshold), and ECS may replace it before that. Set healthCheckGracePeriodSeconds to ${slowest} s or more.`,
    );
  }
  for (const group of facts.targetGroups) {
    if (group.deregistrationDelaySeconds !== undefined && group.deregistrationDelaySeconds >= 300) {
      warnings.push(
        `target group ${targetGroupName(group.targetGroupArn)} drains old targets for ${group.deregistrationDelaySeconds} s (deregistration_delay.timeout_seconds): ` +
          `every deploy waits that long after the new tasks are healthy. Django requests rarely need more than 30 s; AWS suggests lower values for fast services.`,
      );
    }
  }
  const lifetime = facts.credentialsExpireAt !== undefined ? facts.credentialsExpireAt - facts.now : SESSION_LIFETIME_MS;
  // A rollout that fails at the deadline is rolled back under a deadline as long (by ECS or by the
  // action), and the credentials must last through that wait too.
  const longest = (facts.restoreMs ?? 0) + 2 * facts.waitMs;
  if (facts.waitMs > 0 && longest > lifetime) {
    const parts = [
      ...(facts.restoreMs ? [`up to ${formatDuration(facts.restoreMs)} for ECR to restore an archived image`] : []),
      `wait-timeout ${formatDuration(facts.waitMs)} for the rollout`,
      'as long again for its rollback',
    ];
    // configure-aws-credentials does not pass the session's expiry on (the SDK knows it only from
    // AWS_CREDENTIAL_EXPIRATION), so without it the session may be longer than the default hour.
    const than =
      facts.credentialsExpireAt !== undefined
        ? `longer than the current credentials last (they expire in ${formatDuration(lifetime)}): the wait may end with expired credentials`
        : `longer than a role session lasts by default (${formatDuration(lifetime)}): unless role-duration-seconds covers it, the wait may end with expired credentials`;
    warnings.push(
      `this step may wait ${formatDuration(longest)} (${parts.join(', ')}), ${than}, and the rollout or its rollback then goes on in ECS unwatched. ` +
        "Lower wait-timeout, or raise role-duration-seconds in configure-aws-credentials (within the role's maximum session duration).",
    );
  }
  return warnings;
}

/**
 * Another deployment still moving: one IN_PROGRESS, or an old one still draining next to a
 * PRIMARY that did not fail (a FAILED PRIMARY without rollback is a broken service a new deploy
 * may fix).
 */
export function deploymentInProgress(deployments: Deployment[]): Deployment | undefined {
  const moving = deployments.find((deployment) => deployment.rolloutState === 'IN_PROGRESS');
  if (moving) return moving;
  const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
  if (deployments.length > 1 && primary?.rolloutState !== 'FAILED') return deployments.find((deployment) => deployment !== primary);
  return undefined;
}
