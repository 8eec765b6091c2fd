// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clients } from '../src/index.js';
import { findRelease, listTaskArns, TaskTracker, watchRollouts } from '../src/index.js';
import { targetGroupFacts } from '../src/target-groups.js';

// Every list call follows its pages. The answers are scripted in the shapes the ECS and ELBv2 API
// references document: ListTasks at most 100 ARNs a page with nextToken, DescribeTasks refusing
// more than 100 tasks (InvalidParameterException "taskIds can have at most 100 items."),
// ListTaskDefinitions 100 a page, DescribeTargetGroups with NextMarker.

const ACCOUNT = '123456789012';
const taskArn = (n: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/t${n}`;
const revision = (n: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:${n}`;
const TG = (n: number) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop-web-${n}/0123456789abcdef`;

type Handler = (input: any) => unknown;
function scripted(handlers: Record<string, Handler>) {
  const calls: Array<{ command: string; input: any }> = [];
  // Real client objects (the SDK's paginators accept nothing else) whose send answers from the script.
  const send = {
    async send(command: { constructor: { name: string }; input: any }) {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ command: name, input: { ...command.input } });
      const handler = handlers[name];
      if (!handler) throw new Error(`no answer for ${name}`);
      return handler(command.input);
    },
  };
  const ecs = Object.assign(new ECSClient({ region: 'us-east-1' }), send);
  const elb = Object.assign(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), send);
  return { clients: { ecs, elb, logs: send, ecr: () => send } as unknown as Clients, calls };
}

/** A list paged as ECS pages it: `limit` items a page, an opaque nextToken while more remain. */
function paged<T>(items: T[], input: { nextToken?: string; maxResults?: number }, limit: number) {
  const size = Math.min(input.maxResults ?? limit, limit);
  const from = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString().split(':')[1]) : 0;
  const next = from + size < items.length ? Buffer.from(`offset:${from + size}`).toString('base64') : undefined;
  return { page: items.slice(from, from + size), ...(next ? { nextToken: next } : {}) };
}

const running = Array.from({ length: 150 }, (_, i) => taskArn(i));
const ecsTasks: Record<string, Handler> = {
  ListTasks: (input) => {
    const { page, nextToken } = paged(input.desiredStatus === 'RUNNING' ? running : [], input, 100);
    return { taskArns: page, ...(nextToken ? { nextToken } : {}) };
  },
  DescribeTasks: (input) => {
    if (input.tasks.length > 100) throw Object.assign(new Error('taskIds can have at most 100 items.'), { name: 'InvalidParameterException' });
    return { tasks: input.tasks.map((arn: string) => ({ taskArn: arn, lastStatus: 'RUNNING', desiredStatus: 'RUNNING' })), failures: [] };
  },
};

test('ListTasks is followed past its first page of 100', async () => {
  const { clients, calls } = scripted(ecsTasks);
  expect(await listTaskArns(clients, { cluster: 'shop', startedBy: 'ecs-svc/1', desiredStatus: 'RUNNING' })).toEqual(running);
  const lists = calls.filter((call) => call.command === 'ListTasks');
  expect(lists).toHaveLength(2);
  expect(lists[0].input.nextToken).toBeUndefined();
  expect(lists[1].input).toMatchObject({ cluster: 'shop', startedBy: 'ecs-svc/1', desiredStatus: 'RUNNING', nextToken: Buffer.from('offset:100').toString('base64') });
});

test('a deployment of 150 tasks: all are listed, and described 100 at most a call', async () => {
  const { clients, calls } = scripted(ecsTasks);
  const tasks = await new TaskTracker(clients, 'shop').poll('ecs-svc/1', true);
  expect(tasks.running.map((task) => task.taskArn)).toEqual(running);
  expect(calls.filter((call) => call.command === 'DescribeTasks').map((call) => call.input.tasks.length)).toEqual([100, 50]);
});

test('rollback-to finds a release older than the newest 100 revisions, through every ListTaskDefinitions page', async () => {
  const revisions = Array.from({ length: 250 }, (_, i) => revision(250 - i));
  const { clients, calls } = scripted({
    ListTaskDefinitions: (input) => {
      const { page, nextToken } = paged(input.sort === 'DESC' ? revisions : [...revisions].reverse(), input, 100);
      return { taskDefinitionArns: page, ...(nextToken ? { nextToken } : {}) };
    },
    DescribeTaskDefinition: (input) => {
      const n = Number(String(input.taskDefinition).split(':').pop());
      return { taskDefinition: { taskDefinitionArn: revision(n), family: 'shop-web', revision: n, containerDefinitions: [] }, tags: [{ key: 'tandem-deploy:release', value: `r${n}` }] };
    },
  });
  const found = await findRelease(clients, { family: 'shop-web', taskDefinitionArn: revision(250), revision: 250 }, [], 'r5');
  expect(found.release).toBe('r5');
  expect(found.taskDefinition.taskDefinitionArn).toBe(revision(5));
  expect(calls.filter((call) => call.command === 'ListTaskDefinitions')).toHaveLength(3);
});

test('DescribeTargetGroups is followed through NextMarker', async () => {
  const groups = [1, 2].map((n) => ({ TargetGroupArn: TG(n), HealthCheckIntervalSeconds: 10 * n, HealthyThresholdCount: 3 }));
  const { clients, calls } = scripted({
    DescribeTargetGroups: (input) => (input.Marker ? { TargetGroups: [groups[1]] } : { TargetGroups: [groups[0]], NextMarker: 'page-2' }),
    DescribeTargetGroupAttributes: () => ({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }),
  });
  const facts = await targetGroupFacts(clients, { loadBalancers: [1, 2].map((n) => ({ targetGroupArn: TG(n), containerName: 'django', containerPort: 8000 })) });
  expect(facts.map((group) => group.healthCheckIntervalSeconds)).toEqual([10, 20]);
  expect(calls.filter((call) => call.command === 'DescribeTargetGroups').map((call) => call.input.Marker)).toEqual([undefined, 'page-2']);
});

test('a release of three services: each poll makes one DescribeServices and at most one pass over the task lists, as for one service', async () => {
  const names = ['web', 'worker', 'scheduler'];
  const deployment = (name: string, polls: number) => ({ id: `ecs-svc/${name}`, status: 'PRIMARY', taskDefinition: revision(2), desiredCount: 2, runningCount: 2, rolloutState: polls >= 2 ? 'COMPLETED' : 'IN_PROGRESS' });
  const counts = async (services: string[]) => {
    let polls = 0;
    const { clients, calls } = scripted({
      DescribeServices: (input) => {
        polls += 1;
        return { services: input.services.map((name: string) => ({ serviceName: name, desiredCount: 2, deployments: [deployment(name, polls)], events: [] })), failures: [] };
      },
      ListTasks: (input) => ({ taskArns: input.desiredStatus === 'STOPPED' ? [] : running.slice(0, 2) }),
      DescribeTasks: (input) => ({ tasks: input.tasks.map((arn: string) => ({ taskArn: arn, lastStatus: 'RUNNING', startedBy: 'ecs-svc/web' })), failures: [] }),
    });
    const clock = { now: () => 0, sleep: async () => undefined };
    const log = { info: () => undefined, warning: () => undefined, debug: () => undefined };
    const result = await watchRollouts(
      { clients, clock, log, cluster: 'shop', deadline: 1, waitLimit: '1m', pollMs: 1, seenEvents: new Set() },
      services.map((service) => ({ service, deploymentId: `ecs-svc/${service}`, taskDefinitionArn: revision(2), circuitBreaker: true, healthChecked: false })),
    );
    expect([...result.values()].map((one) => one.phase)).toEqual(services.map(() => 'completed'));
    return calls.map((call) => call.command);
  };
  const one = await counts(['web']);
  const three = await counts(names);
  // The first poll lists the stopped tasks; every deployment then runs as many tasks as wanted
  // (settled), so the second poll's DescribeServices is enough to see them COMPLETED.
  expect(one).toEqual(['DescribeServices', 'ListTasks', 'DescribeServices']);
  expect(three).toEqual(one);
});
