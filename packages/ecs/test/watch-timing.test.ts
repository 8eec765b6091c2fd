// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { watchRollouts, type Clients } from '../src/index.js';

// When the watch's polls go out: an interval apart from start to start, and, once the first poll
// has seen the service's load balancers, DescribeServices, the task lists and DescribeTargetHealth
// together. Answers are scripted in the shapes the ECS and ELBv2 API references document; each
// call takes CALL_MS on a scripted clock, and the deployment fails (rolloutState FAILED) at the
// third poll, which ends the watch.

const ACCOUNT = '123456789012';
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop-web/0123456789abcdef`;
const NEW = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:2`;
const TASK = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/t1`;
const CALL_MS = 100;

function world() {
  let now = 0;
  let polls = 0;
  const events: string[] = [];
  const pollStarts: number[] = [];
  const handlers: Record<string, (input: any) => unknown> = {
    DescribeServices: (input) => {
      const deployment = { id: 'ecs-svc/web', status: 'PRIMARY', taskDefinition: NEW, desiredCount: 1, runningCount: 1, rolloutState: polls >= 3 ? 'FAILED' : 'IN_PROGRESS', rolloutStateReason: 'tasks failed to start' };
      return { services: input.services.map((name: string) => ({ serviceName: name, desiredCount: 1, loadBalancers: [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }], deployments: [deployment], events: [] })), failures: [] };
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
      const answeredAt = now + CALL_MS;
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, answeredAt);
      events.push(`${polls}: answered ${name}`);
      return answer;
    },
  };
  const clients = {
    ecs: Object.assign(new ECSClient({ region: 'us-east-1' }), send),
    elb: Object.assign(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), send),
    logs: send,
    ecr: () => send,
  } as unknown as Clients;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  return { clients, clock, events, pollStarts };
}

async function watch(scripted: ReturnType<typeof world>) {
  const log = { info: () => undefined, warning: () => undefined, debug: () => undefined };
  return watchRollouts(
    { clients: scripted.clients, clock: scripted.clock, log, cluster: 'shop', deadline: 600_000, waitLimit: '10m', pollMs: 1000, seenEvents: new Set() },
    [{ service: 'web', deploymentId: 'ecs-svc/web', taskDefinitionArn: NEW, circuitBreaker: true, healthChecked: false }],
  );
}

test('polls start one interval apart: the time a poll takes is not added to the wait for the next', async () => {
  const scripted = world();
  const result = await watch(scripted);
  expect(result.get('web')?.failed).toBe(true);
  expect(scripted.pollStarts).toEqual([0, 1000, 2000]);
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
