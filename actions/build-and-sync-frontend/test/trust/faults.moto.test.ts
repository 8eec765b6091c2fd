import type { S3Client } from '@aws-sdk/client-s3';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { createBucket, makeSite, s3Client, snapshot } from '../site.js';
import { bucketState } from './bucket-state.js';

// The action's main scenario (a deploy; a release staged while the back end rolls out, then
// published; a deploy that prunes) through a proxy that answers a quarter of the calls with
// 503 SlowDown, 500 InternalError or a dropped connection, ends exactly as the same scenario
// without faults: every key, its bytes, headers, metadata and the release record.
const RATE = 0.25;
let proxy: FaultProxy;
let s3: S3Client;
let clean: BundleRun[];
let reference: Awaited<ReturnType<typeof bucketState>>;

const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint);
  s3 = s3Client();
  await createBucket(s3, 'reference-site');
  clean = await scenario('reference-site', moto.endpoint);
  reference = await bucketState(s3, 'reference-site');
}, 120_000);
afterAll(async () => {
  await proxy?.stop();
});

function release(v: number) {
  const files: Record<string, string> = {
    'index.html': `<script src="/assets/index-0000000${v}.js"></script> v${v}`,
    [`assets/index-0000000${v}.js`]: `console.log(${v})`,
    'favicon.svg': `<svg>${v}</svg>`,
    'robots.txt': `v${v}`,
  };
  for (let i = 0; i < 16; i += 1) files[`pages/p${i}.html`] = `page ${i} v${Math.min(v, 1 + (i % 2))}`;
  for (let i = 0; i < 10; i += 1) files[`images/i${i}.png`] = `image ${i}`;
  return makeSite(files);
}

async function scenario(bucket: string, endpoint: string, attempts = '8'): Promise<BundleRun[]> {
  const [v1, v2, v3] = [await release(1), await release(2), await release(3)];
  const common = { bucket, 'build-command': 'none', 'max-attempts': attempts, 'keep-releases': '1', 'prune-after': '0s', concurrency: '4' };
  const step = (inputs: Record<string, string>) => runBundle('build-and-sync-frontend', { inputs: { ...common, ...inputs }, env: { AWS_ENDPOINT_URL: endpoint } });
  return [
    await step({ 'source-dir': v1, 'release-id': 'r1' }),
    await step({ 'source-dir': v2, 'release-id': 'r2', publish: 'assets' }),
    await step({ 'restore-release': 'r2' }),
    await step({ 'source-dir': v3, 'release-id': 'r3' }),
  ];
}

const faults = () => [...proxy.counts.values()].reduce((sum, count) => sum + count.faults, 0);

test.each([1, 2])(`with ${RATE * 100}%% of calls faulted (seed %i) the scenario ends as a clean one`, async (seed) => {
  expect(clean.map((run) => run.code)).toEqual([0, 0, 0, 0]);
  const bucket = `shop-site-${seed}`;
  await createBucket(s3, bucket);
  const [faultsBefore, callsBefore] = [faults(), proxy.calls.length];
  proxy.setPlan({ rate: RATE, kinds: ['throttle', 'server-error', 'drop'], seed });
  const faulted = await scenario(bucket, proxy.endpoint);
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(faulted.map((run) => [run.code, run.errors])).toEqual(faulted.map(() => [0, []]));
  const injected = faults() - faultsBefore;
  expect(injected).toBeGreaterThan(15);
  expect(await bucketState(s3, bucket)).toEqual(reference);
  // The outputs say the same too: what changed, and what each run did.
  expect(faulted.map((run) => run.outputs['changed-keys'])).toEqual(clean.map((run) => run.outputs['changed-keys']));
  process.stdout.write(`seed ${seed}: ${injected} faults injected in ${proxy.calls.length - callsBefore} calls\n`);
}, 240_000);

test('at 100% throttling the step fails within its retry budget, naming the AWS call, with nothing changed', async () => {
  await createBucket(s3, 'shop-site');
  const before = await snapshot(s3, 'shop-site');
  proxy.setPlan({ rate: 1, kinds: ['throttle'] });
  const started = Date.now();
  const run = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: 'shop-site', 'build-command': 'none', 'source-dir': await release(1), 'release-id': 'r1', 'max-attempts': '2' },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  });
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/ListObjectsV2.*(SlowDown|slow down|reduce your request rate)/i);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(await snapshot(s3, 'shop-site')).toEqual(before);
}, 60_000);
