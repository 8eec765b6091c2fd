// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { scriptedClients } from '@tandem/standins/scripted-clients';
import { nextPollAt, watchRollouts, type Clients, type WatchedRollout } from '../src/index.js';

// When the watch's polls go out: an interval apart from start to start, and, once the first poll
// has seen the service's load balancers, DescribeServices, the task lists and DescribeTargetHealth
// together. Answers are scripted in the shapes the ECS and ELBv2 API references document; each
// call takes CALL_MS on a scripted clock, and the deployment fails (rolloutState FAILED) at the
// third poll, which ends the watch. The service wants two tasks and runs one, so that every poll
// lists the tasks (a deployment whose tasks are all known and judged is settled-watch.test.ts's).

const ACCOUNT = '123456789012';
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop-web/0123456789abcdef`;
const NEW = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:2`;
const TASK = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/t1`;
const CALL_MS = 100;

function world(slowFirstList = 0) {
  let now = 0;
  let polls = 0;
  const events: string[] = [];
  const pollStarts: number[] = [];
  const handlers: Record<string, (input: any) => unknown> = {
    DescribeServices: (input) => {
      const deployment = { id: 'ecs-svc/web', status: 'PRIMARY', taskDefinition: NEW, desiredCount: 2, runningCount: 1, rolloutState: polls >= 3 ? 'FAILED' : 'IN_PROGRESS', rolloutStateReason: 'tasks failed to start' };
      return { services: input.services.map((name: string) => ({ serviceName: name, desiredCount: 2, loadBalancers: [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }], deployments: [deployment], events: [] })), failures: [] };
    },
    ListTasks: (input) => ({ taskArns: input.desiredStatus === 'RUNNING' ? [TASK] : [] }),
    DescribeTasks: (input) => ({ tasks: input.tasks.map((arn: string) => ({ taskArn: arn, lastStatus: 'RUNNING', startedBy: 'ecs-svc/web', attachments: [{ details: [{ name: 'privateIPv4Address', value: '10.0.0.1' }] }] })), failures: [] }),
    DescribeTargetHealth: () => ({ TargetHealthDescriptions: [{ Target: { Id: '10.0.0.1', Port: 8000 }, TargetHealth: { State: 'initial' } }] }),
  };
  const send = {
    async send(command: { constructor: { name: string }; input: any }) {
      const name = command.constructor.name.replace(/Command$/, '');
      if (name === 'DescribeServices') {
        polls += 1;
        pollStarts.push(now);
      }
      events.push(`${polls}: sent ${name}`);
      const answer = handlers[name](command.input);
      // Each call takes CALL_MS; calls in flight together overlap, as they do over the network.
      const answeredAt = now + CALL_MS + (polls === 1 && name === 'ListTasks' ? slowFirstList : 0);
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, answeredAt);
      events.push(`${polls}: answered ${name}`);
      return answer;
    },
  };
  const clients = scriptedClients<Clients>(send);
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  return { clients, clock, events, pollStarts };
}

async function watch(scripted: ReturnType<typeof world>, lines: string[] = [], known: Pick<WatchedRollout, 'loadBalancers'> = {}) {
  const log = { info: (line: string) => void lines.push(line), warning: () => undefined, debug: () => undefined };
  return watchRollouts(
    { clients: scripted.clients, clock: scripted.clock, log, cluster: 'shop', deadline: 600_000, waitLimit: '10m', pollMs: 1000, seenEvents: new Set() },
    [{ service: 'web', deploymentId: 'ecs-svc/web', taskDefinitionArn: NEW, circuitBreaker: true, healthChecked: false, ...known }],
  );
}

test('polls start one interval apart: the time a poll takes is not added to the wait for the next', async () => {
  const scripted = world();
  const result = await watch(scripted);
  expect(result.get('web')?.failed).toBe(true);
  expect(scripted.pollStarts).toEqual([0, 1000, 2000]);
});

test('a poll that overran its interval is followed at once, and the polls after keep to the interval grid', async () => {
  // The first poll's task lists take 1.5 s: the poll ends after 1 s, and the second starts then.
  const scripted = world(1500);
  await watch(scripted);
  const [, second, third] = scripted.pollStarts;
  expect(second).toBeGreaterThan(1500);
  expect(second).toBeLessThan(2000);
  expect(third).toBe(2000);
});

test.each([
  ['the first poll took less than the interval', 0, 0, 1000],
  ['a poll on the grid', 0, 3000, 4000],
  ['a poll that started late, after one that overran', 0, 1700, 2000],
  ['the grid is counted from the first poll', 250, 1300, 2250],
])('the next poll: %s', (_, first, started, next) => {
  expect(nextPollAt(first, started, 1000)).toBe(next);
});

test("after the first poll, DescribeServices, the task lists and DescribeTargetHealth go out together: a poll waits for its slowest call, not for all in a row", async () => {
  const scripted = world();
  await watch(scripted);
  const second = scripted.events.filter((event) => event.startsWith('2: '));
  const sent = (name: string) => second.indexOf(`2: sent ${name}`);
  const answered = second.indexOf('2: answered DescribeServices');
  expect(sent('ListTasks')).toBeGreaterThan(-1);
  expect(sent('DescribeTargetHealth')).toBeGreaterThan(-1);
  expect(sent('ListTasks')).toBeLessThan(answered);
  expect(sent('DescribeTargetHealth')).toBeLessThan(answered);
});

test("with the load balancers the deploy read before the rollout, the first poll's calls go out together too", async () => {
  const scripted = world();
  await watch(scripted, [], { loadBalancers: [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }] });
  const first = scripted.events.filter((event) => event.startsWith('1: '));
  const answered = first.indexOf('1: answered DescribeServices');
  expect(first.indexOf('1: sent ListTasks')).toBeGreaterThan(-1);
  expect(first.indexOf('1: sent ListTasks')).toBeLessThan(answered);
  expect(first.indexOf('1: sent DescribeTargetHealth')).toBeLessThan(answered);
  expect(first.indexOf('1: sent DescribeTargetHealth')).toBeGreaterThan(-1);
});

test("without them, the first poll reads the service's load balancers before it asks their target groups", async () => {
  const scripted = world();
  await watch(scripted);
  const first = scripted.events.filter((event) => event.startsWith('1: '));
  expect(first.indexOf('1: sent DescribeTargetHealth')).toBeGreaterThan(first.indexOf('1: answered DescribeServices'));
});

test('the tasks that stopped after the failing poll listed them are still reported: one more look once a deployment fails', async () => {
  const scripted = world();
  const STOPPED = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/t2`;
  let stoppedLists = 0;
  const handlers = (scripted.clients.ecs as any).send;
  // Polls 1 to 3 list no stopped task (the third sees FAILED); the task stopped between that
  // poll's ListTasks and its DescribeServices, so only the look after it lists it.
  (scripted.clients.ecs as any).send = async (command: any) => {
    const name = command.constructor.name;
    if (name === 'ListTasksCommand' && command.input.desiredStatus === 'STOPPED') return { taskArns: ++stoppedLists > 3 ? [STOPPED] : [] };
    if (name === 'DescribeTasksCommand' && command.input.tasks.includes(STOPPED)) {
      return { tasks: [{ taskArn: STOPPED, lastStatus: 'STOPPED', startedBy: 'ecs-svc/web', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', exitCode: 1 }] }], failures: [] };
    }
    return handlers(command);
  };
  const lines: string[] = [];
  const result = await watch(scripted, lines);
  expect(result.get('web')?.failed).toBe(true);
  expect(stoppedLists).toBe(4);
  expect(lines).toContain('task t2 stopped [EssentialContainerExited]: Essential container in task exited (django exit 1)');
  // After the rollout's own line, so the reason reads last.
  expect(lines.findIndex((line) => line.startsWith('task t2'))).toBeGreaterThan(lines.findIndex((line) => line.includes(': failed: ')));
});

test('a last look that is refused does not replace the failure: it is logged, and the watch returns the failure', async () => {
  const scripted = world();
  let stoppedLists = 0;
  const handlers = (scripted.clients.ecs as any).send;
  (scripted.clients.ecs as any).send = async (command: any) => {
    if (command.constructor.name === 'ListTasksCommand' && command.input.desiredStatus === 'STOPPED' && ++stoppedLists > 3) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    return handlers(command);
  };
  const lines: string[] = [];
  const result = await watch(scripted, lines);
  expect(result.get('web')).toMatchObject({ failed: true, reason: expect.stringContaining('FAILED') });
  expect(lines).toContain('stopped tasks not read after the failure: Rate exceeded');
});
