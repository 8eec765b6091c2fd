/** Where the deploy lock of one service lives: by names, so a name and an ARN share one lock. */
export function deployLockKey(cluster: string, service: string): string {
  const clusterName = cluster.split('/').pop() ?? cluster;
  const serviceName = service.split('/').pop() ?? service;
  return `tandem-deploy/locks/ecs/${clusterName}/${serviceName}.json`;
}

/**
 * A lock left by a killed runner expires this long after its last renewal (by S3's clock). A live
 * run renews it every quarter of that however long its rollout and rollback take, so the TTL only
 * sets how soon a deploy may follow one whose runner died.
 */
export const DEPLOY_LOCK_TTL_MS = 10 * 60_000;
