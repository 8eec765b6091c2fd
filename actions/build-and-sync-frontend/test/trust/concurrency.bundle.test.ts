import type { S3Client } from '@aws-sdk/client-s3';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { body, head, makeSite, s3Client, snapshot } from '../site.js';
import { isWriteCall, startTimedProxy, type TimedCall } from './timed-proxy.js';

// Two deploys of one site at once: the deploy lock (_releases/lock.json, S3 conditional writes)
// lets exactly one write at a time. The second waits, then publishes; or, with a short
// lock-wait, refuses naming the holder and writes nothing but its failed attempt at the lock.
const ACTION = 'build-and-sync-frontend';
const BUCKET = 'shop-site';
const LOCK = `/${BUCKET}/_releases/lock.json`;
let s3: S3Client;

const moto = useMoto({ buckets: [BUCKET] });
beforeAll(() => {
  s3 = s3Client();
});

/** A site of `count` small pages and chunks: enough writes for two runs' to overlap if the lock let them. */
function site(v: number, count = 60) {
  const files: Record<string, string> = { 'index.html': `<script src="/assets/index-0000000${v}.js"></script> v${v}`, [`assets/index-0000000${v}.js`]: `console.log(${v})` };
  for (let i = 0; i < count; i += 1) files[`pages/p${i}.html`] = `page ${i} of v${v}`;
  return makeSite(files);
}

function deploy(endpoint: string, dir: string, release: string, runId: string, extra: Record<string, string> = {}): Promise<BundleRun> {
  return runBundle(ACTION, {
    inputs: { bucket: BUCKET, 'build-command': 'none', 'source-dir': dir, 'release-id': release, concurrency: '2', ...extra },
    env: { AWS_ENDPOINT_URL: endpoint, GITHUB_RUN_ID: runId },
  });
}

/** From the lock's creation (the PUT S3 accepted) to its deletion, and the run's other writes. */
function held(calls: TimedCall[]) {
  const taken = calls.find((call) => call.method === 'PUT' && call.path === LOCK && call.status === 200);
  const released = calls.find((call) => call.method === 'DELETE' && call.path === LOCK);
  const writes = calls.filter((call) => isWriteCall(call) && call.path !== LOCK);
  return { from: taken?.answeredAt ?? Infinity, to: released?.sentAt ?? -Infinity, writes };
}

async function lockExists(): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: '_releases/lock.json' })).then(
    () => true,
    () => false,
  );
}

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type TimedProxy = Awaited<ReturnType<typeof startTimedProxy>>;
const proxies: TimedProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
});

/** A proxy in front of moto that records every call, stopped after the test. */
async function proxy(delayMs?: number, holdBack?: Parameters<typeof startTimedProxy>[3]): Promise<TimedProxy> {
  const started = await startTimedProxy(moto.endpoint, delayMs, Infinity, holdBack);
  proxies.push(started);
  return started;
}

/** A promise and the function that settles it (Promise.withResolvers, which Node 20 under jest lacks). */
function signal(): { done: Promise<void>; give(): void } {
  let give: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (give = resolve));
  return { done, give };
}

/**
 * Release r1 deployed through a slow proxy, once it holds the lock: the run another one meets. It
 * gives the lock back (its DELETE is sent on) only once `release` settles, so the other run meets
 * it held however long that run takes to start.
 */
async function firstHoldingTheLock(release: Promise<unknown>): Promise<{ slow: TimedProxy; first: Promise<BundleRun> }> {
  const slow = await proxy(15, { matches: (method, path) => method === 'DELETE' && path === LOCK, until: release });
  const first = deploy(slow.endpoint, await site(1), 'r1', '2001');
  await until(lockExists);
  return { slow, first };
}

test('two deploys at once: the second waits for the lock, then publishes; their writes never overlap', async () => {
  // The first gives the lock back once the second has found it held: its create refused (412),
  // and the lock read back to learn who holds it. Released on the 412 alone, the first's DELETE
  // could land before that read, and the second would find no lock and simply take it.
  const readHeld = signal();
  const { slow, first } = await firstHoldingTheLock(readHeld.done);
  const other = await proxy();
  const seen = until(async () => {
    const refused = other.calls.findIndex((call) => call.method === 'PUT' && call.path === LOCK && call.status === 412);
    return refused >= 0 && other.calls.slice(refused).some((call) => call.method === 'GET' && call.path === LOCK && call.status === 200);
  }, 120_000).then(readHeld.give);
  const second = await deploy(other.endpoint, await site(2), 'r2', '2002', { 'lock-wait': '2m' });
  await seen;
  const done = await first;
  expect([done.code, done.errors]).toEqual([0, []]);
  expect([second.code, second.errors]).toEqual([0, []]);
  expect(second.stdout).toContain(`Waiting for s3://${BUCKET}/_releases/lock.json, held by example/shop run 2001 attempt 1 (build-and-sync-frontend, job deploy)`);

  const a = held(slow.calls);
  const b = held(other.calls);
  expect(a.writes.length).toBeGreaterThan(60);
  expect(b.writes.length).toBeGreaterThan(0);
  // Every write of each run happened while it held the lock, and the holds did not overlap.
  for (const run of [a, b]) for (const call of run.writes) expect(call.sentAt >= run.from && call.answeredAt <= run.to).toBe(true);
  expect(a.to).toBeLessThanOrEqual(b.from);

  expect(await body(s3, BUCKET, 'index.html')).toContain('v2');
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json')).history.map((entry: { release: string }) => entry.release)).toEqual(['r1', 'r2']);
  expect(await lockExists()).toBe(false);
}, 120_000);

test('with a short lock-wait the second refuses, naming the holder, and writes nothing', async () => {
  // The first gives the lock back once the second has ended.
  const ended = signal();
  const { first } = await firstHoldingTheLock(ended.done);
  const other = await proxy();
  const second = await deploy(other.endpoint, await site(2), 'r2', '2002', { 'lock-wait': '1s' }).finally(ended.give);
  expect(second.code).toBe(1);
  expect(second.errors).toHaveLength(1);
  expect(second.errors[0]).toContain(`Input 'lock-wait': another deploy holds the lock s3://${BUCKET}/_releases/lock.json: example/shop run 2001 attempt 1 (build-and-sync-frontend, job deploy), last written`);
  expect(second.errors[0]).toContain('Or raise lock-wait');
  expect(second.outputs).toEqual({});
  // Its only writes were the refused attempts to create the lock.
  expect(other.calls.filter(isWriteCall).map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual(
    other.calls.filter(isWriteCall).map(() => `PUT ${LOCK} 412`),
  );
  expect(other.calls.filter(isWriteCall).length).toBeGreaterThan(0);
  // Nothing of r2 reached the bucket.
  expect(Object.keys(await snapshot(s3, BUCKET)).filter((key) => key.includes('r2') || key.includes('00000002'))).toEqual([]);

  expect((await first).code).toBe(0);
  expect(await body(s3, BUCKET, 'index.html')).toContain('v1');
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json')).current).toBe('r1');
}, 120_000);

test('a dry run takes no lock: it runs while a deploy holds it', async () => {
  const ended = signal();
  const { first } = await firstHoldingTheLock(ended.done);
  const dry = await deploy(moto.endpoint, await site(2), 'r2', '2002', { 'dry-run': 'true', 'lock-wait': '0s' }).finally(ended.give);
  expect([dry.code, dry.errors]).toEqual([0, []]);
  expect(dry.stdout).toContain('Dry run: would publish release r2');
  expect((await first).code).toBe(0);
  expect(await head(s3, BUCKET, 'index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8' });
}, 120_000);
