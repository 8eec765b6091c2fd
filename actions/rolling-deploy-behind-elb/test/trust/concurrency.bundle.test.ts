import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMotoEndpoint, type Moto, MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { createEcsWorld, type EcsWorld } from '@tandem/standins/ecs-world';
import { ECS_WRITE, labelCalls, type LabelledCall } from './calls.js';

// Two deploys of one service at once, and a deploy cancelled mid-rollout, through the bundle.
// The rollout launcher completes rollouts after 2 s; images of the repository shop-slow take
// 120 s, so a cancel or a second deploy lands while the first is still rolling out. Each run
// goes through its own proxy (faults off) so that every AWS call is known by run and order.

const BUCKET = 'deploy-locks';
const KEY = 'tandem-deploy/locks/ecs/shop/web.json';
const owner = (run: string) => `example/shop run ${run} attempt 1 (rolling-deploy-behind-elb, job deploy)`;

let moto: Moto;
let world: EcsWorld;
let s3: S3Client;
let proxies: FaultProxy[] = [];
let calls: LabelledCall[] = [];

beforeAll(async () => {
  moto = await sharedMoto({
    script: MOTO_ROLLOUTS,
    env: { MOTO_ROLLOUT_SECONDS: '2', MOTO_ROLLOUT_SLOW_IMAGE: 'shop-slow', MOTO_ROLLOUT_SLOW_SECONDS: '120' },
  });
  useMotoEndpoint(moto);
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
});
beforeEach(async () => {
  await moto.reset();
  world = await createEcsWorld({ releaseTags: [{ key: 'tandem-deploy:release', value: 'r1' }, { key: 'tandem-deploy:commit', value: '1'.repeat(40) }] });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  calls = [];
});
afterEach(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  proxies = [];
});
afterAll(() => moto?.stop());

async function deploy(run: string, inputs: Record<string, string>, extra: { signalAfterMs?: number } = {}): Promise<BundleRun> {
  const proxy = await startFaultProxy(moto.endpoint);
  proxies.push(proxy);
  labelCalls(proxy, run, calls);
  return runBundle('rolling-deploy-behind-elb', {
    inputs: { cluster: world.cluster, service: world.service, 'poll-interval': '200ms', 'wait-timeout': '3m', 'lock-bucket': BUCKET, 'release-id': `release-${run}`, ...inputs },
    env: { AWS_ENDPOINT_URL: proxy.endpoint, GITHUB_RUN_ID: run },
    ...(extra.signalAfterMs ? { signalAfter: { signal: 'SIGINT' as const, ms: extra.signalAfterMs } } : {}),
  });
}

async function lockExists(): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY })).then(() => true, () => false);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function service() {
  return (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
}

test('two deploys at once: the second waits for the lock, then deploys on top of the first; never two writers', async () => {
  const [v2, v3] = [await world.pushImage('shop', 'v2'), await world.pushImage('shop', 'v3')];
  const runs = await Promise.all([deploy('2001', { image: v2, 'lock-wait': '2m' }), deploy('2002', { image: v3, 'lock-wait': '2m' })]);
  for (const run of runs) expect(run.errors).toEqual([]);
  const waited = runs.filter((run) => run.stdout.includes(`Waiting for s3://${BUCKET}/${KEY}`));
  expect(waited).toHaveLength(1);
  const second = waited[0];
  const first = runs.find((run) => run !== second)!;
  const firstId = first === runs[0] ? '2001' : '2002';
  const secondId = firstId === '2001' ? '2002' : '2001';
  expect(second.stdout).toContain(`Waiting for s3://${BUCKET}/${KEY}, held by ${owner(firstId)}`);
  expect(first.outputs.status).toBe('completed');
  expect(second.outputs.status).toBe('completed');
  // The second planned after the first finished: what it replaced is what the first deployed.
  expect(second.outputs['previous-task-definition-arn']).toBe(first.outputs['task-definition-arn']);
  expect((await service()).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: second.outputs['task-definition-arn'] })]);

  // Every write of the first, then every write of the second, the second's only after the first let go.
  const writers = calls.filter((entry) => ECS_WRITE.test(entry.call)).map((entry) => entry.run);
  expect(writers.length).toBeGreaterThanOrEqual(6);
  expect(writers).toEqual([...writers.filter((run) => run === firstId), ...writers.filter((run) => run === secondId)]);
  const released = calls.findIndex((entry) => entry.run === firstId && entry.call === `S3 DELETE /${BUCKET}/${KEY}`);
  const secondFirstWrite = calls.findIndex((entry) => entry.run === secondId && ECS_WRITE.test(entry.call));
  expect(released).toBeGreaterThan(-1);
  expect(secondFirstWrite).toBeGreaterThan(released);
  expect(calls.filter((entry) => entry.call === 'UpdateService').map((entry) => entry.run)).toEqual([firstId, secondId]);
  expect(await lockExists()).toBe(false);
  expect(first.summary).toContain('<td>lock taken</td>');
});

test('while a deploy holds the lock, another with a short lock-wait refuses, naming the holder, and writes nothing', async () => {
  const slow = await world.pushImage('shop-slow', 'v2');
  const other = await world.pushImage('shop', 'v3');
  // Cancelled well after the refused run is done, even on a loaded machine where each run takes seconds to start.
  const holding = deploy('3001', { image: slow }, { signalAfterMs: 30_000 });
  // The proxy notes UpdateService as it is sent: the service is read once ECS shows the new deployment.
  await until(
    'the first deploy to take the lock and start its rollout',
    async () => calls.some((entry) => entry.run === '3001' && entry.call === 'UpdateService') && (await service()).deployments?.some((deployment) => deployment.rolloutState === 'IN_PROGRESS') === true,
  );
  const before = await service();
  const refused = await deploy('3002', { image: other, 'lock-wait': '1s' });
  expect(refused.code).toBe(1);
  expect(refused.errors).toHaveLength(1);
  expect(refused.errors[0]).toMatch(new RegExp(`^rolling-deploy-behind-elb: Input 'lock-wait': another deploy holds the lock s3://${BUCKET}/${KEY}: ${owner('3001').replace(/[()]/g, '\\$&')}, last written \\S+, expires \\S+ unless renewed \\(S3's clock\\)\\. Waited 1s\\. Let that deploy finish.* Or raise lock-wait$`));
  const writes = calls.filter((entry) => entry.run === '3002' && (ECS_WRITE.test(entry.call) || /^S3 (PUT|DELETE|POST)/.test(entry.call)));
  expect(writes.map((entry) => entry.call).every((call) => call === `S3 PUT /${BUCKET}/${KEY}`)).toBe(true);
  expect(writes.filter((entry) => ECS_WRITE.test(entry.call))).toEqual([]);
  expect((await service()).deployments).toEqual(before.deployments);
  expect(await lockExists()).toBe(true);
  const first = await holding;
  expect(first.code).toBe(1);
  expect(await lockExists()).toBe(false);
});

test('cancelled mid-rollout: the step fails at once saying so, starts the rollback and releases the lock', async () => {
  const slow = await world.pushImage('shop-slow', 'v2');
  const signalAfterMs = 8000;
  const run = await deploy('4001', { image: slow }, { signalAfterMs });
  const rolloutStarted = run.stdout.search(/deployment ecs-svc\/\d+ started: .*shop-web:2/);
  const cancelled = run.stdout.indexOf('received SIGINT, cancelling');
  expect(rolloutStarted).toBeGreaterThan(-1);
  expect(cancelled).toBeGreaterThan(rolloutStarted);
  expect(run.code).toBe(1);
  expect(run.durationMs).toBeLessThan(signalAfterMs + 5000);
  expect(run.outputs.status).toBe('failed');
  expect(run.errors).toEqual([
    expect.stringMatching(new RegExp(`^rolling-deploy-behind-elb failed: failed: the workflow was cancelled before the rollout finished\\. Rollback to ${world.taskDefinitionArn} started as deployment ecs-svc/\\d+; not waited for\\.$`)),
  ]);
  expect(calls.filter((entry) => entry.call === 'UpdateService')).toHaveLength(2);
  expect(run.stdout).toContain(`Lock s3://${BUCKET}/${KEY} released`);
  expect(await lockExists()).toBe(false);
  // The rollback this run started goes on without it, and the previous revision serves again.
  await until('the rollback to complete', async () => {
    const deployments = (await service()).deployments ?? [];
    return deployments.length === 1 && deployments[0].rolloutState === 'COMPLETED' && deployments[0].taskDefinition === world.taskDefinitionArn;
  });
});
