import type { S3Client } from '@aws-sdk/client-s3';
import { acquireLock, ConfigurationError, LockHeldError, lockOwner, type HeldLock, type LockOptions, type Log } from '@tandem/kit';
import { listObjects } from '@tandem/frontend';
import type { Inputs } from './inputs.js';

/**
 * A lock left by a runner that was killed expires this long after its last renewal (by S3's
 * clock); a live holder renews it every quarter of that.
 */
export const LOCK_TTL_MS = 10 * 60_000;

/** The deploy lock lives in the release record, which syncing and pruning never touch. */
export const lockKey = (inputs: Pick<Inputs, 'releases-prefix'>) => `${inputs['releases-prefix']}lock.json`;

/** What tests may change of the lock's timing (a short TTL, a paused heartbeat). */
export type LockTiming = Partial<Pick<LockOptions, 'ttlMs' | 'renewEveryMs' | 'every'>>;

/**
 * Takes the site's deploy lock, waiting up to lock-wait for another deploy to finish. The buckets
 * are looked at first (reads only), so a missing or closed bucket is refused before any write.
 */
export async function takeDeployLock(s3: S3Client, inputs: Inputs, action: string, log: Log, env: NodeJS.ProcessEnv, signal?: AbortSignal, timing: LockTiming = {}): Promise<HeldLock> {
  const bucket = inputs['releases-bucket'];
  const key = lockKey(inputs);
  const probes = [listObjects(s3, inputs.bucket, key, 'bucket', () => true)];
  if (bucket !== inputs.bucket) probes.push(listObjects(s3, bucket, key, 'releases-bucket', () => true));
  await Promise.all(probes);
  try {
    return await acquireLock(s3, { bucket, key, owner: lockOwner(action, env), ttlMs: LOCK_TTL_MS, waitMs: inputs['lock-wait'], pollMs: 2000, signal, ...timing }, log);
  } catch (error) {
    if (error instanceof LockHeldError) throw new ConfigurationError(`${error.message} Or raise lock-wait`, 'lock-wait');
    throw error;
  }
}
