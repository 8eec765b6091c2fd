import { CloudFrontClient, GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { startFaultProxy, type FaultPlan, type FaultProxy } from '@tandem/standins/faults';
import { runBundle } from '@tandem/standins/harness';
import { useDistributionBehind } from './behind-proxy.js';

// The main scenario through a proxy that answers a share of the calls as CloudFront does under
// load: 400 Throttling (TooManyInvalidationsInProgress on CreateInvalidation, which the SDK does
// not retry: the action does, until submit-timeout), 500 InternalFailure, or a dropped
// connection. The end state is read from moto.

let proxy: FaultProxy;
let cloudfront: CloudFrontClient;
let distributionId: string;
useDistributionBehind(startFaultProxy, (made) => ({ proxy, cloudfront, distributionId } = made));
beforeEach(() => proxy.clear());

const KEYS = ['index.html', 'about/index.html', 'blog/index.html', 'blog/first-post.html', 'menü card.html', 'robots.txt'];
const PATHS = ['/', '/about/', '/about/index.html', '/blog/', '/blog/first-post.html', '/blog/index.html', '/index.html', '/men%C3%BC%20card.html', '/robots.txt'];

const deploy = (plan: FaultPlan, inputs: Record<string, string> = {}) => {
  proxy.setPlan(plan);
  return runBundle('invalidate-cdn', {
    inputs: { 'distribution-id': distributionId, 'changed-keys': JSON.stringify(KEYS), ...inputs },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  });
};

async function invalidations() {
  const { InvalidationList: list } = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
  return Promise.all(
    (list?.Items ?? []).map(async (item) => {
      const { Invalidation: found } = await cloudfront.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: item.Id }));
      return { id: found?.Id, paths: found?.InvalidationBatch?.Paths?.Items };
    }),
  );
}

const faults = () => [...proxy.counts.values()].reduce((sum, count) => sum + count.faults, 0);

describe('30% of the calls fail (throttling, 5xx, dropped connections)', () => {
  // Seeds chosen so that every run meets faults; each is repeatable with its seed.
  test.each([1, 2, 3, 4])('seed %i: one invalidation with every path, waited for until completed', async (seed) => {
    const run = await deploy({ rate: 0.3, kinds: ['throttle', 'server-error', 'drop'], seed });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const stored = await invalidations();
    expect(stored).toEqual([{ id: run.outputs['invalidation-id'], paths: PATHS }]);
    expect(run.outputs.status).toBe('completed');
    expect(faults()).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

test('TooManyInvalidationsInProgress on CreateInvalidation: the action retries it and creates one invalidation', async () => {
  const run = await deploy({ rate: 0.5, kinds: ['throttle'], only: /^CreateInvalidation$/, seed: 3 });
  expect(run.code).toBe(0);
  const creates = proxy.counts.get('CreateInvalidation');
  expect(creates?.faults).toBeGreaterThanOrEqual(1);
  expect(run.stdout).toContain('CreateInvalidation (CloudFront) answered TooManyInvalidationsInProgress; retrying in');
  expect(await invalidations()).toEqual([{ id: run.outputs['invalidation-id'], paths: PATHS }]);
}, 60_000);

test('every call throttled: fails after max-attempts, naming the call, nothing written', async () => {
  const run = await deploy({ rate: 1, kinds: ['throttle'] }, { 'max-attempts': '2' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['invalidate-cdn failed: Throttling: GetDistribution (CloudFront) after 2 attempts: Rate exceeded']);
  expect(proxy.calls).toEqual(Array(2).fill(`CloudFront GET /2020-05-31/distribution/${distributionId}`));
  expect(proxy.writes()).toEqual([]);
  expect(await invalidations()).toEqual([]);
  expect(run.durationMs).toBeLessThan(10_000);
});

test('every CreateInvalidation answered TooManyInvalidationsInProgress: fails at submit-timeout, naming the call', async () => {
  const run = await deploy({ rate: 1, kinds: ['throttle'], only: /^CreateInvalidation$/ }, { 'max-attempts': '2', 'submit-timeout': '12s' });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  const attempts = Number(/after (\d+) attempts/.exec(run.errors[0])?.[1]);
  expect(run.errors[0]).toBe(
    `invalidate-cdn failed: CreateInvalidation (CloudFront) answered TooManyInvalidationsInProgress; gave up at the submit-timeout deadline after ${attempts} attempts. ` +
      'Nothing more was submitted; run again once the invalidations in progress complete, or raise submit-timeout',
  );
  // One call per attempt: the SDK does not retry TooManyInvalidationsInProgress, the action does.
  expect(proxy.counts.get('CreateInvalidation')).toEqual({ calls: attempts, faults: attempts });
  expect(attempts).toBeGreaterThanOrEqual(2);
  expect(await invalidations()).toEqual([]);
  expect(run.outputs.status).toBe('failed');
  expect(run.durationMs).toBeLessThan(12_000 + 5_000);
}, 60_000);

test('a poll of the wait whose connection dropped on every try is polled again, and the wait completes', async () => {
  // Both of the SDK's tries of the first GetInvalidation lose their connection: that poll gets no answer.
  const run = await deploy({ rate: 1, kinds: ['drop'], only: /^CloudFront GET .*\/invalidation\/[^/]+$/, limit: 2 }, { 'max-attempts': '2' });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(faults()).toBe(2);
  expect(run.stdout).toMatch(new RegExp(`a poll failed \\(.+\\); invalidation ${run.outputs['invalidation-id']} goes on in CloudFront whatever the poll got: polling again`));
  expect(run.stdout).toMatch(/AWS answered again, after 1 failed poll over \d/);
  expect(run.outputs.status).toBe('completed');
}, 60_000);
