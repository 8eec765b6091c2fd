/**
 * The deploy lock's decisions and errors, apart from the S3 calls: who may take a lock over, and
 * when it has expired, judged only by S3's clock.
 */

/** What a holder writes as the lock object's body. */
export interface LockHolder {
  owner: string;
  /** Random per acquisition: tells our own lock from another's with the same owner text. */
  token: string;
  /** How long after its last write (S3's LastModified) the lock counts as abandoned. */
  ttlMs: number;
}

/** A lock object as read from S3: the body, and S3's own times for it. */
export interface SeenLock {
  /** Undefined when the body is not a lock this suite wrote: it is never taken over. */
  holder?: LockHolder;
  etag?: string;
  /** The object's LastModified: S3's clock at the holder's last write. */
  lastModified?: number;
  /** The Date header of the response that read it: S3's clock now. */
  serverDate?: number;
}

/** LastModified and Date carry whole seconds: an age read from them may be short by up to this. */
export const S3_CLOCK_RESOLUTION_MS = 1000;

/**
 * How long S3 says the lock has gone without a write, or undefined when S3 did not say (no Date
 * header or no LastModified): the runner's clock is never used in its place.
 */
export function lockAge(seen: Pick<SeenLock, 'lastModified' | 'serverDate'>): number | undefined {
  if (seen.lastModified === undefined || seen.serverDate === undefined) return undefined;
  if (Number.isNaN(seen.lastModified) || Number.isNaN(seen.serverDate)) return undefined;
  return seen.serverDate - seen.lastModified;
}

/** Expired only when S3's own times show it unwritten for longer than the holder's TTL. */
export function lockExpired(seen: SeenLock, fallbackTtlMs: number): boolean {
  if (!seen.holder) return false;
  const age = lockAge(seen);
  if (age === undefined) return false;
  return age >= ttlOf(seen.holder, fallbackTtlMs) + S3_CLOCK_RESOLUTION_MS;
}

/** The holder's own TTL (it renews against that), or ours for a body written without one. */
export function ttlOf(holder: Pick<LockHolder, 'ttlMs'>, fallbackTtlMs: number): number {
  return Number.isFinite(holder.ttlMs) && holder.ttlMs > 0 ? holder.ttlMs : fallbackTtlMs;
}

/** Reads a lock body; anything that is not one of ours gives undefined (held, never removed). */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const body = JSON.parse(text) as Partial<LockHolder>;
    if (typeof body?.owner !== 'string' || body.owner === '') return undefined;
    return { owner: body.owner, token: typeof body.token === 'string' ? body.token : '', ttlMs: Number(body.ttlMs) };
  } catch {
    return undefined;
  }
}

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

/** The owner text for a lock, from the runner's environment. */
export function lockOwner(action: string, env: NodeJS.ProcessEnv = process.env): string {
  const repository = env.GITHUB_REPOSITORY ?? 'local';
  const run = env.GITHUB_RUN_ID ? ` run ${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'}` : ` pid ${process.pid}`;
  return `${repository}${run} (${action}${env.GITHUB_JOB ? `, job ${env.GITHUB_JOB}` : ''})`;
}

const iso = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? 'an unknown time' : new Date(ms).toISOString());

/** Who holds a lock, when S3 last saw it written, and when it expires unless renewed. */
export function describeHolder(seen: SeenLock | undefined, fallbackTtlMs: number, lead = ': '): string {
  if (!seen) return '';
  if (!seen.holder) return `${lead}an object this suite did not write (it is never removed)`;
  const expires = seen.lastModified === undefined ? undefined : seen.lastModified + ttlOf(seen.holder, fallbackTtlMs);
  return `${lead}${seen.holder.owner}, last written ${iso(seen.lastModified)}, expires ${iso(expires)} unless renewed (S3's clock)`;
}

export type LockErrorCode = 'held' | 'cancelled' | 'lost';

/** Every deploy-lock failure: tell them apart by `code` (or instanceof), never by name text. */
export class LockError extends Error {
  constructor(
    readonly code: LockErrorCode,
    /** s3://bucket/key */
    readonly location: string,
    message: string,
  ) {
    super(message);
  }
}

/** Another deploy held the lock for all of lock-wait. */
export class LockHeldError extends LockError {
  override name = 'LockHeldError';
  declare readonly code: 'held';
  constructor(location: string, readonly seen: SeenLock | undefined, waitedMs: number, ttlMs: number) {
    super(
      'held',
      location,
      `another deploy holds the lock ${location}${describeHolder(seen, ttlMs)}. Waited ${Math.round(waitedMs / 1000)}s. ` +
        `Let that deploy finish, or if its run is gone, delete ${location} or wait for it to expire.`,
    );
  }
}

/** The workflow was cancelled while waiting: nothing was changed. */
export class LockWaitCancelled extends LockError {
  override name = 'LockWaitCancelled';
  declare readonly code: 'cancelled';
  constructor(location: string) {
    super('cancelled', location, `the workflow was cancelled while waiting for the deploy lock ${location}. Nothing was changed.`);
  }
}

/** The holder lost its lock (paused past its TTL, renewals failed) and stopped before a write. */
export class LockLostError extends LockError {
  override name = 'LockLostError';
  declare readonly code: 'lost';
  constructor(location: string, why: string, before: string) {
    super('lost', location, `lost the deploy lock ${location} (${why}): stopped before ${before}. Another deploy may be running; run this one again once it is done.`);
  }
}

export const isLockError = (error: unknown): error is LockError => error instanceof LockError;
