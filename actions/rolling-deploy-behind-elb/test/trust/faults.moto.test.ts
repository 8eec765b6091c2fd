import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { runBundle } from '@tandem/standins/harness';
import { useMotoEndpoint, type Moto } from '@tandem/standins/moto';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import type { EcsWorld } from '@tandem/standins/ecs-world';
import { releasedWorld, serviceNow, startDeployMoto } from './world.js';

// The deploy (migration, lock, rollout, wait) through a proxy that answers a share of the calls
// with throttling, 5xx and dropped connections in each service's own error shape; and with every
// call throttled, a failure that names the AWS call once the retry budget is spent.

const BUCKET = 'shop-deploy-locks';
let moto: Moto;
let proxy: FaultProxy;
let world: EcsWorld;
let s3: S3Client;

beforeAll(async () => {
  moto = await startDeployMoto();
  useMotoEndpoint(moto);
  proxy = await startFaultProxy(moto.endpoint);
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
});
beforeEach(async () => {
  proxy.setPlan({ rate: 0, kinds: [] });
  await moto.reset();
  world = await releasedWorld();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  proxy.calls.length = 0;
  proxy.counts.clear();
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const deploy = (inputs: Record<string, string>) =>
  runBundle('rolling-deploy-behind-elb', {
    inputs: { cluster: world.cluster, service: world.service, 'poll-interval': '100ms', 'wait-timeout': '1m', 'lock-bucket': BUCKET, ...inputs },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  });

const faults = () => [...proxy.counts.values()].reduce((sum, count) => sum + count.faults, 0);

test.each([1, 2, 3])('25%% of calls faulted (throttling, 5xx, dropped connections; seed %i): the deploy completes and moto shows it', async (seed) => {
  const image = await world.pushImage('shop', 'v2');
  proxy.setPlan({ rate: 0.25, kinds: ['throttle', 'server-error', 'drop'], seed });
  const run = await deploy({ image, 'migrate-command': 'python manage.py migrate --noinput' });
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(faults()).toBeGreaterThanOrEqual(5);
  expect(run.outputs.status).toBe('completed');
  const arn = run.outputs['task-definition-arn'];
  expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: arn })]);
  // One revision registered, once; tagged served; the lock gone.
  expect((await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }))).taskDefinitionArns).toEqual([world.taskDefinitionArn, arn]);
  const tags = (await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))).tags ?? [];
  expect(tags.map((tag) => tag.key)).toContain('tandem-deploy:served');
  expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(0);
});

test('every call throttled: fails naming the first AWS call after max-attempts tries, having written nothing', async () => {
  const image = await world.pushImage('shop', 'v2');
  const before = await serviceNow(world);
  proxy.setPlan({ rate: 1, kinds: ['throttle'] });
  const run = await deploy({ image, 'max-attempts': '3' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^rolling-deploy-behind-elb failed: SlowDown: PutObject \(S3\) after 3 attempts: Please reduce your request rate\./)]);
  expect(proxy.counts.get('S3 PUT')).toEqual({ calls: 3, faults: 3 });
  expect(proxy.calls).toHaveLength(3);
  expect((await serviceNow(world)).deployments).toEqual(before.deployments);
});

test('UpdateService throttled past its budget: the step fails naming it, and the previous revision still serves', async () => {
  const image = await world.pushImage('shop', 'v2');
  proxy.setPlan({ rate: 1, kinds: ['throttle'], only: /^UpdateService$/ });
  const run = await deploy({ image, 'max-attempts': '3' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^rolling-deploy-behind-elb failed: ThrottlingException: UpdateService \(ECS\) after 3 attempts: Rate exceeded/)]);
  expect(proxy.counts.get('UpdateService')).toEqual({ calls: 3, faults: 3 });
  expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn })]);
  expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(0);
});

/** Resolves once the proxy has seen `operation` (the deploy's run goes on meanwhile). */
async function seen(operation: string): Promise<void> {
  while (!proxy.counts.get(operation)?.calls) await new Promise((resolve) => setTimeout(resolve, 5));
}

// Every call of the wait's polls, after the SDK's own tries.
const POLLS = /^(DescribeServices|ListTasks|DescribeTasks|DescribeTargetHealth)$/;

test("the wait's polls failing for 3 s once the rollout started (throttling, 5xx, dropped connections): the deploy polls on and completes, nothing rolled back", async () => {
  const image = await world.pushImage('shop', 'v2');
  const running = deploy({ image, 'max-attempts': '2' });
  await seen('UpdateService');
  proxy.setPlan({ rate: 1, kinds: ['throttle', 'server-error', 'drop'], only: POLLS });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const faulted = faults();
  proxy.setPlan({ rate: 0, kinds: [] });
  const run = await running;
  expect(faulted).toBeGreaterThanOrEqual(4);
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  expect(run.stdout).toMatch(/a poll failed \(.+\); deployment ecs-svc\/\d+ of web goes on in ECS whatever the poll got: polling again/);
  expect(run.stdout).toMatch(/AWS answered again, after \d+ failed polls? over \d/);
  // One UpdateService: the rollout's; no rollback was started.
  expect(proxy.counts.get('UpdateService')?.calls).toBe(1);
  expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: run.outputs['task-definition-arn'] })]);
});

test('credentials that expire during the wait: the step fails saying the rollout goes on in ECS, unwatched, and how to make the session last; ECS completes it', async () => {
  const image = await world.pushImage('shop', 'v2');
  const running = deploy({ image, 'max-attempts': '2' });
  await seen('UpdateService');
  proxy.setPlan({ rate: 1, kinds: ['expired'] });
  const run = await running;
  proxy.setPlan({ rate: 0, kinds: [] });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringContaining(`the AWS credentials expired during the wait (ExpiredTokenException): deployment ${run.outputs['deployment-id'] ?? ''}`)]);
  expect(run.errors[0]).toMatch(new RegExp(`deployment ecs-svc/\\d+ of ${world.service} goes on in ECS, unwatched, .*role-duration-seconds of aws-actions/configure-aws-credentials`));
  // The rollout that the expired session started goes on, and ECS completes it: nothing was undone half-way.
  const completed = async () => (await serviceNow(world)).deployments?.find((deployment) => deployment.rolloutState === 'COMPLETED')?.taskDefinition;
  for (let tries = 0; tries < 100 && (await completed()) === world.taskDefinitionArn; tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await completed()).toBe(run.outputs['task-definition-arn']);
  expect(run.outputs['task-definition-arn']).not.toBe(world.taskDefinitionArn);
});
