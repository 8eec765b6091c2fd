// The deploy lock against moto: expiry by S3's clock whatever the runner's clock says, renewal,
// a holder paused past its TTL, and release of a lock that is no longer ours.
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { acquireLock, LockHeldError, LockLostError, makeClient, type HeldLock } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { useMoto } from '@tandem/standins/use-moto';

let s3: S3Client;
useMoto({ buckets: ['site'] });
beforeAll(() => {
  s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 1 }, 'kit-test');
});

const MINUTE = 60_000;
const base = { bucket: 'site', key: '_releases/lock.json', ttlMs: MINUTE, waitMs: 0, pollMs: 100 };
/** A runner whose clock is off by `skewMs`. */
const clock = (skewMs: number) => () => Date.now() + skewMs;
/** A paused runner: its heartbeat never beats. */
const paused = () => () => undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stored(): Promise<{ owner?: string; lastModified?: number } | undefined> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'site' }));
  if (!listed.KeyCount) return undefined;
  const object = await s3.send(new GetObjectCommand({ Bucket: 'site', Key: base.key }));
  return { owner: JSON.parse((await object.Body?.transformToString()) ?? '{}').owner, lastModified: object.LastModified?.getTime() };
}

test.each([
  ['a taker 31 min fast', 0, 31 * MINUTE],
  ['a taker 31 min slow', 0, -31 * MINUTE],
  ['a holder 31 min slow', -31 * MINUTE, 0],
  ['a holder 31 min fast and a taker 31 min slow', 31 * MINUTE, -31 * MINUTE],
])('clock skew: %s never takes over a live lock', async (_name, holderSkew, takerSkew) => {
  const log = recordingLog();
  const holder = await acquireLock(s3, { ...base, owner: 'run 1', now: clock(holderSkew) }, log);
  const taker = await acquireLock(s3, { ...base, owner: 'run 2', now: clock(takerSkew) }, log).catch((error: unknown) => error);
  expect(taker).toBeInstanceOf(LockHeldError);
  expect((await stored())?.owner).toBe('run 1');
  expect(await holder.stillHeld()).toBe(true);
  await holder.release();
});

test('an abandoned lock is taken over when S3\'s clock says it expired, not before, whatever the taker\'s clock', async () => {
  const log = recordingLog();
  await acquireLock(s3, { ...base, owner: 'run 1', ttlMs: 1000, every: paused }, log);
  const abandonedAt = (await stored())?.lastModified ?? NaN;
  const taker = await acquireLock(s3, { ...base, owner: 'run 2', waitMs: 20_000, now: clock(-31 * MINUTE) }, log);
  const taken = await stored();
  expect(taken?.owner).toBe('run 2');
  // S3's own times: the takeover came at least the TTL after the abandoned lock's last write.
  expect((taken?.lastModified ?? 0) - abandonedAt).toBeGreaterThanOrEqual(1000);
  expect(log.text('info')).toContain('Waiting for s3://site/_releases/lock.json, held by run 1, last written');
  expect(log.text('warning')).toMatch(/Lock s3:\/\/site\/_releases\/lock\.json: run 1, .*: S3's clock shows it unwritten for \d+s, past its TTL, taking it over/);
  await taker.release();
}, 30_000);

test('renewal keeps a long holder\'s lock alive past its TTL', async () => {
  const log = recordingLog();
  const holder = await acquireLock(s3, { ...base, owner: 'run 1', ttlMs: 1500, renewEveryMs: 300 }, log);
  const first = (await stored())?.lastModified ?? NaN;
  await sleep(4000);
  await expect(acquireLock(s3, { ...base, owner: 'run 2', ttlMs: 1500 }, log)).rejects.toBeInstanceOf(LockHeldError);
  expect(((await stored())?.lastModified ?? 0) - first).toBeGreaterThanOrEqual(2000);
  expect(await holder.stillHeld()).toBe(true);
  await holder.release();
  expect(await stored()).toBeUndefined();
}, 15_000);

test('a holder paused past its TTL renews on its next check when nobody took the lock', async () => {
  const log = recordingLog();
  const holder = await acquireLock(s3, { ...base, owner: 'run 1', ttlMs: 1000, every: paused }, log);
  await sleep(2500);
  await holder.assertHeld('publishing');
  await expect(acquireLock(s3, { ...base, owner: 'run 2', ttlMs: 1000 }, log)).rejects.toBeInstanceOf(LockHeldError);
  await holder.release();
}, 10_000);

test('a holder paused while another took over stops before its next write, and its release leaves the new lock alone', async () => {
  const log = recordingLog();
  const paused1: HeldLock = await acquireLock(s3, { ...base, owner: 'run 1', ttlMs: 1000, every: paused }, log);
  const other = await acquireLock(s3, { ...base, owner: 'run 2', waitMs: 20_000 }, log);
  expect(await paused1.stillHeld()).toBe(false);
  const lost = await paused1.assertHeld('publishing the entry points').catch((error: unknown) => error);
  expect(lost).toBeInstanceOf(LockLostError);
  expect((lost as LockLostError).code).toBe('lost');
  expect((lost as Error).message).toBe('lost the deploy lock s3://site/_releases/lock.json (taken over by run 2): stopped before publishing the entry points. Another deploy may be running; run this one again once it is done.');
  await paused1.release();
  expect((await stored())?.owner).toBe('run 2');
  expect(log.text('warning')).toContain('Lock s3://site/_releases/lock.json is no longer ours (taken over by run 2): left as it is');
  await other.release();
  expect(await stored()).toBeUndefined();
}, 30_000);

test('a lock left by an earlier attempt of the same run is taken over at once', async () => {
  const log = recordingLog();
  const attempt = (n: number) => `example/shop run 7 attempt ${n} (rolling-deploy-behind-elb, job deploy)`;
  const killed = await acquireLock(s3, { ...base, owner: attempt(1), every: paused }, log);
  const rerun = await acquireLock(s3, { ...base, owner: attempt(2) }, log);
  expect((await stored())?.owner).toBe(attempt(2));
  expect(log.text('warning')).toContain('left by an earlier attempt of this run, taking it over');
  expect(await killed.stillHeld()).toBe(false);
  await rerun.release();
});
