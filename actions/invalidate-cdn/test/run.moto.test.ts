import { CloudFrontClient, GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { scriptedTiming } from '../../../packages/cdn/test/timeline.js';
import { useMoto } from '@tandem/standins/use-moto';
import { testContext } from '@tandem/standins/context';
import { readInputs } from '../src/inputs.js';
import { run, type Deps } from '../src/run.js';
import { InputReader, tableInputs, makeClient } from '@tandem/kit';
import { createDistribution } from '@tandem/standins/resources';

let cloudfront: CloudFrontClient;
let distributionId: string;
useMoto();
beforeAll(() => {
  cloudfront = makeClient(CloudFrontClient, { region: 'us-east-1', maxAttempts: 2 }, 'invalidate-cdn-test');
});
beforeEach(async () => {
  distributionId = await createDistribution(cloudfront);
});

function deps(): Deps {
  return { cloudfront: () => cloudfront, random: () => 0.5, env: { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' }, pollMs: 10_000 };
}

/** The run's context, with a clock that moves only when the action sleeps. */
function context() {
  return testContext({ clock: scriptedTiming() });
}
const inputs = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ 'distribution-id': distributionId, ...values })));

test('creates one invalidation for the changed keys and waits until moto says COMPLETED', async () => {
  distributionId = await createDistribution(cloudfront, 'shop-site', '/site');
  const keys = ['site/index.html', 'site/docs/index.html', 'site/assets/app-Bpcrg61J.js', 'site/menü card.html'];
  const used = context();
  const outcome = await run(inputs({ 'changed-keys': JSON.stringify(keys), prefix: 'site' }), deps(), used);
  expect(outcome.status).toBe('completed');
  expect(outcome.invalidations).toHaveLength(1);
  const { InvalidationList: list } = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
  expect(list?.Items?.map((item) => item.Id)).toEqual([outcome.invalidations[0].id]);
  const { Invalidation: stored } = await cloudfront.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: outcome.invalidations[0].id }));
  expect(stored?.InvalidationBatch?.Paths?.Items).toEqual(['/', '/assets/app-Bpcrg61J.js', '/docs/', '/docs/index.html', '/index.html', '/men%C3%BC%20card.html']);
  expect(stored?.InvalidationBatch?.CallerReference).toMatch(/^tandem-42-1-[0-9a-f]{8}-[0-9a-f]{16}$/);
  expect(used.log.text()).toContain(`Invalidation ${outcome.invalidations[0].id} completed after 0ms`);
  expect(used.log.text('warning')).toBe('');
});

// Viewers request production/index.html as /index.html when the origin path is /production.
test('prefix left empty follows the origin path of the default behaviour\'s S3 origin', async () => {
  distributionId = await createDistribution(cloudfront, 'shop-site', '/production');
  const used = context();
  const outcome = await run(inputs({ 'changed-keys': JSON.stringify(['production/index.html', 'production/about/index.html', 'staging/index.html']), wait: 'false' }), deps(), used);
  const { Invalidation: stored } = await cloudfront.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: outcome.invalidations[0].id }));
  expect(stored?.InvalidationBatch?.Paths?.Items).toEqual(['/', '/about/', '/about/index.html', '/index.html']);
  expect(used.log.text()).toContain("prefix 'production/': the origin path of shop-site-origin, the S3 origin of the default behaviour (set prefix to use another)");
  expect(used.log.text('warning')).toBe("1 changed key(s) lie outside prefix 'production/' and were left out: staging/index.html");
});

test('a prefix that is not the origin path is used as given, with a warning', async () => {
  distributionId = await createDistribution(cloudfront, 'shop-site', '/production');
  const used = context();
  const outcome = await run(inputs({ 'changed-keys': JSON.stringify(['web/index.html']), prefix: 'web', wait: 'false' }), deps(), used);
  expect(outcome.invalidations[0].paths).toEqual(['/', '/index.html']);
  expect(used.log.text('warning')).toBe(
    "prefix 'web/' is not the origin path of shop-site-origin, the S3 origin of the default behaviour ('/production'): the changed keys are invalidated as if it were; leave prefix empty to follow the distribution",
  );
});

test('skip-immutable leaves hashed assets out', async () => {
  const keys = ['index.html', 'assets/app-Bpcrg61J.js', 'static/js/main.3f2a1b9c.js'];
  const outcome = await run(inputs({ 'changed-keys': JSON.stringify(keys), 'skip-immutable': 'true', wait: 'false' }), deps(), context());
  expect(outcome.status).toBe('submitted');
  expect(outcome.invalidations[0].paths).toEqual(['/', '/index.html']);
  expect(outcome.plan.immutable).toEqual(['assets/app-Bpcrg61J.js', 'static/js/main.3f2a1b9c.js']);
});

test('nothing changed: no invalidation, and a line saying so', async () => {
  const used = context();
  const outcome = await run(inputs({ 'changed-keys': '[]' }), deps(), used);
  expect(outcome.status).toBe('skipped');
  expect(used.log.text()).toContain(`Nothing changed that ${distributionId} serves: no invalidation created`);
  const { InvalidationList: list } = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
  expect(list?.Quantity).toBe(0);
});

test('dry run plans and creates nothing', async () => {
  const outcome = await run(inputs({ paths: '/index.html\n/assets/*', 'dry-run': 'true' }), deps(), context());
  expect(outcome.status).toBe('dry-run');
  expect(outcome.plan.paths).toEqual(['/assets/*', '/index.html']);
  expect(outcome.room).toEqual({ files: 3000, wildcards: 15 });
  const { InvalidationList: list } = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
  expect(list?.Quantity).toBe(0);
});

test('a distribution that does not exist fails naming the input, before any invalidation', async () => {
  const error = await run(inputs({ 'distribution-id': 'E0000000000000', paths: '/x' }), deps(), context()).catch((thrown: unknown) => thrown);
  expect((error as Error).message).toContain("Input 'distribution-id': no CloudFront distribution 'E0000000000000'");
});

test('a wait-timeout over an hour warns about the OIDC session', async () => {
  const used = context();
  await run(inputs({ paths: '/a', 'wait-timeout': '2h' }), deps(), used);
  expect(used.log.text('warning')).toContain('wait-timeout is 2h, longer than the 1-hour session an OIDC role gets by default');
});
