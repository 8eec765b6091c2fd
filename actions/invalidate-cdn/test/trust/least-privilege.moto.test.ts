import { CloudFrontClient, CreateInvalidationCommand, GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { runBundle } from '@tandem/standins/harness';
import { actionsOf, enforcePolicy, relaxPolicy, without, type Credentials, type PolicyDocument } from '@tandem/standins/iam';
import { useMoto } from '@tandem/standins/use-moto';
import { createDistribution } from '@tandem/standins/resources';
import { startInProgressProxy, type InProgressProxy } from './in-progress.js';
import { forMoto, HEADINGS, POLICIES, readmePolicies, type Mode } from './policies.js';

// Each mode's scenario runs under exactly the README's policy with moto's IAM enforcement on, and
// fails when any one action is taken away. moto checks the actions; it cannot check the
// resource (the distribution's ARN) for CloudFront, so the policy runs with Resource "*" (see
// forMoto). Another deploy's invalidation is in progress in every scenario, as it often is on
// AWS, so reading the room in flight (ListInvalidations, GetInvalidation) is part of each run.

let proxy: InProgressProxy;
const moto = useMoto({ endpoint: false });
beforeAll(async () => {
  proxy = await startInProgressProxy(moto.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
});
beforeEach(async () => {
  await relaxPolicy(moto);
  proxy.calls.length = 0;
  proxy.inProgress.clear();
});

const CHANGED = ['index.html', 'about/index.html'];
const client = (keys: Credentials) =>
  new CloudFrontClient({ region: 'us-east-1', endpoint: moto.endpoint, maxAttempts: 1, credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY } });

/** A distribution with another deploy's invalidation in progress, then enforcement on under `policy`. */
async function world(policy: PolicyDocument) {
  const setup = client({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
  const distributionId = await createDistribution(setup);
  const { Invalidation: other } = await setup.send(
    new CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: { CallerReference: 'other-deploy', Paths: { Quantity: 1, Items: ['/other/*'] } } }),
  );
  proxy.inProgress.add(other?.Id ?? '');
  const { admin, deployer } = await enforcePolicy(moto, forMoto(policy));
  const run = (inputs: Record<string, string>) =>
    runBundle('invalidate-cdn', {
      inputs: { 'distribution-id': distributionId, 'changed-keys': JSON.stringify(CHANGED), 'max-attempts': '2', ...inputs },
      env: { ...deployer, AWS_ENDPOINT_URL: proxy.endpoint },
    });
  /** Ours: every invalidation but the other deploy's, with its paths, read with the admin's keys. */
  const created = async () => {
    const { InvalidationList: list } = await client(admin).send(new ListInvalidationsCommand({ DistributionId: distributionId }));
    const ids = (list?.Items ?? []).map((item) => item.Id ?? '').filter((id) => id !== other?.Id);
    return Promise.all(ids.map(async (id) => (await client(admin).send(new GetInvalidationCommand({ DistributionId: distributionId, Id: id }))).Invalidation?.InvalidationBatch?.Paths?.Items));
  };
  return { distributionId, run, created };
}

const refusal = (operation: string, distributionId: string) =>
  `invalidate-cdn: ${operation} (CloudFront) was refused: access denied: grant cloudfront:${operation} on arn:aws:cloudfront::<account>:distribution/${distributionId} (the IAM policy in invalidate-cdn's README lists what each mode needs)`;
const operations = () => proxy.calls.map((call) => call.operation);
const refused = () => proxy.calls.filter((call) => call.status === 403).map((call) => call.operation);

afterEach(() => relaxPolicy(moto));

test('the README gives exactly the policies these tests run', () => {
  const expected = Object.fromEntries((Object.keys(POLICIES) as Mode[]).map((mode) => [HEADINGS[mode], POLICIES[mode]]));
  expect(readmePolicies()).toEqual(expected);
});

describe('deploy', () => {
  test('under exactly its policy: reads the room, creates the invalidation, waits until it completes', async () => {
    const { run, created } = await world(POLICIES.deploy);
    const result = await run({});
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('completed');
    expect(await created()).toEqual([['/', '/about/', '/about/index.html', '/index.html']]);
    expect(refused()).toEqual([]);
    expect(operations()).toEqual(['GetDistribution', 'ListInvalidations', 'GetInvalidation', 'CreateInvalidation', 'GetInvalidation']);
    expect(result.stdout).toContain('Created invalidation');
  });

  test('with wait: false, under the same policy', async () => {
    const { run, created } = await world(POLICIES.deploy);
    const result = await run({ wait: 'false' });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('submitted');
    expect(await created()).toHaveLength(1);
    expect(refused()).toEqual([]);
  });

  test('nothing changed: only GetDistribution is called', async () => {
    const { run, created } = await world(POLICIES.deploy);
    const result = await run({ 'changed-keys': '[]' });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('skipped');
    expect(operations()).toEqual(['GetDistribution']);
    expect(await created()).toEqual([]);
  });

  test.each(actionsOf(POLICIES.deploy))('without %s it fails at that call, creating nothing', async (action) => {
    const { run, created, distributionId } = await world(without(POLICIES.deploy, action));
    const result = await run({});
    const operation = action.replace('cloudfront:', '');
    expect(result.code).toBe(1);
    expect(refused()).toEqual([operation]);
    expect(result.errors).toEqual([refusal(operation, distributionId)]);
    // GetInvalidation is refused reading the other deploy's invalidation, before anything is created.
    expect(await created()).toEqual([]);
  });
});

describe('dry run', () => {
  test('under exactly its policy: reports the room left by the invalidation in progress, creates nothing', async () => {
    const { run, created } = await world(POLICIES['dry-run']);
    const result = await run({ 'dry-run': 'true' });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(result.stdout).toContain('room in flight now: 3000 file paths, 14 wildcard paths. Nothing was created.');
    expect(operations()).toEqual(['GetDistribution', 'ListInvalidations', 'GetInvalidation']);
    expect(await created()).toEqual([]);
  });

  test.each(actionsOf(POLICIES['dry-run']))('without %s it fails at that call', async (action) => {
    const { run, created, distributionId } = await world(without(POLICIES['dry-run'], action));
    const result = await run({ 'dry-run': 'true' });
    const operation = action.replace('cloudfront:', '');
    expect(result.code).toBe(1);
    expect(refused()).toEqual([operation]);
    expect(result.errors).toEqual([refusal(operation, distributionId)]);
    expect(await created()).toEqual([]);
  });
});
