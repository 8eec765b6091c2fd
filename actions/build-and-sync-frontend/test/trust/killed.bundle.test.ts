import type { S3Client } from '@aws-sdk/client-s3';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { body, createBucket, makeSite, s3Client, snapshot } from '../site.js';
import { bucketState } from './bucket-state.js';
import { isWriteCall, startTimedProxy } from './timed-proxy.js';

// A sync killed (SIGKILL, as a cancelled or timed-out runner is) at seeded random points of its
// write phase (after a drawn number of answered writes, so the machine's load does not move them), then run again, ends with the bucket exactly as one clean run leaves it: keys,
// bytes, Content-Type, Cache-Control, metadata and the release record. Between kills, every page
// in the bucket names chunks that are there.
const ACTION = 'build-and-sync-frontend';
const REFERENCE = 'reference-site';
const SUBJECT = 'shop-site';
const KILLS = 6;
let s3: S3Client;

const moto = useMoto({ reset: 'file' });
beforeAll(() => {
  s3 = s3Client();
});

/** Release v: a root page and 80 pages each naming the release's chunk, stable images, a favicon that changes. */
function release(v: number) {
  const chunk = `assets/index-0000000${v}.js`;
  const files: Record<string, string> = {
    'index.html': `<script src="/${chunk}"></script> v${v}`,
    [chunk]: `console.log(${v})`,
    [`assets/style-0000000${v}.css`]: `body { order: ${v} }`,
    'favicon.svg': `<svg>${v}</svg>`,
    'robots.txt': `v${v}`,
  };
  for (let i = 0; i < 80; i += 1) files[`pages/p${i}.html`] = `<script src="/${chunk}"></script> page ${i} v${v}`;
  for (let i = 0; i < 40; i += 1) files[`images/i${i}.png`] = `image ${i}`;
  // Each release drops a few pages of the one before: deletions are part of the sync.
  if (v >= 2) for (let i = 70 + v; i < 80; i += 1) delete files[`pages/p${i}.html`];
  return makeSite(files);
}

const OPTIONS = { 'build-command': 'none', 'keep-releases': '2', 'prune-after': '0s', concurrency: '4' };

function sync(bucket: string, endpoint: string, dir: string, id: string, attempt = 1, killWhen?: Promise<void>): Promise<BundleRun> {
  return runBundle(ACTION, {
    inputs: { bucket, 'source-dir': dir, 'release-id': id, ...OPTIONS },
    env: { AWS_ENDPOINT_URL: endpoint, GITHUB_RUN_ATTEMPT: String(attempt), GITHUB_RUN_ID: `${id}-run`.replace(/\D/g, '') || '1' },
    killWhen,
  });
}

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every page in the bucket names chunks that are in the bucket: no visitor gets a broken page. */
async function everyPageWorks(bucket: string, keys: string[]): Promise<void> {
  const present = new Set(keys);
  for (const key of keys.filter((name) => name.endsWith('.html'))) {
    for (const match of (await body(s3, bucket, key)).matchAll(/src="\/([^"]+)"/g)) expect([key, present.has(match[1])]).toEqual([key, true]);
  }
}

test(`a sync killed at ${KILLS} random moments and run again ends as one clean run`, async () => {
  await createBucket(s3, REFERENCE);
  await createBucket(s3, SUBJECT);
  const [v1, v2, v3] = [await release(1), await release(2), await release(3)];

  // The reference: three clean runs, the last one timed.
  for (const [dir, id] of [[v1, 'r1'], [v2, 'r2']] as const) expect((await sync(REFERENCE, moto.endpoint, dir, id)).code).toBe(0);
  const timed = await startTimedProxy(moto.endpoint, 5);
  const clean = await sync(REFERENCE, timed.endpoint, v3, 'r3');
  await timed.stop();
  expect([clean.code, clean.errors]).toEqual([0, []]);
  const writes = timed.calls.filter(isWriteCall);
  const reference = await bucketState(s3, REFERENCE);

  // The subject: the same first two releases, then the third killed again and again.
  for (const [dir, id] of [[v1, 'r1'], [v2, 'r2']] as const) expect((await sync(SUBJECT, moto.endpoint, dir, id)).code).toBe(0);
  const next = random(20260504);
  const killedAt: number[] = [];
  let attempt = 1;
  for (let i = 0; i < KILLS; i += 1) {
    // Each attempt has less left to do: its point is drawn from a share of the writes that shrinks
    // each time (the lock's write first among them).
    const after = 1 + Math.floor(next() * (writes.length - 1) * 0.75 ** i);
    const proxy = await startTimedProxy(moto.endpoint, 5, after);
    const killed = await sync(SUBJECT, proxy.endpoint, v3, 'r3', attempt, proxy.held);
    await proxy.stop();
    attempt += 1;
    if (killed.code !== 0) killedAt.push(proxy.calls.filter((call) => isWriteCall(call) && !call.path.endsWith('/lock.json')).length);
    const keys = Object.keys(await snapshot(s3, SUBJECT));
    await everyPageWorks(SUBJECT, keys.filter((key) => !key.startsWith('_releases/')));
    expect(['r2', 'r3']).toContain(JSON.parse(await body(s3, SUBJECT, '_releases/current.json')).current);
  }
  // Most kills landed in the middle of the writes (how many writes each got through varies).
  expect(killedAt.filter((count) => count > 0).length).toBeGreaterThanOrEqual(3);

  const final = await sync(SUBJECT, moto.endpoint, v3, 'r3', attempt);
  expect([final.code, final.errors]).toEqual([0, []]);
  expect(await bucketState(s3, SUBJECT)).toEqual(reference);
  process.stdout.write(`killed runs: ${killedAt.length} of ${KILLS}; writes (the lock's aside) done before each kill: ${killedAt.join(', ')} of ${writes.length - 2} in a clean run\n`);
}, 300_000);
