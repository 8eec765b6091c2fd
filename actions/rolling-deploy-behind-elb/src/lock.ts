import type { S3Client } from '@aws-sdk/client-s3';
import { acquireLock, ConfigurationError, describeThrown, isNamed, lockOwner, type HeldLock, type LockOptions, type Log } from '@tandem/kit';
import { deployLockKey, DEPLOY_LOCK_TTL_MS } from '@tandem/ecs';
import type { Inputs } from './inputs.js';

/** What tests may change of the lock's timing (a short TTL, a paused heartbeat). */
export type LockTiming = Partial<Pick<LockOptions, 'ttlMs' | 'renewEveryMs' | 'every'>>;

/**
 * Takes the service's deploy lock in lock-bucket, waiting up to lock-wait for another deploy of
 * the same service to release it. A bucket that does not exist is a configuration mistake.
 */
export async function takeDeployLock(s3: S3Client, inputs: Inputs, action: string, log: Log, signal?: AbortSignal, timing: LockTiming = {}, env: NodeJS.ProcessEnv = process.env): Promise<HeldLock> {
  const key = deployLockKey(inputs.cluster, inputs.service);
  try {
    return await acquireLock(
      s3,
      { bucket: inputs.lockBucket, key, owner: lockOwner(action, env), ttlMs: DEPLOY_LOCK_TTL_MS, waitMs: inputs.lockWaitMs, pollMs: Math.min(inputs.pollMs, 5000), signal, ...timing },
      log,
    );
  } catch (error) {
    if (isNamed(error, 'NoSuchBucket')) {
      throw new ConfigurationError(`bucket '${inputs.lockBucket}' does not exist in ${inputs.aws.region} (${describeThrown(error).message}): create it, or leave lock-bucket empty. Nothing was changed.`, 'lock-bucket');
    }
    throw error;
  }
}
