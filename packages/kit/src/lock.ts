import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { sleep as realSleep } from './clock.js';
import { hasStatus } from './aws-errors.js';
import { describeThrown } from './errors.js';
import type { Log } from './log.js';
import { describeHolder, leftByEarlierAttempt, lockAge, lockExpired, LockHeldError, LockLostError, LockWaitCancelled, parseHolder, type LockHolder, type SeenLock } from './lock-rules.js';

export interface LockOptions {
  bucket: string;
  key: string;
  /** Who is asking, shown to whoever waits: e.g. 'example/shop run 1001 attempt 1 (deploy)'. */
  owner: string;
  /** A lock not written for this long (by S3's clock) counts as abandoned: a killed runner never releases it. */
  ttlMs: number;
  /** How long to wait for a held lock before giving up; 0 refuses at once. */
  waitMs: number;
  pollMs?: number;
  /** The holder rewrites its lock this often; a fraction of the TTL (a quarter by default). */
  renewEveryMs?: number;
  /** The runner's clock: only to measure how long this run has waited, never to judge expiry. */
  now?: () => number;
  /** The kit's clock's sleep: rejects with the signal's reason when it aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Runs `beat` every `ms` until the returned stop is called (a paused runner runs none). */
  every?: (ms: number, beat: () => void) => () => void;
  /** Ends the wait with LockWaitCancelled when aborted (a cancelled workflow); nothing is changed. */
  signal?: AbortSignal;
  /**
   * How long after S3 last said the lock is ours (it was taken, renewed or read back) a check may
   * take that word instead of asking again; 0, the default, asks every time. See S3Lock.trusted.
   */
  trustForMs?: number;
}

export interface HeldLock {
  readonly holder: LockHolder;
  readonly location: string;
  /** Whether the lock is still ours by S3's word; renews it first when the heartbeat fell behind. */
  stillHeld(): Promise<boolean>;
  /** Throws LockLostError unless the lock is still ours; call before every publishing or deleting step. */
  assertHeld(before: string): Promise<void>;
  /** Deletes the lock if it is still ours (If-Match); a failure is only a warning. Never throws. */
  release(): Promise<void>;
}

/** 412: the condition failed; 404: no such object (If-Match on a missing key); 409: a concurrent conditional write. */
const isConflict = (error: unknown) => hasStatus(error, 404, 409, 412);

const everyInterval = (ms: number, beat: () => void) => {
  const timer = setInterval(beat, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** A moment on the runner's two clocks: the monotonic one, and the wall clock, which also runs while the machine sleeps. */
interface Stamp {
  clock: number;
  wall: number;
}
const stamp = (options: LockOptions): Stamp => ({ clock: (options.now ?? (() => performance.now()))(), wall: Date.now() });

/** Sends one call and keeps the Date header of its answer: S3's clock, not the runner's. */
async function sendDated<Output>(s3: S3Client, command: GetObjectCommand | PutObjectCommand): Promise<{ output: Output; serverDate?: number }> {
  let serverDate: number | undefined;
  // Both commands share one stack type at this step; the cast only lets one function serve both.
  (command.middlewareStack as PutObjectCommand['middlewareStack']).add(
    (next) => async (args) => {
      const result = await next(args);
      const date = (result.response as { headers?: Record<string, string> })?.headers?.date;
      if (date) serverDate = Date.parse(date);
      return result;
    },
    { step: 'deserialize', name: 'lockServerDate' },
  );
  const output = (await s3.send(command as PutObjectCommand)) as Output;
  return { output, serverDate };
}

async function readLock(s3: S3Client, bucket: string, key: string): Promise<SeenLock | undefined> {
  try {
    const { output, serverDate } = await sendDated<{ Body?: { transformToString(): Promise<string> }; ETag?: string; LastModified?: Date }>(
      s3,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    );
    const holder = parseHolder((await output.Body?.transformToString()) ?? '');
    return { holder, etag: output.ETag, lastModified: output.LastModified?.getTime(), serverDate };
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

async function writeLock(s3: S3Client, bucket: string, key: string, holder: LockHolder, condition: { IfNoneMatch: '*' } | { IfMatch: string }) {
  const body = JSON.stringify(holder);
  const { output } = await sendDated<{ ETag?: string }>(s3, new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', ...condition }));
  return output.ETag;
}

/**
 * A lock made of one S3 object. It is created with If-None-Match: '*' (S3 lets exactly one writer
 * create it), renewed by its holder with If-Match on its ETag (a renewal never overwrites a lock
 * someone else took), and taken over, also with If-Match, only when S3's own clock says it went
 * unwritten past its TTL or when an earlier attempt of the same run left it. The runner's clock
 * decides nothing: runners' clocks can be off by minutes.
 *
 * moto 5.2.1 honours If-None-Match and If-Match on PutObject and If-Match on DeleteObject as S3
 * does (412; 404 for If-Match on a missing key), so those paths are tested against it. It never
 * answers 409 ConditionalRequestConflict nor leaves out the Date header: that behaviour is tested
 * with a scripted S3 (packages/kit/test/lock-scripted.test.ts).
 */
export async function acquireLock(s3: S3Client, options: LockOptions, log: Log): Promise<HeldLock> {
  const now = options.now ?? Date.now;
  const location = `s3://${options.bucket}/${options.key}`;
  const sleep = waitCancelledAs(options.sleep ?? realSleep, location, options.signal);
  const started = now();
  const holder: LockHolder = { owner: options.owner, token: randomUUID(), ttlMs: options.ttlMs };
  // When the request that showed the lock ours was sent: S3 said so no earlier than that.
  let asked: Stamp | undefined;
  const held = (etag: string | undefined) => {
    log.info(`Lock ${location} taken by ${options.owner}`);
    return new S3Lock(s3, options, location, holder, etag, log, asked);
  };
  let announced = '';
  for (;;) {
    if (options.signal?.aborted) throw new LockWaitCancelled(location);
    try {
      asked = stamp(options);
      return held(await writeLock(s3, options.bucket, options.key, holder, { IfNoneMatch: '*' }));
    } catch (error) {
      if (!hasStatus(error, 412, 409)) throw error;
    }
    asked = stamp(options);
    const current = await readLock(s3, options.bucket, options.key);
    if (!current) continue; // released between the two calls: try again at once
    // Our own write landed but its answer was lost, and the SDK's retry met our lock.
    if (current.holder?.token === holder.token) return held(current.etag);
    const why = takeoverReason(current, options);
    if (why && current.etag) {
      log.warning(`Lock ${location}${describeHolder(current, options.ttlMs)}: ${why}, taking it over`);
      try {
        asked = stamp(options);
        return held(await writeLock(s3, options.bucket, options.key, holder, { IfMatch: current.etag }));
      } catch (error) {
        if (!isConflict(error)) throw error;
        continue; // another waiter moved first; look again
      }
    }
    const waited = now() - started;
    if (waited >= options.waitMs) throw new LockHeldError(location, current, waited, options.ttlMs);
    const who = current.holder?.owner ?? 'an unknown writer';
    if (announced !== who) {
      announced = who;
      log.info(`Waiting for ${location}, held${describeHolder(current, options.ttlMs, ' by ')}`);
    }
    await sleep(Math.min(options.pollMs ?? 5000, options.waitMs - waited));
  }
}

function takeoverReason(current: SeenLock, options: LockOptions): string | undefined {
  if (!current.holder) return undefined;
  if (leftByEarlierAttempt(current.holder.owner, options.owner)) return 'left by an earlier attempt of this run';
  if (lockExpired(current, options.ttlMs)) return `S3's clock shows it unwritten for ${Math.round((lockAge(current) ?? 0) / 1000)}s, past its TTL`;
  return undefined;
}

/** The wait's sleep: a cancellation during it is a LockWaitCancelled, which says nothing was changed. */
function waitCancelledAs(sleep: (ms: number, signal?: AbortSignal) => Promise<void>, location: string, signal?: AbortSignal): (ms: number) => Promise<void> {
  return async (ms) => {
    try {
      await sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw new LockWaitCancelled(location);
      throw error;
    }
  };
}

class S3Lock implements HeldLock {
  /** Why the lock is not ours any more; once set, it stays set. */
  private lost?: string;
  /** A renewal failed for a reason other than losing the lock: confirm before the next write. */
  private unconfirmed = false;
  /** Renewals and checks run one at a time, so none carries an ETag another has just replaced. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stopBeating: () => void;
  private readonly renewEveryMs: number;

  constructor(
    private readonly s3: S3Client,
    private readonly options: LockOptions,
    readonly location: string,
    readonly holder: LockHolder,
    private etag: string | undefined,
    private readonly log: Log,
    /** When the last request that found the lock ours was sent. */
    private confirmed: Stamp | undefined,
  ) {
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(options.ttlMs / 4));
    this.stopBeating = (options.every ?? everyInterval)(this.renewEveryMs, () => void this.serial(() => this.renew()));
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private loseIt(why: string): void {
    if (this.lost) return;
    this.lost = why;
    this.stopBeating();
    this.log.warning(`Lost the deploy lock ${this.location}: ${why}. This deploy stops before its next write.`);
  }

  /** Rewrites the lock If-Match its ETag: S3 sets a new LastModified, so the TTL starts again. */
  private async renew(): Promise<void> {
    if (this.lost || !this.etag) return;
    const asked = stamp(this.options);
    try {
      this.etag = await writeLock(this.s3, this.options.bucket, this.options.key, this.holder, { IfMatch: this.etag });
      this.unconfirmed = false;
      this.confirmed = asked;
    } catch (error) {
      if (isConflict(error)) {
        await this.recheck();
        return;
      }
      this.unconfirmed = true;
      this.log.warning(`could not renew the deploy lock ${this.location} (checked again before the next write): ${describeThrown(error).message}`);
    }
  }

  /** Reads the lock: another's token means it was taken over; ours under a new ETag means a lost answer. */
  private async recheck(): Promise<SeenLock | undefined> {
    const asked = stamp(this.options);
    const current = await readLock(this.s3, this.options.bucket, this.options.key);
    if (!current) this.loseIt('the lock object was deleted');
    else if (current.holder?.token !== this.holder.token) this.loseIt(`taken over by ${current.holder?.owner ?? 'an unknown writer'}`);
    else {
      this.etag = current.etag;
      // Read back ours, but not renewed: only as good as its age allows (stillHeld renews an old one).
      const age = lockAge(current);
      if (age !== undefined && age < this.renewEveryMs) this.confirmed = asked;
    }
    return current;
  }

  /**
   * Whether S3's last word that the lock is ours is recent enough to stand for a check: sent less
   * than trustForMs ago by both of the runner's clocks (the wall clock also counts a machine's
   * sleep, which the monotonic one leaves out), with every renewal since then answered. Another
   * run can take the lock only once it has gone unwritten for its TTL by S3's clock, or once this
   * attempt is over (a rerun): the first needs far longer than the window (trustForMs is a small
   * part of the TTL, and the lock was at most renewEveryMs old when confirmed), and the second can
   * happen as well between any check and the write it guards. On S3 each check saved is a round
   * trip, two on every deploy whose steps follow each other within the window.
   */
  private trusted(): boolean {
    const trust = this.options.trustForMs ?? 0;
    if (trust <= 0 || this.unconfirmed || !this.confirmed) return false;
    const now = stamp(this.options);
    const sinceClock = now.clock - this.confirmed.clock;
    const sinceWall = now.wall - this.confirmed.wall;
    return sinceClock >= 0 && sinceClock < trust && sinceWall >= 0 && sinceWall < trust;
  }

  stillHeld(): Promise<boolean> {
    return this.serial(async () => {
      if (this.lost) return false;
      if (this.trusted()) return true;
      const current = await this.recheck();
      if (this.lost || !current) return false;
      // Paused, or renewals failed: renew now, so the write that follows has the whole TTL ahead.
      const age = lockAge(current);
      if (this.unconfirmed || age === undefined || age >= this.renewEveryMs) await this.renew();
      return !this.lost && !this.unconfirmed;
    });
  }

  async assertHeld(before: string): Promise<void> {
    let held: boolean;
    try {
      held = await this.stillHeld();
    } catch (error) {
      throw new LockLostError(this.location, `it could not be checked: ${describeThrown(error).message}`, before);
    }
    if (!held) throw new LockLostError(this.location, this.lost ?? 'it could not be renewed', before);
  }

  release(): Promise<void> {
    this.stopBeating();
    return this.serial(async () => {
      try {
        if (!this.lost && this.etag) await this.deleteIfOurs();
        if (this.lost) this.log.warning(`Lock ${this.location} is no longer ours (${this.lost}): left as it is`);
      } catch (error) {
        this.log.warning(`could not release the deploy lock ${this.location} (it expires ${this.options.ttlMs / 1000}s after its last renewal): ${describeThrown(error).message}`);
      }
    });
  }

  private async deleteIfOurs(): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await this.s3.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.options.key, IfMatch: this.etag }));
        this.log.info(`Lock ${this.location} released`);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
        // Ours under a new ETag (a renewal's lost answer) is deleted on the second try; another's is left.
        if (!(await this.recheck()) || this.lost) return;
      }
    }
  }
}

export { describeHolder, isLockError, leftByEarlierAttempt, lockAge, lockExpired, LockError, LockHeldError, LockLostError, lockOwner, LockWaitCancelled, parseHolder } from './lock-rules.js';
export type { LockErrorCode, LockHolder, SeenLock } from './lock-rules.js';
