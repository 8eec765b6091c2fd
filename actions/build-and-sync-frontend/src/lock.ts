import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { acquireLock, ConfigurationError, describeThrown, lockOwner, type HeldLock, type Log } from '@tandem/kit';
import { listObjects } from '@tandem/frontend';
import type { Inputs } from './inputs.js';

/** A lock left by a runner that was killed expires after this long; keep job timeouts below it. */
export const LOCK_TTL_MS = 60 * 60_000;

/** The deploy lock lives in the release record, which syncing and pruning never touch. */
export const lockKey = (inputs: Pick<Inputs, 'releases-prefix'>) => `${inputs['releases-prefix']}lock.json`;

const RUN = /^(.*) run (\d+) attempt (\d+) \((.*)\)$/;

/**
 * A re-run of a workflow run only starts once every attempt before it has ended: a lock one of
 * them still holds was left by a killed runner, and is this job's to take over at once.
 */
export function leftByEarlierAttempt(holder: string, me: string): boolean {
  const theirs = RUN.exec(holder);
  const mine = RUN.exec(me);
  if (!theirs || !mine) return false;
  return theirs[1] === mine[1] && theirs[2] === mine[2] && theirs[4] === mine[4] && Number(theirs[3]) < Number(mine[3]);
}

const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

async function takeOverEarlierAttempt(s3: S3Client, bucket: string, key: string, owner: string, log: Log): Promise<void> {
  let holder: { owner?: string } | undefined;
  let etag: string | undefined;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    etag = object.ETag;
    holder = JSON.parse((await object.Body?.transformToString()) ?? '') as { owner?: string };
  } catch (error) {
    if (status(error) === 404 || error instanceof SyntaxError) return;
    throw error;
  }
  if (!holder?.owner || !leftByEarlierAttempt(holder.owner, owner)) return;
  log.warning(`Lock s3://${bucket}/${key} was left by ${holder.owner}, an earlier attempt of this run: taking it over`);
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag })).catch((error: unknown) => {
    if (status(error) !== 412 && status(error) !== 404) throw error;
  });
}

/**
 * Takes the site's deploy lock, waiting up to lock-wait for another deploy to finish. The buckets
 * are looked at first (reads only), so a missing or closed bucket is refused before any write.
 */
export async function takeDeployLock(s3: S3Client, inputs: Inputs, action: string, log: Log, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<HeldLock> {
  const bucket = inputs['releases-bucket'];
  const key = lockKey(inputs);
  const probes = [listObjects(s3, inputs.bucket, key, 'bucket', () => true)];
  if (bucket !== inputs.bucket) probes.push(listObjects(s3, bucket, key, 'releases-bucket', () => true));
  await Promise.all(probes);
  const owner = lockOwner(action, env);
  await takeOverEarlierAttempt(s3, bucket, key, owner, log);
  try {
    return await acquireLock(s3, { bucket, key, owner, ttlMs: LOCK_TTL_MS, waitMs: inputs['lock-wait'], pollMs: 2000, signal }, log);
  } catch (error) {
    if ((error as Error)?.name === 'LockHeldError') throw new ConfigurationError(`${(error as Error).message} Or raise lock-wait`, 'lock-wait');
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
