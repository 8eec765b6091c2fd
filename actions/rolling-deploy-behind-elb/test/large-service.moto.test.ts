import { CreateServiceCommand, DescribeServicesCommand, UpdateServiceCommand, DescribeTasksCommand, ListServicesCommand, ListTaskDefinitionsCommand, ListTasksCommand, RegisterTaskDefinitionCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { describeTasks, listTaskArns, taskAddresses, type Clients } from '@tandem/ecs';
import { testContext } from '@tandem/standins/context';
import { InputReader, tableInputs } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { type EcsWorld } from '@tandem/standins/ecs-world';
import { useRolloutWorld } from './rollouts.js';
import { readInputs } from '../src/inputs.js';
import { defaultDeps, run } from '../src/run.js';

// A service of 150 tasks against the rollout launcher, which pages as ECS does: ListTasks 100 a
// page, DescribeTasks at most 100 tasks a call. A deploy that read one page would see 100 of
// 150 tasks healthy and never finish.

let world: EcsWorld;
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const TASKS = 150;

useRolloutWorld({ desiredCount: TASKS, releaseTags: [{ key: 'tandem-deploy:release', value: 'r1' }] }, (made) => (world = made));

async function deploy(values: Record<string, string>) {
  const inputs = readInputs(new InputReader(tableInputs({ cluster: world.cluster, service: world.service, 'poll-interval': '200ms', 'wait-timeout': '40s', ...values })), { ...process.env, GITHUB_SHA: SHA });
  const log = recordingLog();
  try {
    return { outcome: await run(inputs, defaultDeps(inputs), testContext({ signal: new AbortController().signal, log })), log, error: undefined as Error | undefined };
  } catch (error) {
    return { outcome: undefined, log, error: error as Error };
  }
}

async function service() {
  return (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
}

test('the stand-in pages as ECS does: ListTasks 100 a page with nextToken, maxResults honoured, DescribeTasks refuses 101 tasks', async () => {
  const deploymentId = (await service()).deployments![0].id;
  const first = await world.ecs.send(new ListTasksCommand({ cluster: world.cluster, startedBy: deploymentId }));
  expect(first.taskArns).toHaveLength(100);
  expect(first.nextToken).toEqual(expect.any(String));
  const second = await world.ecs.send(new ListTasksCommand({ cluster: world.cluster, startedBy: deploymentId, nextToken: first.nextToken }));
  expect(second.taskArns).toHaveLength(50);
  expect(second.nextToken).toBeUndefined();
  expect(new Set([...first.taskArns!, ...second.taskArns!]).size).toBe(TASKS);
  const small = await world.ecs.send(new ListTasksCommand({ cluster: world.cluster, startedBy: deploymentId, maxResults: 40 }));
  expect(small.taskArns).toHaveLength(40);
  await expect(world.ecs.send(new ListTasksCommand({ cluster: world.cluster, maxResults: 101 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  const arns = [...first.taskArns!, ...second.taskArns!];
  await expect(world.ecs.send(new DescribeTasksCommand({ cluster: world.cluster, tasks: arns.slice(0, 101) }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'taskIds can have at most 100 items.' });
  expect((await world.ecs.send(new DescribeTasksCommand({ cluster: world.cluster, tasks: arns.slice(0, 100) }))).tasks).toHaveLength(100);
});

test('the stand-in gives each task an address of its subnet that no other running task holds, as ECS does', async () => {
  // Read with the action's own paging (ListTasks 100 a page, DescribeTasks 100 a call); only ECS is used.
  const clients = { ecs: world.ecs } as Clients;
  const addresses = async (startedBy: string) => {
    const arns = await listTaskArns(clients, { cluster: world.cluster, startedBy, desiredStatus: 'RUNNING' });
    return (await describeTasks(clients, world.cluster, arns)).flatMap((task) => taskAddresses(task).ips);
  };
  const old = await addresses((await service()).deployments![0].id!);
  await world.ecs.send(new UpdateServiceCommand({ cluster: world.cluster, service: world.service, forceNewDeployment: true }));
  const current = await addresses((await service()).deployments![0].id!);
  expect(old).toHaveLength(TASKS);
  expect(current).toHaveLength(TASKS);
  // Both deployments' tasks run side by side until the new one completes: 300 distinct addresses,
  // every one in a default subnet (a /20 of 172.31.0.0/16) and none of the five AWS keeps in each
  // subnet (its first four and its last).
  expect(new Set([...old, ...current]).size).toBe(2 * TASKS);
  for (const address of [...old, ...current]) {
    const [a, b, c, d] = address.split('.').map(Number);
    expect([a, b]).toEqual([172, 31]);
    const offset = (c % 16) * 256 + d;
    expect(offset >= 4 && offset <= 4094 ? address : `${address} is reserved`).toBe(address);
  }
});

test('the stand-in pages ListTaskDefinitions by 100 in sort order, and ListServices by 10', async () => {
  const first = (await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: world.taskDefinitionArn }))).taskDefinition!;
  for (let n = 0; n < 104; n += 1) {
    await world.ecs.send(new RegisterTaskDefinitionCommand({ family: first.family, networkMode: first.networkMode, requiresCompatibilities: first.requiresCompatibilities, cpu: first.cpu, memory: first.memory, containerDefinitions: first.containerDefinitions }));
  }
  const desc = await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family, sort: 'DESC' }));
  expect(desc.taskDefinitionArns).toHaveLength(100);
  expect(desc.taskDefinitionArns![0]).toMatch(/shop-web:105$/);
  const rest = await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family, sort: 'DESC', nextToken: desc.nextToken }));
  expect(rest.taskDefinitionArns?.map((arn) => arn.split(':').pop())).toEqual(['5', '4', '3', '2', '1']);
  expect(rest.nextToken).toBeUndefined();
  const asc = await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }));
  expect(asc.taskDefinitionArns![0]).toMatch(/shop-web:1$/);
  for (let n = 0; n < 11; n += 1) {
    await world.ecs.send(new CreateServiceCommand({ cluster: world.cluster, serviceName: `worker-${n}`, taskDefinition: world.taskDefinitionArn, desiredCount: 0, launchType: 'FARGATE' }));
  }
  const services = await world.ecs.send(new ListServicesCommand({ cluster: world.cluster }));
  expect(services.serviceArns).toHaveLength(10);
  const more = await world.ecs.send(new ListServicesCommand({ cluster: world.cluster, nextToken: services.nextToken }));
  expect(more.serviceArns).toHaveLength(2);
  expect(more.nextToken).toBeUndefined();
});

test(`a ${TASKS}-task service: a good rollout is judged healthy and completes`, async () => {
  const image = await world.pushImage('shop', 'v2');
  const { outcome, log, error } = await deploy({ image });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect(outcome?.reason).toMatch(new RegExp(`completed: ${TASKS} tasks of \\S+shop-web:2 running, healthy, old tasks drained`));
  expect(log.text().match(/target \S+ in shop-web: healthy/g)).toHaveLength(TASKS);
  expect((await service()).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: outcome?.taskDefinitionArn, runningCount: TASKS })]);
});

test(`a ${TASKS}-task service: a failed rollout is rolled back, and the rollback is judged healthy`, async () => {
  const image = await world.pushImage('shop-broken', 'v2');
  const { error, log } = await deploy({ image, 'circuit-breaker': 'false' });
  expect(error?.message).toMatch(new RegExp(`^rolled-back: ${TASKS} tasks of deployment ecs-svc/\\d+ failed to start.*This action rolled the service back: \\S+shop-web:1 serves again\\.$`));
  expect(log.text()).toMatch(new RegExp(`rollout ecs-svc/\\d+: completed: deployment ecs-svc/\\d+ completed: ${TASKS} tasks of \\S+shop-web:1 running, healthy, old tasks drained`));
  expect((await service()).deployments).toEqual([expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn })]);
});
