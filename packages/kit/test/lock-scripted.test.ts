// What moto 5.2.1 cannot show of the deploy lock, against a scripted S3 that answers on the wire
// as the S3 API reference documents: 409 ConditionalRequestConflict on a conditional PutObject,
// answers without a Date header, and 500s on a renewal or a release. Everything else is tested
// against moto (lock.moto.test.ts, lock-clock.moto.test.ts).
import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { acquireLock, LockHeldError, LockLostError } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}
interface Stored {
  body: string;
  etag: string;
  lastModified: number;
}
type Fault = 'conflict' | 'internal';

const error = (statusCode: number, code: string, message: string): Answer => ({
  statusCode,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>R</RequestId><HostId>H</HostId></Error>`,
});
const FAULTS: Record<Fault, Answer> = {
  conflict: error(409, 'ConditionalRequestConflict', 'A conflicting conditional operation is currently in progress against this resource. Please try again.'),
  internal: error(500, 'InternalError', 'We encountered an internal error. Please try again.'),
};

/** One bucket's objects behind S3's REST interface: PUT, GET and DELETE of one key, with their conditions. */
function scriptedS3(options: { now: () => number; withDate?: boolean }) {
  const objects = new Map<string, Stored>();
  const faults: Array<{ method: string; fault: Fault }> = [];
  const dated = (headers: Record<string, string>) => (options.withDate === false ? headers : { ...headers, date: new Date(options.now()).toUTCString() });
  const requests: string[] = [];
  const answer = (method: string, path: string, headers: Record<string, string>, body: string): Answer => {
    requests.push(method);
    const index = faults.findIndex((fault) => fault.method === method);
    if (index >= 0) return FAULTS[faults.splice(index, 1)[0].fault];
    const current = objects.get(path);
    const ifMatch = headers['if-match'];
    if (ifMatch && !current) return error(404, 'NoSuchKey', 'The specified key does not exist.');
    if (ifMatch && current && ifMatch !== current.etag) return error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    if (method === 'PUT') {
      if (headers['if-none-match'] === '*' && current) return error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      objects.set(path, { body, etag, lastModified: Math.floor(options.now() / 1000) * 1000 });
      return { statusCode: 200, headers: dated({ etag }) };
    }
    if (!current) return error(404, 'NoSuchKey', 'The specified key does not exist.');
    if (method === 'DELETE') {
      objects.delete(path);
      return { statusCode: 204, headers: dated({}) };
    }
    const lastModified = new Date(current.lastModified).toUTCString();
    return { statusCode: 200, headers: dated({ etag: current.etag, 'last-modified': lastModified, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(current.body)) }), body: current.body };
  };
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    requestHandler: {
      handle: async (request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
        const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString() : '';
        const { statusCode, headers: answered, body: text } = answer(request.method, decodeURIComponent(request.path), headers, body);
        return { response: { statusCode, headers: answered, body: new Response(text ?? '').body } };
      },
    } as never,
  });
  return { client, objects, requests, fail: (method: string, fault: Fault) => faults.push({ method, fault }) };
}

const KEY = '/site/_releases/lock.json';
const base = { bucket: 'site', key: '_releases/lock.json', ttlMs: 60_000, waitMs: 0, pollMs: 10 };
/** A heartbeat the test beats by hand. */
function manualBeat() {
  let beat: (() => void) | undefined;
  return { every: (_ms: number, fn: () => void) => ((beat = fn), () => (beat = undefined)), beat: () => beat?.() };
}

test('a renewal met by 409 ConditionalRequestConflict looks again and keeps a lock that is still ours', async () => {
  const s3 = scriptedS3({ now: Date.now });
  const log = recordingLog();
  const heart = manualBeat();
  const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: heart.every }, log);
  s3.fail('PUT', 'conflict');
  heart.beat();
  expect(await lock.stillHeld()).toBe(true);
  expect(JSON.parse(s3.objects.get(KEY)?.body ?? '{}').owner).toBe('run 1');
  expect(log.text('warning')).toBe('');
  await lock.release();
  expect(s3.objects.size).toBe(0);
});

test('a renewal that fails leaves the lock unconfirmed: the next check renews it, and stops the holder when it cannot', async () => {
  let now = Date.parse('2026-11-29T12:00:00Z');
  const s3 = scriptedS3({ now: () => now });
  const log = recordingLog();
  const heart = manualBeat();
  const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: heart.every }, log);
  now += 20_000;
  s3.fail('PUT', 'internal');
  heart.beat();
  s3.fail('PUT', 'internal');
  const lost = await lock.assertHeld('moving the release pointer').catch((thrown: unknown) => thrown);
  expect(lost).toBeInstanceOf(LockLostError);
  expect((lost as Error).message).toContain('(it could not be renewed): stopped before moving the release pointer');
  expect(log.text('warning')).toContain('could not renew the deploy lock s3://site/_releases/lock.json (checked again before the next write)');
  // S3 answers again: the check renews the lock (a new LastModified) and lets the holder go on.
  now += 20_000;
  await lock.assertHeld('moving the release pointer');
  expect(s3.objects.get(KEY)?.lastModified).toBe(now);
  await lock.release();
});

test('answers without a Date header: S3 gave no clock, so an old lock is never taken over by the runner\'s', async () => {
  let now = Date.parse('2026-11-29T12:00:00Z');
  const s3 = scriptedS3({ now: () => now, withDate: false });
  const log = recordingLog();
  await acquireLock(s3.client, { ...base, owner: 'run 1', every: manualBeat().every }, log);
  now += 120 * 60_000;
  const refused = await acquireLock(s3.client, { ...base, owner: 'run 2', now: () => now }, log).catch((thrown: unknown) => thrown);
  expect(refused).toBeInstanceOf(LockHeldError);
  expect(JSON.parse(s3.objects.get(KEY)?.body ?? '{}').owner).toBe('run 1');
});

test('a release that fails is a warning, never thrown: the lock is left to expire', async () => {
  const s3 = scriptedS3({ now: Date.now });
  const log = recordingLog();
  const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: manualBeat().every }, log);
  s3.fail('DELETE', 'internal');
  await expect(lock.release()).resolves.toBeUndefined();
  expect(log.text('warning')).toMatch(/^could not release the deploy lock s3:\/\/site\/_releases\/lock\.json \(it expires 60s after its last renewal\): .*We encountered an internal error/);
  expect(s3.objects.has(KEY)).toBe(true);
});

describe('the trust window: S3\'s last word that the lock is ours stands for a check for trustForMs', () => {
  test('a check within it sends nothing; past it, by the runner\'s clock, the check asks S3', async () => {
    let clock = 0;
    const s3 = scriptedS3({ now: Date.now });
    const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: manualBeat().every, now: () => clock, trustForMs: 1000 }, recordingLog());
    expect(s3.requests).toEqual(['PUT']);
    clock += 900;
    await lock.assertHeld('publishing the entry points');
    expect(s3.requests).toEqual(['PUT']);
    clock += 200;
    await lock.assertHeld('moving the release pointer');
    expect(s3.requests).toEqual(['PUT', 'GET']);
    // The read found it ours and young: trusted again from when it was sent.
    await lock.assertHeld('deleting 3 object(s)');
    expect(s3.requests).toEqual(['PUT', 'GET']);
    await lock.release();
  });

  test('the wall clock counts too: a runner whose monotonic clock stood still (a machine asleep) asks S3', async () => {
    const s3 = scriptedS3({ now: Date.now });
    const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: manualBeat().every, now: () => 0, trustForMs: 50 }, recordingLog());
    await new Promise((resolve) => setTimeout(resolve, 80));
    await lock.assertHeld('publishing the entry points');
    expect(s3.requests).toEqual(['PUT', 'GET']);
    await lock.release();
  });

  test('after a renewal that failed, a check within the window asks S3 (and renews)', async () => {
    const s3 = scriptedS3({ now: Date.now });
    const heart = manualBeat();
    const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: heart.every, now: () => 0, trustForMs: 60_000 }, recordingLog());
    s3.fail('PUT', 'internal');
    heart.beat();
    await lock.assertHeld('publishing the entry points');
    expect(s3.requests).toEqual(['PUT', 'PUT', 'GET', 'PUT']);
    await lock.release();
  });

  test('a lock found taken over is never trusted, however recent the last word', async () => {
    const s3 = scriptedS3({ now: Date.now });
    const heart = manualBeat();
    const log = recordingLog();
    const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: heart.every, now: () => 0, trustForMs: 60_000 }, log);
    const other = JSON.stringify({ owner: 'run 2', token: 'other', ttlMs: 60_000 });
    s3.objects.set(KEY, { body: other, etag: '"other"', lastModified: Date.now() });
    heart.beat();
    const lost = await lock.assertHeld('publishing the entry points').catch((thrown: unknown) => thrown);
    expect(lost).toBeInstanceOf(LockLostError);
    expect((lost as Error).message).toContain('taken over by run 2');
    expect(s3.requests).toEqual(['PUT', 'PUT', 'GET']);
  });

  test('0, the default, asks S3 at every check', async () => {
    const s3 = scriptedS3({ now: Date.now });
    const lock = await acquireLock(s3.client, { ...base, owner: 'run 1', every: manualBeat().every, now: () => 0 }, recordingLog());
    await lock.assertHeld('publishing the entry points');
    await lock.assertHeld('moving the release pointer');
    expect(s3.requests).toEqual(['PUT', 'GET', 'GET']);
    await lock.release();
  });
});
