import { isWrite, startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { clients, sharedWorld, type World } from '../world.js';
import { startLostAnswersProxy } from './lost-answers.js';
import { bucketContents, scenarioOf, seedUploads } from './scenarios.js';

// The main scenario (a service's task definition, every check, the probe) with faults between the
// action and moto: it must reach the same verdict as a clean run and leave the media bucket's
// objects and versions exactly as they were.
let proxy: FaultProxy;
let world: World;
let inputs: Record<string, string>;
const moto = useMoto();
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
});
beforeEach(async () => {
  proxy.setPlan({ rate: 0, kinds: [] });
  world = await sharedWorld();
  await seedUploads(clients.s3(), world.bucket);
  ({ inputs } = await scenarioOf('probe', world));
});

const verify = (endpoint: string, extra: Record<string, string> = {}) =>
  runBundle('verify-shared-storage', { inputs: { ...inputs, ...extra }, env: { AWS_ENDPOINT_URL: endpoint } });

function results(run: BundleRun): Record<string, string> {
  const report = JSON.parse(run.outputs.report) as { checks: Array<{ id: string; result: string }> };
  return Object.fromEntries(report.checks.map((check) => [check.id, check.result]));
}

const faultsInjected = () => [...proxy.counts.values()].reduce((sum, count) => sum + count.faults, 0);

// Every check of the clean run: the plain-environment password warns, the rest pass or skip.
const CLEAN = {
  'database-configured': 'pass', 'database-credentials': 'warn', 'database-engine': 'pass', 'database-host': 'pass', 'database-rds': 'pass',
  'database-resilience': 'pass', 'media-needed': 'pass', 'media-bucket-configured': 'pass', 'media-bucket-exists': 'pass', 'media-public-access': 'pass',
  'media-versioning': 'pass', 'media-probe': 'pass', 'task-local-mounts': 'pass', 'django-database': 'skip', 'django-storage': 'skip',
};

test('a clean run through the proxy: the verdict every faulted run must reach', async () => {
  const before = await bucketContents(clients.s3(), world.bucket);
  const run = await verify(proxy.endpoint);
  expect(run.code).toBe(0);
  expect(results(run)).toEqual(CLEAN);
  expect(await bucketContents(clients.s3(), world.bucket)).toEqual(before);
});

test.each([1, 2, 3])('30%% of calls throttled, failed with 5xx or dropped (seed %i): same verdict, bucket as found', async (seed) => {
  const before = await bucketContents(clients.s3(), world.bucket);
  proxy.setPlan({ rate: 0.3, kinds: ['throttle', 'server-error', 'drop'], seed });
  const faultsBefore = faultsInjected();
  const run = await verify(proxy.endpoint);
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(results(run)).toEqual(CLEAN);
  expect(faultsInjected() - faultsBefore).toBeGreaterThanOrEqual(3);
  expect(await bucketContents(clients.s3(), world.bucket)).toEqual(before);
});

test('half the probe\'s writes and deletes fail with 2 attempts each: whatever the probe reports, the bucket ends as found', async () => {
  const before = await bucketContents(clients.s3(), world.bucket);
  for (const seed of [4, 5, 6, 7]) {
    proxy.setPlan({ rate: 0.5, kinds: ['throttle', 'server-error', 'drop'], only: /^S3 (PUT|DELETE)$/, seed });
    const run = await verify(proxy.endpoint, { 'max-attempts': '2' });
    const probe = results(run)['media-probe'];
    expect(['pass', 'fail']).toContain(probe);
    // A failed probe names the call that ran out of attempts, and says nothing was left.
    if (probe === 'fail') expect(run.errors[0]).toMatch(/media-probe: write, read back and delete of .* failed: \w+: PutObject \(S3\)/);
    expect(run.errors.join('\n')).not.toContain('left');
    expect(await bucketContents(clients.s3(), world.bucket)).toEqual(before);
  }
});

test('answers lost after moto wrote or deleted: the retried put is recognised as the probe\'s own, and nothing is left', async () => {
  const before = await bucketContents(clients.s3(), world.bucket);
  const lossy = await startLostAnswersProxy(moto.endpoint, (method, path) => (method === 'PUT' || method === 'DELETE') && path.includes('/verify-shared-storage-probe/'));
  try {
    const run = await verify(lossy.endpoint);
    expect(lossy.lost).toEqual([expect.stringMatching(/^PUT \/shop-media\/verify-shared-storage-probe\/1001-1-/), expect.stringMatching(/^DELETE /)]);
    expect(run.errors).toEqual([]);
    expect(results(run)['media-probe']).toBe('pass');
  } finally {
    await lossy.stop();
  }
  expect(await bucketContents(clients.s3(), world.bucket)).toEqual(before);
});

test('100% throttling with max-attempts 3: fails within the budget, naming the AWS call', async () => {
  const before = await bucketContents(clients.s3(), world.bucket);
  proxy.setPlan({ rate: 1, kinds: ['throttle'] });
  const calls = proxy.calls.length;
  const run = await verify(proxy.endpoint, { 'max-attempts': '3' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['verify-shared-storage failed: ThrottlingException: DescribeServices (ECS) after 3 attempts: Rate exceeded']);
  // The first call, tried exactly max-attempts times; nothing after it was attempted.
  expect(proxy.calls.slice(calls)).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices']);
  expect(run.durationMs).toBeLessThan(15_000);
  expect(await bucketContents(clients.s3(), world.bucket)).toEqual(before);
});

test('100% S3 throttling with max-attempts 2: every media check fails naming its call; the others still run', async () => {
  proxy.setPlan({ rate: 1, kinds: ['throttle'], only: /^S3 / });
  const calls = proxy.calls.length;
  const run = await verify(proxy.endpoint, { 'max-attempts': '2' });
  expect(run.code).toBe(1);
  expect(results(run)).toMatchObject({ 'database-rds': 'pass', 'media-bucket-exists': 'fail', 'media-probe': 'skip', 'task-local-mounts': 'pass' });
  expect(run.errors[0]).toMatch(/media-bucket-exists: could not check: .*HeadBucket \(S3\)/);
  expect(proxy.calls.slice(calls).filter(isWrite)).toEqual([]);
});
