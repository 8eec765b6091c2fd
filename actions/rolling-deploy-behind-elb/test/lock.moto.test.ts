// The deploy lock in a real run against moto (with the rollout launcher): a runner paused past the
// lock's TTL while another deploy took it over neither rolls out nor rolls back, and fails saying
// it lost the lock.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testContext } from '@tandem/standins/context';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { acquireLock, deployLockKeys, InputReader, makeClient, tableInputs, type HeldLock } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { type EcsWorld } from '@tandem/standins/ecs-world';
import { useRolloutWorld } from './rollouts.js';
import { readInputs } from '../src/inputs.js';
import { defaultDeps, run } from '../src/run.js';

let world: EcsWorld;
let s3: S3Client;
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const BUCKET = 'shop-deploy-locks';
const OTHER = 'example/shop run 2 attempt 1 (rolling-deploy-behind-elb)';

useRolloutWorld({ releaseTags: [{ key: 'tandem-deploy:release', value: 'r1' }, { key: 'tandem-deploy:commit', value: '1'.repeat(40) }] }, (made) => (world = made), { buckets: [BUCKET] });
beforeAll(() => {
  s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 1 }, 'test');
});

/**
 * Deploys with a 1 s lock TTL and no heartbeat; at the first ECS call named `pauseAt` (its `nth`
 * one), the runner stops until another deploy has taken the lock over.
 */
async function deployPausedAt(pauseAt: string, values: Record<string, string>, nth = 1) {
  const inputs = readInputs(
    new InputReader(tableInputs({ cluster: world.cluster, service: world.service, 'poll-interval': '100ms', 'wait-timeout': '20s', 'lock-bucket': BUCKET, ...values })),
    { ...process.env, GITHUB_SHA: SHA },
  );
  const log = recordingLog();
  const deps = { ...defaultDeps(inputs), lockTiming: { ttlMs: 1000, every: () => () => undefined } };
  let other: HeldLock | undefined;
  let seen = 0;
  deps.clients.ecs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === pauseAt && (seen += 1) === nth) {
        other = await acquireLock(s3, { bucket: BUCKET, key: deployLockKeys.service(world.cluster, world.service), owner: OTHER, ttlMs: 60_000, waitMs: 20_000, pollMs: 100 }, recordingLog());
      }
      return next(args);
    },
    { step: 'initialize', name: 'pauseRunner' },
  );
  const error = await run(inputs, deps, testContext({ signal: new AbortController().signal, log })).then(() => undefined, (thrown: unknown) => thrown as Error);
  return { error, log, other };
}

const lockOwnerNow = async () =>
  JSON.parse((await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: deployLockKeys.service(world.cluster, world.service) }))).Body?.transformToString()) ?? '{}').owner;

test('paused past its TTL before the rollout, while another deploy took the lock: nothing rolled out, the step fails saying it lost the lock', async () => {
  const image = await world.pushImage('shop', 'v2');
  const { error, log, other } = await deployPausedAt('RegisterTaskDefinitionCommand', { image });
  const location = `s3://${BUCKET}/${deployLockKeys.service(world.cluster, world.service)}`;
  expect(error?.message).toBe(
    `failed: lost the deploy lock ${location} (taken over by ${OTHER}): stopped before starting the rollout. Another deploy may be running; run this one again once it is done. Nothing was rolled out: ${world.taskDefinitionArn} still serves.`,
  );
  const service = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
  expect(service.deployments?.map((deployment) => deployment.taskDefinition)).toEqual([world.taskDefinitionArn]);
  expect(await lockOwnerNow()).toBe(OTHER);
  expect(log.text('warning')).toContain(`Lock ${location} is no longer ours`);
  await other?.release();
}, 60_000);

test('paused past its TTL during a rollout that then fails: no rollback is started by a run that lost the lock', async () => {
  const image = await world.pushImage('shop-broken', 'v2');
  // The first DescribeServices after the rollout started is the watch's: pause there.
  const { error, other } = await deployPausedAt('DescribeServicesCommand', { image, 'circuit-breaker': 'false' }, 2);
  expect(error?.message).toMatch(/^failed: .*The rollback to \S+ could not start: lost the deploy lock s3:\/\/\S+ \(taken over by example\/shop run 2 attempt 1 \(rolling-deploy-behind-elb\)\): stopped before rolling back to /);
  const service = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
  expect(service.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.taskDefinition).not.toBe(world.taskDefinitionArn);
  expect(await lockOwnerNow()).toBe(OTHER);
  await other?.release();
}, 60_000);
