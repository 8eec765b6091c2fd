import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, describeThrown } from './errors.js';
import { acquireLock, type HeldLock, type LockOptions } from './lock.js';
import { LockHeldError, lockOwner } from './lock-rules.js';
import type { Log } from './log.js';

/**
 * A lock left by a killed runner expires this long after its last renewal (by S3's clock). A live
 * run renews it every quarter of that however long its deploy takes, so the TTL only sets how soon
 * a deploy may follow one whose runner died.
 */
export const DEPLOY_LOCK_TTL_MS = 10 * 60_000;

/** What tests may change of the lock's timing (a short TTL, a paused heartbeat, no trust window). */
export type LockTiming = Partial<Pick<LockOptions, 'ttlMs' | 'renewEveryMs' | 'every' | 'trustForMs'>>;

/**
 * How long S3's word that the deploy lock is ours stands for a check before a publishing step (see
 * S3Lock.trusted): 2 s, never more than an eighth of the TTL. A redeploy of a few changed files
 * makes its checks within it, and saves their round trips.
 */
export const trustWindow = (ttlMs: number) => Math.min(2000, Math.floor(ttlMs / 8));

/** Where each action's deploy lock lives. */
export const deployLockKeys = {
  /** The site's lock lives in its release record, which syncing and pruning never touch. */
  site: (releasesPrefix: string) => `${releasesPrefix}lock.json`,
  /** One per service, by names, so a name and an ARN share one lock. */
  service: (cluster: string, service: string) => `tandem-deploy/locks/ecs/${cluster.split('/').pop() ?? cluster}/${service.split('/').pop() ?? service}.json`,
};

export interface DeployLockRequest {
  bucket: string;
  key: string;
  /** The action's name, in the owner text every waiter reads. */
  action: string;
  env: NodeJS.ProcessEnv;
  waitMs: number;
  pollMs: number;
  signal?: AbortSignal;
  /** The inputs a refusal names: where the lock lives, and how long to wait for it. */
  inputs: { bucket: string; wait: string };
  /** Said when the bucket is missing: the region, and whether the lock may be left out. */
  region?: string;
  optional?: boolean;
  timing?: LockTiming;
}

const isNoSuchBucket = (error: unknown) => (error as { name?: string } | undefined)?.name === 'NoSuchBucket';

/**
 * Takes an action's deploy lock, waiting up to its wait input for another deploy to finish. An
 * earlier attempt of the same run is taken over at once; the lock is renewed while held, and
 * releasing it never fails the step. A lock held past the wait and a missing bucket are refused as
 * the user's to fix, naming the input.
 */
export async function takeDeployLock(s3: S3Client, request: DeployLockRequest, log: Log): Promise<HeldLock> {
  const { bucket, inputs } = request;
  try {
    return await acquireLock(
      s3,
      {
        bucket,
        key: request.key,
        owner: lockOwner(request.action, request.env),
        ttlMs: DEPLOY_LOCK_TTL_MS,
        waitMs: request.waitMs,
        pollMs: request.pollMs,
        signal: request.signal,
        trustForMs: trustWindow(request.timing?.ttlMs ?? DEPLOY_LOCK_TTL_MS),
        ...request.timing,
      },
      log,
    );
  } catch (error) {
    if (error instanceof LockHeldError) throw new ConfigurationError(`${error.message} Or raise ${inputs.wait}`, inputs.wait);
    if (isNoSuchBucket(error)) {
      const where = request.region ? ` in ${request.region}` : '';
      const fix = request.optional ? `create it, or leave ${inputs.bucket} empty` : 'create it';
      throw new ConfigurationError(`bucket '${bucket}' does not exist${where} (${describeThrown(error).message}): ${fix}. Nothing was changed.`, inputs.bucket);
    }
    throw error;
  }
}
