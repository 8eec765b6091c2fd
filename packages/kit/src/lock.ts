import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { Log } from './log.js';

/** Who holds a deploy lock, written as the lock object's body. */
export interface LockHolder {
  owner: string;
  /** Random per attempt to take the lock: tells our own lock from another's with the same owner text. */
  token?: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface LockOptions {
  bucket: string;
  key: string;
  /** Who is asking, shown to whoever waits: e.g. 'example/shop run 1001 attempt 1 (deploy)'. */
  owner: string;
  /** After this long the lock counts as abandoned (a killed runner never releases it). */
  ttlMs: number;
  /** How long to wait for a held lock before giving up; 0 refuses at once. */
  waitMs: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Ends the wait with LockWaitCancelled when aborted (a cancelled workflow); nothing is changed. */
  signal?: AbortSignal;
}

export class LockWaitCancelled extends Error {
  override name = 'LockWaitCancelled';
  constructor() {
    super('the workflow was cancelled while waiting for the deploy lock. Nothing was changed.');
  }
}

/** A sleep that ends early, rejecting, when the signal aborts. */
function cancellable(sleep: (ms: number) => Promise<void>, signal?: AbortSignal): (ms: number) => Promise<void> {
  if (!signal) return sleep;
  return (ms) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new LockWaitCancelled());
      const stop = () => reject(new LockWaitCancelled());
      signal.addEventListener('abort', stop, { once: true });
      sleep(ms).then(() => {
        signal.removeEventListener('abort', stop);
        resolve();
      }, reject);
    });
}

export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(readonly location: string, readonly holder: LockHolder | undefined, waitedMs: number) {
    super(
      `another deploy holds the lock ${location}` +
        (holder ? `: ${holder.owner}, since ${holder.acquiredAt}, until ${holder.expiresAt} at the latest` : '') +
        `. Waited ${Math.round(waitedMs / 1000)}s. Let that deploy finish, or if its run is gone, delete ${location} or wait for it to expire.`,
    );
  }
}

export interface HeldLock {
  holder: LockHolder;
  release(): Promise<void>;
}

const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/**
 * A lock made of one S3 object written with If-None-Match: '*': S3 lets exactly one writer create
 * it. A lock older than its expiry is taken over (deleted If-Match its ETag, so two waiters cannot
 * both remove it). Never two writers: the second waits, then refuses with who holds it.
 */
export async function acquireLock(s3: S3Client, options: LockOptions, log: Log): Promise<HeldLock> {
  const now = options.now ?? Date.now;
  const sleep = cancellable(options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))), options.signal);
  const location = `s3://${options.bucket}/${options.key}`;
  const started = now();
  const token = randomUUID();
  let announced = '';
  for (;;) {
    if (options.signal?.aborted) throw new LockWaitCancelled();
    const holder: LockHolder = {
      owner: options.owner,
      token,
      acquiredAt: new Date(now()).toISOString(),
      expiresAt: new Date(now() + options.ttlMs).toISOString(),
    };
    try {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: options.bucket, Key: options.key, Body: JSON.stringify(holder), ContentType: 'application/json', IfNoneMatch: '*' }),
      );
      log.info(`Lock ${location} taken by ${options.owner}`);
      return { holder, release: () => releaseLock(s3, options, put.ETag, log) };
    } catch (error) {
      // 412: someone holds it. 409: a concurrent conditional write on the same key; look again.
      if (status(error) !== 412 && status(error) !== 409) throw error;
    }
    const current = await readHolder(s3, options);
    if (current?.holder.token === token) {
      // Our own write landed but its answer was lost, and the SDK's retry met our lock.
      log.info(`Lock ${location} taken by ${options.owner}`);
      return { holder: current.holder, release: () => releaseLock(s3, options, current.etag, log) };
    }
    if (current && Date.parse(current.holder.expiresAt) <= now()) {
      log.warning(`Lock ${location} held by ${current.holder.owner} expired at ${current.holder.expiresAt}: taking it over`);
      await s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: options.key, IfMatch: current.etag })).catch((error: unknown) => {
        if (status(error) !== 412 && status(error) !== 404) throw error;
      });
      continue;
    }
    const waited = now() - started;
    if (waited >= options.waitMs) throw new LockHeldError(location, current?.holder, waited);
    if (current && announced !== current.holder.owner) {
      announced = current.holder.owner;
      log.info(`Waiting for ${location}, held by ${current.holder.owner} since ${current.holder.acquiredAt}`);
    }
    await sleep(Math.min(options.pollMs ?? 5000, options.waitMs - waited));
  }
}

async function readHolder(s3: S3Client, options: LockOptions): Promise<{ holder: LockHolder; etag?: string } | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: options.key }));
    const text = (await object.Body?.transformToString()) ?? '';
    const holder = JSON.parse(text) as LockHolder;
    if (typeof holder.expiresAt !== 'string') throw new Error('no expiresAt');
    return { holder, etag: object.ETag };
  } catch (error) {
    if (status(error) === 404) return undefined;
    if (error instanceof SyntaxError || (error instanceof Error && error.message === 'no expiresAt')) {
      // Not a lock this suite wrote: treat it as held with no expiry, never delete it.
      return { holder: { owner: 'an unknown writer', acquiredAt: 'unknown', expiresAt: '9999-12-31T00:00:00.000Z' } };
    }
    throw error;
  }
}

async function releaseLock(s3: S3Client, options: LockOptions, etag: string | undefined, log: Log): Promise<void> {
  const location = `s3://${options.bucket}/${options.key}`;
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: options.key, IfMatch: etag }));
    log.info(`Lock ${location} released`);
  } catch (error) {
    // Taken over after expiry by another deploy: it is theirs now, leave it.
    if (status(error) === 412) log.warning(`Lock ${location} was taken over by another deploy after it expired`);
    else throw error;
  }
}

/** The owner text for a lock, from the runner's environment. */
export function lockOwner(action: string, env: NodeJS.ProcessEnv = process.env): string {
  const repository = env.GITHUB_REPOSITORY ?? 'local';
  const run = env.GITHUB_RUN_ID ? ` run ${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'}` : ` pid ${process.pid}`;
  return `${repository}${run} (${action}${env.GITHUB_JOB ? `, job ${env.GITHUB_JOB}` : ''})`;
}
