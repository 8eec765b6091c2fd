import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { acquireLock, LockHeldError, LockWaitCancelled, makeClient } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { waitFor } from '@tandem/standins/ports';
import { useMoto } from '@tandem/standins/use-moto';

let s3: S3Client;
useMoto({ buckets: ['site'] });
beforeAll(() => {
  s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 1 }, 'kit-test');
});

const base = { bucket: 'site', key: '_releases/deploy.lock', ttlMs: 60_000, waitMs: 0, pollMs: 10 };

test('one holder at a time; released, it can be taken again', async () => {
  const log = recordingLog();
  const first = await acquireLock(s3, { ...base, owner: 'run 1' }, log);
  const asked = Date.now();
  const second = await acquireLock(s3, { ...base, owner: 'run 2' }, log).catch((error: unknown) => error);
  const tookMs = Date.now() - asked;
  expect(second).toBeInstanceOf(LockHeldError);
  const message = (second as Error).message;
  expect(message).toMatch(/^another deploy holds the lock s3:\/\/site\/_releases\/deploy.lock: run 1, last written \S+Z, expires \S+Z unless renewed \(S3's clock\)\. Waited \d+s\./);
  // With wait 0 it gives up after one write and one read; "Waited" counts those requests, which a
  // loaded machine can stretch past half a second, so it is checked against the time the call took.
  expect(Number(/Waited (\d+)s/.exec(message)?.[1]) * 1000).toBeLessThanOrEqual(tookMs + 500);
  await first.release();
  const third = await acquireLock(s3, { ...base, owner: 'run 3' }, log);
  const body = await (await s3.send(new GetObjectCommand({ Bucket: 'site', Key: base.key }))).Body?.transformToString();
  expect(JSON.parse(body ?? '{}').owner).toBe('run 3');
  await third.release();
  expect((await s3.send(new ListObjectsV2Command({ Bucket: 'site' }))).KeyCount).toBe(0);
});

test('racing writers: exactly one wins', async () => {
  const log = recordingLog();
  const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLock(s3, { ...base, owner: `run ${i}` }, log)));
  expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
  expect(attempts.filter((attempt) => attempt.status === 'rejected' && attempt.reason instanceof LockHeldError)).toHaveLength(7);
});

test('a waiter gets the lock once the holder releases it', async () => {
  const log = recordingLog();
  const first = await acquireLock(s3, { ...base, owner: 'run 1' }, log);
  const waiting = acquireLock(s3, { ...base, owner: 'run 2', waitMs: 30_000, pollMs: 100 }, log);
  // Released once the waiter says it waits, not after a fixed time a slow first attempt could outlast.
  await waitFor('the waiter', async () => log.text().includes('Waiting for'), 20_000);
  await first.release();
  const second = await waiting;
  expect(second.holder.owner).toBe('run 2');
  expect(log.text()).toContain('Waiting for s3://site/_releases/deploy.lock, held by run 1');
});

test('an object that is not a lock of ours is never removed', async () => {
  await s3.send(new PutObjectCommand({ Bucket: 'site', Key: base.key, Body: 'hand-written' }));
  await expect(acquireLock(s3, { ...base, owner: 'run 1' }, recordingLog())).rejects.toThrow(': an object this suite did not write (it is never removed)');
  const body = await (await s3.send(new GetObjectCommand({ Bucket: 'site', Key: base.key }))).Body?.transformToString();
  expect(body).toBe('hand-written');
});

test('a lock whose answer was lost is recognised as ours on the retry, not waited on', async () => {
  const log = recordingLog();
  // The first PutObject reaches S3 but its answer is lost: the SDK retries and meets our own lock.
  let puts = 0;
  const lossy = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 2 }, 'kit-test');
  lossy.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'PutObjectCommand' && (puts += 1) === 1) throw Object.assign(new Error('socket hang up'), { $metadata: {}, name: 'TimeoutError' });
      return result;
    },
    { step: 'deserialize', name: 'loseFirstAnswer' },
  );
  const first = await acquireLock(lossy, { ...base, owner: 'run 1' }, log);
  expect(puts).toBe(2);
  expect(first.holder.owner).toBe('run 1');
  await first.release();
  // The answer thrown away above leaves its connection assigned to that call: closed here, or
  // (moto keeping connections alive) it would keep the jest worker from exiting.
  lossy.destroy();
  expect((await s3.send(new ListObjectsV2Command({ Bucket: 'site' }))).KeyCount).toBe(0);
});

test('a cancelled workflow ends the wait at once, changing nothing', async () => {
  const log = recordingLog();
  const first = await acquireLock(s3, { ...base, owner: 'run 1' }, log);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  await expect(acquireLock(s3, { ...base, owner: 'run 2', waitMs: 60_000, pollMs: 10_000, signal: controller.signal }, log)).rejects.toBeInstanceOf(LockWaitCancelled);
  expect(Date.now() - started).toBeLessThan(5_000);
  const body = await (await s3.send(new GetObjectCommand({ Bucket: 'site', Key: base.key }))).Body?.transformToString();
  expect(JSON.parse(body ?? '{}').owner).toBe('run 1');
  await first.release();
});
