/** Where the deploy lock of one service lives: by names, so a name and an ARN share one lock. */
export function deployLockKey(cluster: string, service: string): string {
  const clusterName = cluster.split('/').pop() ?? cluster;
  const serviceName = service.split('/').pop() ?? service;
  return `tandem-deploy/locks/ecs/${clusterName}/${serviceName}.json`;
}

/** Beyond the waits, for planning, reporting and the GitHub calls. */
export const LOCK_MARGIN_MS = 10 * 60_000;

/**
 * How long a lock counts as held before another deploy may take it over: a run waits at most
 * wait-timeout for the migration and rollout and as long again for a rollback. A lock only
 * outlives that when its runner was killed.
 */
export function deployLockTtlMs(waitTimeoutMs: number): number {
  return 2 * waitTimeoutMs + LOCK_MARGIN_MS;
}
