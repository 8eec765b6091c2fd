import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTaskDefinitionsCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { type EcsWorld } from '@tandem/standins/ecs-world';
import { deployThenRollBack, RELEASE_R1, runInProcess, SHOP_WORKERS, useRolloutWorld } from './rollouts.js';

// Several services, one release: web behind the target group, a queue worker with a container
// health check and a scheduler with neither, all from one image, against moto with the rollout
// stand-in. The worker's command exits 1 with images of the repository shop-next
// (MOTO_ROLLOUT_EXIT), while web and the scheduler run them well.

let world: EcsWorld;
const SHA = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';
const SERVICES = 'web\nworker\nscheduler';

useRolloutWorld({ releaseTags: RELEASE_R1, workers: SHOP_WORKERS }, (made) => (world = made), { env: { MOTO_ROLLOUT_EXIT: '^shop-worker .*/shop-next@' } });

const deploy = (values: Record<string, string>) =>
  runInProcess({ cluster: world.cluster, services: SERVICES, 'poll-interval': '100ms', 'wait-timeout': '30s', ...values }, SHA);

async function services() {
  const described = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: world.services }))).services ?? [];
  return Object.fromEntries(described.map((one) => [one.serviceName, one]));
}

async function tagsOf(arn: string) {
  const described = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
  return { image: described.taskDefinition?.containerDefinitions?.[0].image, tags: Object.fromEntries((described.tags ?? []).map((tag) => [tag.key, tag.value])) };
}

test('three services rolled out together from one image, after one migration, and judged healthy', async () => {
  const image = await world.pushImage('shop', 'v2');
  const { outcome, log, calls, error } = await deploy({ image, 'migrate-command': 'python manage.py migrate --noinput' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect(calls.filter((call) => call === 'RunTask')).toHaveLength(1);
  expect(calls.filter((call) => call === 'RegisterTaskDefinition')).toHaveLength(3);
  const now = await services();
  for (const name of ['web', 'worker', 'scheduler']) {
    const [deployment] = now[name].deployments ?? [];
    expect(now[name].deployments).toHaveLength(1);
    expect(deployment).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 2, taskDefinition: expect.stringMatching(new RegExp(`shop-${name}:2$`)) });
    expect(outcome?.services?.find((one) => one.service === name)).toMatchObject({ taskDefinitionArn: deployment.taskDefinition, deploymentId: deployment.id });
    expect(await tagsOf(deployment.taskDefinition!)).toMatchObject({ image, tags: { 'tandem-deploy:release': SHA, 'tandem-deploy:served': expect.any(String) } });
  }
  // The migration ran in web's new revision, before any UpdateService.
  expect(calls.indexOf('RunTask')).toBeLessThan(calls.indexOf('UpdateService'));
  expect(log.text()).toMatch(/migration task \S+ started: python manage.py migrate --noinput/);
  // web was judged by its targets too; the worker's tasks report HEALTHY (its container has a
  // health check), the scheduler's UNKNOWN (none), as ECS reports them.
  const health = async (name: string) => {
    const arns = (await world.ecs.send(new ListTasksCommand({ cluster: world.cluster, startedBy: now[name].deployments![0].id, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    return ((await world.ecs.send(new DescribeTasksCommand({ cluster: world.cluster, tasks: arns }))).tasks ?? []).map((task) => task.healthStatus);
  };
  expect(await health('worker')).toEqual(['HEALTHY', 'HEALTHY']);
  expect(await health('scheduler')).toEqual(['UNKNOWN', 'UNKNOWN']);
  expect(log.text()).toMatch(/target \d+\.\d+\.\d+\.\d+:8000 in shop-web: healthy/);
  const steps = outcome?.timeline.map((entry) => entry.step) ?? [];
  expect(steps.slice(0, 3)).toEqual(['registered', 'migrated', 'rollout started']);
  expect(steps).toEqual(expect.arrayContaining(['web healthy', 'worker healthy', 'scheduler healthy', 'web drained', 'worker drained', 'scheduler drained']));
  expect(steps[steps.length - 1]).toBe('completed');
});

test('a worker whose tasks exit rolls web, worker and scheduler back, with one migration in all', async () => {
  const image = await world.pushImage('shop-next', 'v2');
  const { log, calls, error } = await deploy({ image, 'migrate-command': 'python manage.py migrate --noinput' });
  expect(error?.message).toMatch(/^rolled-back: service worker: ECS marked deployment ecs-svc\/\d+ FAILED: ECS deployment circuit breaker: tasks failed to start\..*\. web, worker and scheduler rolled back \(worker by ECS\): shop-web:1, shop-worker:1, shop-scheduler:1 serve again\.$/);
  expect(calls.filter((call) => call === 'RunTask')).toHaveLength(1);
  expect(log.text()).toMatch(/task \S+ stopped \[EssentialContainerExited\]: Essential container in task exited \(worker exit 1\)/);
  // What the crashed container printed, read back from its awslogs stream once, under the stopped task.
  expect(log.text().match(/service worker: the last lines of container worker in task \S+ \(exit 1\):\nTraceback \(most recent call last\):\n.*\nRuntimeError: the new image exits at start/g)).toHaveLength(1);
  const now = await services();
  for (const name of ['web', 'worker', 'scheduler']) {
    expect(now[name].taskDefinition).toBe(world.taskDefinitions[name]);
    expect(now[name].deployments).toEqual([expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitions[name] })]);
  }
});

test('with the breaker off, this action rolls every service back itself', async () => {
  const image = await world.pushImage('shop-next', 'v2');
  const { error, calls } = await deploy({ image, 'circuit-breaker': 'false' });
  expect(error?.message).toMatch(/^rolled-back: service worker: 4 tasks of deployment ecs-svc\/\d+ failed to start or stay healthy .*\. web, worker and scheduler rolled back: shop-web:1, shop-worker:1, shop-scheduler:1 serve again\.$/);
  // Three rollouts, three rollbacks.
  expect(calls.filter((call) => call === 'UpdateService')).toHaveLength(6);
  const now = await services();
  for (const name of ['web', 'worker', 'scheduler']) expect(now[name].taskDefinition).toBe(world.taskDefinitions[name]);
});

test('rollback-to rolls every service of the release back together, with no new revision', async () => {
  const { back } = await deployThenRollBack(world, deploy);
  expect(back.calls).not.toContain('RegisterTaskDefinition');
  const now = await services();
  for (const name of ['web', 'worker', 'scheduler']) expect(now[name].taskDefinition).toBe(world.taskDefinitions[name]);
  const forward = await deploy({ 'rollback-to': 'r2' });
  expect(forward.error).toBeUndefined();
  const again = await services();
  for (const name of ['web', 'worker', 'scheduler']) expect(again[name].taskDefinition).toMatch(new RegExp(`shop-${name}:2$`));
  for (const name of ['web', 'worker', 'scheduler']) {
    expect((await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `shop-${name}` }))).taskDefinitionArns).toHaveLength(2);
  }
});

test('a service missing from the cluster is refused naming it, before anything is written', async () => {
  const image = await world.pushImage('shop', 'v2');
  const { error, calls } = await deploy({ image, services: 'web\nworkers' });
  expect(error?.message).toMatch(/Input 'services': service 'workers' in cluster 'shop': MISSING/);
  expect(calls.filter((call) => !/^(Describe|List)/.test(call))).toEqual([]);
});
