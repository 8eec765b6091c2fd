import type { S3Client } from '@aws-sdk/client-s3';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { BASIC_SITE, createBucket, makeSite, s3Client, served, snapshot } from '../site.js';

// A connection that a NAT or a proxy lost without a word: the request went out and nothing ever
// comes back. The SDK sets no timeout for S3, so such a call waited until the job's own timeout.
// Here it is dropped after idle-timeout and retried, as a dropped connection is.
const ACTION = 'build-and-sync-frontend';
let proxy: FaultProxy;
let s3: S3Client;
let site: string;

const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint);
  s3 = s3Client();
  site = await makeSite(BASIC_SITE);
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
});

function sync(bucket: string): Promise<BundleRun & { seconds: number }> {
  const started = Date.now();
  return runBundle(ACTION, {
    inputs: { bucket, 'build-command': 'none', 'source-dir': site, 'release-id': 'r1', 'idle-timeout': '2s', 'max-attempts': '3' },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  }).then((run) => ({ ...run, seconds: (Date.now() - started) / 1000 }));
}

test('a read that never answers is dropped after idle-timeout and tried again: the deploy ends as a clean one', async () => {
  await createBucket(s3, 'shop-site');
  proxy.setPlan({ rate: 1, kinds: ['silence'], only: /^S3 GET$/, limit: 1 });
  const run = await sync('shop-site');
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(proxy.counts.get('S3 GET')?.faults).toBe(1);
  // One silent call cost the 2 s timeout, not the job's timeout.
  expect(run.seconds).toBeGreaterThanOrEqual(2);
  expect(run.seconds).toBeLessThan(30);
  expect(Object.keys(await served(s3, 'shop-site')).sort()).toEqual(Object.keys(BASIC_SITE).sort());
}, 60_000);

test('an endpoint where every call goes silent fails the step within its budget, naming the call, with nothing changed', async () => {
  await createBucket(s3, 'silent-site');
  const before = await snapshot(s3, 'silent-site');
  proxy.setPlan({ rate: 1, kinds: ['silence'] });
  const run = await sync('silent-site');
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/ListObjectsV2 \(S3\) after 3 attempts/);
  expect(run.errors[0]).toMatch(/timed out after 2000 ms/);
  // 3 attempts of 2 s each and the SDK's backoff between them.
  expect(run.seconds).toBeLessThan(30);
  expect(await snapshot(s3, 'silent-site')).toEqual(before);
}, 60_000);
