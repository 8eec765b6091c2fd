import type { S3Client } from '@aws-sdk/client-s3';
import { acquireLock, ConfigurationError, describeThrown, lockOwner, type HeldLock, type Log } from '@tandem/kit';
import { deployLockKey, deployLockTtlMs } from '@tandem/ecs';
import type { Inputs } from './inputs.js';

const codeOf = (error: unknown) => (error && typeof error === 'object' ? (error as { name?: string; Code?: string }).name ?? '' : '');

/**
 * Takes the service's deploy lock in lock-bucket, waiting up to lock-wait for another deploy of
 * the same service to release it. A bucket that does not exist is a configuration mistake.
 */
export async function takeDeployLock(s3: S3Client, inputs: Inputs, action: string, log: Log, signal?: AbortSignal): Promise<HeldLock> {
  const key = deployLockKey(inputs.cluster, inputs.service);
  try {
    return await acquireLock(
      s3,
      {
        bucket: inputs.lockBucket,
        key,
        owner: lockOwner(action),
        ttlMs: deployLockTtlMs(inputs.waitTimeoutMs),
        waitMs: inputs.lockWaitMs,
        pollMs: Math.min(inputs.pollMs, 5000),
        signal,
      },
      log,
    );
  } catch (error) {
    if (codeOf(error) === 'NoSuchBucket') {
      throw new ConfigurationError(`bucket '${inputs.lockBucket}' does not exist in ${inputs.aws.region} (${describeThrown(error).message}): create it, or leave lock-bucket empty. Nothing was changed.`, 'lock-bucket');
    }
    throw error;
  }
}

/** Releases the lock; a failure is a warning (the lock then expires on its own), never the step's result. */
export async function releaseDeployLock(lock: HeldLock, log: Log): Promise<void> {
  try {
    await lock.release();
  } catch (error) {
    log.warning(`could not release the deploy lock (it expires at ${lock.holder.expiresAt}): ${describeThrown(error).message}`);
  }
}
