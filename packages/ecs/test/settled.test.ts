// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Deployment, Task } from '@aws-sdk/client-ecs';
import { scriptedClients } from '@tandem/standins/scripted-clients';
import { watchRollouts, type Clients } from '../src/index.js';
import { settledTasks, stillSettled, type SettleInput } from '../src/settled.js';

// A deployment whose tasks are all known and judged needs no task lists to be seen COMPLETED:
// settledTasks decides when that is, stillSettled whether a later poll may rely on it, and the
// watch then reads DescribeServices and DescribeTargetHealth only. Answers are scripted in the
// shapes the ECS and ELBv2 API references document.

const ACCOUNT = '123456789012';
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop-web/0123456789abcdef`;
const NEW = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:2`;
const OLD = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:1`;
const taskArn = (n: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/t${n}`;
const ip = (n: number) => `10.0.0.${n}`;

const task = (n: number, over: Partial<Task> = {}): Task => ({
  taskArn: taskArn(n), lastStatus: 'RUNNING', desiredStatus: 'RUNNING', startedBy: 'ecs-svc/new', healthStatus: 'UNKNOWN',
  attachments: [{ type: 'ElasticNetworkInterface', details: [{ name: 'privateIPv4Address', value: ip(n) }] }], ...over,
});
const ours = (over: Partial<Deployment> = {}): Deployment => ({ id: 'ecs-svc/new', status: 'PRIMARY', taskDefinition: NEW, desiredCount: 2, runningCount: 2, failedTasks: 0, rolloutState: 'IN_PROGRESS', ...over });
const settleInput = (over: Partial<SettleInput> = {}): SettleInput => ({
  deployment: ours(), desiredCount: 2, needRunning: true, healthChecked: false, tasks: { running: [task(1), task(2)], newlyStopped: [] }, ...over,
});

test.each([
  ['every wanted task running and known', true, settleInput()],
  ['ECS counts fewer running than wanted', false, settleInput({ deployment: ours({ runningCount: 1 }) })],
  ['the lists name fewer of its running tasks than wanted', false, settleInput({ tasks: { running: [task(1)], newlyStopped: [] } })],
  ['one of its tasks newly stopped', false, settleInput({ tasks: { running: [task(1), task(2)], newlyStopped: [task(3, { lastStatus: 'STOPPED' })] } })],
  ['health-checked containers not yet HEALTHY', false, settleInput({ healthChecked: true, tasks: { running: [task(1, { healthStatus: 'HEALTHY' }), task(2)], newlyStopped: [] } })],
  ['health-checked containers all HEALTHY', true, settleInput({ healthChecked: true, tasks: { running: [task(1, { healthStatus: 'HEALTHY' }), task(2, { healthStatus: 'HEALTHY' })], newlyStopped: [] } })],
  ['no target group and no health check: ECS counts are enough', true, settleInput({ needRunning: false, tasks: { running: [], newlyStopped: [] } })],
  ['the deployment is no longer PRIMARY', false, settleInput({ deployment: ours({ status: 'ACTIVE' }) })],
  ['the deployment is missing', false, settleInput({ deployment: undefined })],
  ['a service that wants no task', false, settleInput({ desiredCount: 0, needRunning: false, tasks: { running: [], newlyStopped: [] } })],
])('settled tasks: %s -> %s', (_, settled, input) => {
  expect(settledTasks(input) !== undefined).toBe(settled);
});

test.each([
  ['the same counts', true, ours(), 2],
  ['one task fewer running', false, ours({ runningCount: 1 }), 2],
  ['one more running (a replacement)', false, ours({ runningCount: 3 }), 2],
  ['a failed task counted', false, ours({ failedTasks: 1 }), 2],
  ['the service wants more tasks', false, ours(), 3],
  ['the deployment is gone', false, undefined, 2],
])('still settled: %s -> %s', (_, still, deployment, desiredCount) => {
  const settled = settledTasks(settleInput())!;
  expect(stillSettled(settled, deployment, desiredCount)).toBe(still);
  expect(stillSettled(undefined, ours(), 2)).toBe(false);
});

/**
 * A web service of two tasks behind a target group: the first poll sees them running with targets
 * `initial` and the old deployment ACTIVE, the second their targets healthy, the third the old
 * deployment gone and ours COMPLETED. `script` changes what a poll's DescribeServices shows.
 */
function world(script: (poll: number) => { deployment?: Partial<Deployment>; stopped?: Task[] } = () => ({})) {
  let polls = 0;
  const calls: string[] = [];
  const handlers: Record<string, (input: any) => unknown> = {
    DescribeServices: (input) => {
      polls += 1;
      const old = { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: OLD, desiredCount: 2, runningCount: 2, rolloutState: 'COMPLETED' };
      const deployment = ours({ rolloutState: polls >= 3 ? 'COMPLETED' : 'IN_PROGRESS', ...script(polls).deployment });
      return { services: input.services.map((name: string) => ({ serviceName: name, desiredCount: 2, loadBalancers: [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }], deployments: polls >= 3 ? [deployment] : [deployment, old], events: [] })), failures: [] };
    },
    ListTasks: (input) => ({ taskArns: input.desiredStatus === 'RUNNING' ? [taskArn(1), taskArn(2)] : (script(polls).stopped ?? []).map((one) => one.taskArn) }),
    DescribeTasks: (input) => ({ tasks: input.tasks.map((arn: string) => (script(polls).stopped ?? []).find((one) => one.taskArn === arn) ?? task(Number(arn.split('/t').pop()))), failures: [] }),
    DescribeTargetHealth: () => ({ TargetHealthDescriptions: [1, 2].map((n) => ({ Target: { Id: ip(n), Port: 8000 }, TargetHealth: { State: polls >= 2 ? 'healthy' : 'initial' } })) }),
  };
  const send = {
    async send(command: { constructor: { name: string }; input: any }) {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push(`${polls + (name === 'DescribeServices' ? 1 : 0)}: ${name}${name === 'ListTasks' ? ` ${command.input.desiredStatus}` : ''}`);
      return handlers[name](command.input);
    },
  };
  const clients = scriptedClients<Clients>(send);
  return { clients, calls };
}

async function watch(clients: Clients, lines: string[] = []) {
  const log = { info: (line: string) => void lines.push(line), warning: () => undefined, debug: () => undefined };
  const clock = { now: () => 0, sleep: async () => undefined };
  return watchRollouts(
    { clients, clock, log, cluster: 'shop', deadline: 600_000, waitLimit: '10m', pollMs: 1000, seenEvents: new Set() },
    [{ service: 'web', deploymentId: 'ecs-svc/new', taskDefinitionArn: NEW, circuitBreaker: true, healthChecked: false, loadBalancers: [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }] }],
  );
}

test('once every task of the deployment is known and judged, a poll reads DescribeServices and DescribeTargetHealth only: the poll that sees COMPLETED lists no task', async () => {
  const { clients, calls } = world();
  const result = await watch(clients);
  expect(result.get('web')).toMatchObject({ phase: 'completed', failed: false });
  const poll = (n: number) => calls.filter((call) => call.startsWith(`${n}: `)).map((call) => call.slice(3)).sort();
  expect(poll(1)).toEqual(['DescribeServices', 'DescribeTargetHealth', 'DescribeTasks', 'ListTasks RUNNING', 'ListTasks STOPPED']);
  expect(poll(2)).toEqual(['DescribeServices', 'DescribeTargetHealth']);
  expect(poll(3)).toEqual(['DescribeServices', 'DescribeTargetHealth']);
});

test("the old deployment's drain is still confirmed: settled tasks with healthy targets wait while the old deployment is listed", async () => {
  const { clients } = world();
  const lines: string[] = [];
  await watch(clients, lines);
  expect(lines).toContain('rollout ecs-svc/new: draining: waiting for the old deployment to drain: ecs-svc/old (2 running)');
  expect(lines.findIndex((line) => line.includes(': draining: '))).toBeLessThan(lines.findIndex((line) => line.includes(': completed: ')));
});

test('a poll whose DescribeServices shows a task failed lists the tasks in that same poll, and logs why it stopped', async () => {
  const stopped = task(3, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', exitCode: 1 }] });
  // At the second poll a task of ours exited and ECS had already started its replacement: as many
  // tasks run as before, but failedTasks counts one.
  const { clients, calls } = world((poll) => (poll === 2 ? { deployment: { failedTasks: 1 }, stopped: [stopped] } : poll > 2 ? { deployment: { failedTasks: 1 } } : {}));
  const lines: string[] = [];
  const result = await watch(clients, lines);
  expect(result.get('web')?.phase).toBe('completed');
  expect(calls.filter((call) => call.startsWith('2: ')).map((call) => call.slice(3))).toEqual(['DescribeServices', 'DescribeTargetHealth', 'ListTasks RUNNING', 'ListTasks STOPPED', 'DescribeTasks']);
  expect(lines).toContain('task t3 stopped [EssentialContainerExited]: Essential container in task exited (django exit 1)');
  // A task of ours stopped at the second poll: the third lists again, finds nothing new, and the
  // deployment is settled from there.
  expect(calls.filter((call) => call.startsWith('3: ')).map((call) => call.slice(3)).sort()).toEqual(['DescribeServices', 'DescribeTargetHealth', 'ListTasks RUNNING', 'ListTasks STOPPED']);
});

test('a poll whose DescribeServices counts fewer running tasks lists them again, and the rollout is not completed on the tasks it knew', async () => {
  const { clients, calls } = world((poll) => (poll === 3 ? { deployment: { runningCount: 1 } } : {}));
  const lines: string[] = [];
  const result = await watch(clients, lines);
  expect(calls.filter((call) => call.startsWith('3: ')).map((call) => call.slice(3))).toEqual(['DescribeServices', 'DescribeTargetHealth', 'ListTasks RUNNING', 'ListTasks STOPPED']);
  expect(lines).toContain('rollout ecs-svc/new: starting: 1 of 2 new tasks running');
  expect(result.get('web')?.phase).toBe('completed');
});
