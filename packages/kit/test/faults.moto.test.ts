import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describeThrown, makeClient } from '@tandem/kit';
import pLimit from 'p-limit';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { shortRetry } from '@tandem/standins/retry';
import { useMoto } from '@tandem/standins/use-moto';

// The kit's client settings survive the faults AWS gives under load: the SDK's adaptive retry
// absorbs them within its attempt budget, and when the budget runs out the error names the call.
// The clients wait 10, 20, 30 ms between attempts (shortRetry) rather than the SDK's seconds.
let proxy: FaultProxy;
const moto = useMoto({ endpoint: false, reset: 'file' });
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint);
  process.env.AWS_ENDPOINT_URL = proxy.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await proxy?.stop();
});

test('30% throttling, 5xx and dropped connections: 40 writes and 40 reads all land', async () => {
  await moto.reset();
  const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 8, retryTiming: shortRetry() }, 'kit-test');
  proxy.setPlan({ rate: 0, kinds: [] });
  await s3.send(new CreateBucketCommand({ Bucket: 'faulty' }));
  proxy.setPlan({ rate: 0.3, kinds: ['throttle', 'server-error', 'drop'], seed: 7 });
  for (let i = 0; i < 40; i += 1) await s3.send(new PutObjectCommand({ Bucket: 'faulty', Key: `k${i}`, Body: `v${i}` }));
  const bodies = [];
  for (let i = 0; i < 40; i += 1) bodies.push(await (await s3.send(new GetObjectCommand({ Bucket: 'faulty', Key: `k${i}` }))).Body?.transformToString());
  expect(bodies).toEqual(Array.from({ length: 40 }, (_, i) => `v${i}`));
  const faults = [...proxy.counts.values()].reduce((sum, count) => sum + count.faults, 0);
  expect(faults).toBeGreaterThan(12);
}, 120_000);

test('when every attempt is throttled, the error names the call after the budget', async () => {
  const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 3, retryTiming: shortRetry() }, 'kit-test');
  proxy.setPlan({ rate: 1, kinds: ['throttle'] });
  const before = proxy.counts.get('S3 PUT')?.calls ?? 0;
  const error = await s3.send(new PutObjectCommand({ Bucket: 'faulty', Key: 'x', Body: 'x' })).catch((thrown: unknown) => thrown);
  expect((error as Error).name).toBe('SlowDown');
  expect(describeThrown(error).message).toBe('PutObject (S3) after 3 attempts: Please reduce your request rate.');
  expect((proxy.counts.get('S3 PUT')?.calls ?? 0) - before).toBe(3);
}, 60_000);

test('a client given a retry timing waits as it says between attempts, on the limiter it is given', async () => {
  const delays: number[] = [];
  let sent = 0;
  const limiter = { getSendToken: async () => void (sent += 1), updateClientSendingRate: () => undefined };
  const perCall = (attempts: number) =>
    new ConfiguredRetryStrategy(attempts, (attempt) => {
      delays.push(attempt);
      return 1;
    });
  const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 4, retryTiming: { perCall, limiter } }, 'kit-test');
  proxy.setPlan({ rate: 1, kinds: ['throttle'] });
  const error = await s3.send(new PutObjectCommand({ Bucket: 'faulty', Key: 'x', Body: 'x' })).catch((thrown: unknown) => thrown);
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(describeThrown(error).message).toBe('PutObject (S3) after 4 attempts: Please reduce your request rate.');
  expect(delays).toEqual([1, 2, 3]);
  expect(sent).toBe(4);
});

// A storm of 500s and dropped connections, no throttling, at the concurrency a front-end deploy
// uses. Each call has its own attempt budget: a call that others' retries ran alongside still
// gets all of its attempts, so a run ends clean, or a call fails naming itself after it used them all.
test.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %d: 30%% 500s and drops over 240 concurrent writes: each call keeps its own attempts', async (seed) => {
  await moto.reset();
  const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 8, retryTiming: shortRetry() }, 'kit-test');
  proxy.setPlan({ rate: 0, kinds: [] });
  await s3.send(new CreateBucketCommand({ Bucket: 'storm' }));
  proxy.setPlan({ rate: 0.3, kinds: ['server-error', 'drop'], seed });
  const limit = pLimit(16);
  const results = await Promise.all(
    Array.from({ length: 240 }, (_, i) =>
      limit(() => s3.send(new PutObjectCommand({ Bucket: 'storm', Key: `k${i}`, Body: `v${i}` })).then(() => undefined, (error: unknown) => error)),
    ),
  );
  const failed = results.filter((result) => result !== undefined);
  for (const error of failed) {
    expect((error as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(8);
    expect(describeThrown(error).message).toMatch(/^PutObject \(S3\) after 8 attempts: /);
  }
  const faults = [...proxy.counts.values()].reduce((sum, count) => sum + count.faults, 0);
  expect(faults).toBeGreaterThan(50);
  expect(failed.length).toBeLessThanOrEqual(1);
}, 120_000);

describe('isWrite', () => {
  test.each([
    ['S3 PUT /site/index.html', true],
    ['S3 DELETE /site/a.js', true],
    ['S3 POST /site?delete', true],
    ['S3 GET /site', false],
    ['S3 HEAD /site/a.js', false],
    ['CreateInvalidation', true],
    ['CloudFront GET /2020-05-31/distribution/E1', false],
    ['CloudFront POST /2020-05-31/distribution', true],
    ['UpdateService', true],
    ['RegisterTaskDefinition', true],
    ['RunTask', true],
    ['DescribeServices', false],
    ['ListTaskDefinitions', false],
    ['GetAuthorizationToken', false],
    ['BatchGetImage', false],
    ['PutImage', true],
  ])('%s is a write: %s', async (call, expected) => {
    const { isWrite } = await import('@tandem/standins/faults');
    expect(isWrite(call)).toBe(expected);
  });
});

test('the proxy records calls in order and tells writes from reads', async () => {
  await moto.reset();
  proxy.setPlan({ rate: 0, kinds: [] });
  proxy.calls.length = 0;
  const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 1 }, 'kit-test');
  await s3.send(new CreateBucketCommand({ Bucket: 'recorded' }));
  await s3.send(new PutObjectCommand({ Bucket: 'recorded', Key: 'a b.txt', Body: 'x' }));
  await s3.send(new GetObjectCommand({ Bucket: 'recorded', Key: 'a b.txt' }));
  expect(proxy.calls).toEqual(['S3 PUT /recorded/', 'S3 PUT /recorded/a%20b.txt', 'S3 GET /recorded/a%20b.txt']);
  expect(proxy.writes()).toEqual(['S3 PUT /recorded/', 'S3 PUT /recorded/a%20b.txt']);
});
