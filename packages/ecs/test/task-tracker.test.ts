// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Task } from '@aws-sdk/client-ecs';
import { scriptedClients } from '@tandem/standins/scripted-clients';
import { listTaskArns, TaskTracker, type Clients } from '../src/index.js';

// What a poll of several deployments describes. Their tasks are found in the cluster's lists and
// told apart by startedBy, so the lists also name the tasks of the deployments being replaced:
// those are described once, while they run, and not again when the rollout stops them. Answers are
// scripted in the shapes the ECS API reference documents: ListTasks 100 ARNs a page with
// nextToken, DescribeTasks at most 100 tasks a call.

const ACCOUNT = '123456789012';
const arn = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${name}`;
const olds = Array.from({ length: 150 }, (_, i) => arn(`old${i}`));
const news = Array.from({ length: 150 }, (_, i) => arn(`new${i}`));

interface Cluster {
  running: string[];
  stopped: string[];
  /** Page `n` of a list answers only once this resolves: to see what goes out meanwhile. */
  gate?: (desiredStatus: string, page: number) => Promise<void>;
  /** DescribeTasks is refused, as without ecs:DescribeTasks. */
  refuseDescribe?: boolean;
}

function scripted(cluster: Cluster) {
  const events: string[] = [];
  const described: string[] = [];
  const send = {
    async send(command: { constructor: { name: string }; input: any }) {
      const name = command.constructor.name.replace(/Command$/, '');
      const input = command.input;
      if (name === 'ListTasks') {
        const items = input.desiredStatus === 'RUNNING' ? cluster.running : cluster.stopped;
        const from = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString()) : 0;
        const size = Math.min(input.maxResults ?? 100, 100);
        const page = from / size + 1;
        events.push(`sent ListTasks ${input.desiredStatus} page ${page}`);
        await cluster.gate?.(input.desiredStatus, page);
        events.push(`answered ListTasks ${input.desiredStatus} page ${page}`);
        const next = from + size < items.length ? Buffer.from(String(from + size)).toString('base64') : undefined;
        return { taskArns: items.slice(from, from + size), ...(next ? { nextToken: next } : {}) };
      }
      if (name === 'DescribeTasks') {
        if (cluster.refuseDescribe) throw Object.assign(new Error('User is not authorized to perform: ecs:DescribeTasks'), { name: 'AccessDeniedException' });
        if (input.tasks.length > 100) throw Object.assign(new Error('taskIds can have at most 100 items.'), { name: 'InvalidParameterException' });
        events.push(`sent DescribeTasks ${input.tasks.length}`);
        described.push(...input.tasks);
        const stopped = new Set(cluster.stopped);
        const tasks: Task[] = input.tasks.map((taskArn: string) => ({
          taskArn, startedBy: taskArn.includes('/new') ? 'ecs-svc/web-new' : 'ecs-svc/web-old',
          lastStatus: stopped.has(taskArn) ? 'STOPPED' : 'RUNNING', desiredStatus: stopped.has(taskArn) ? 'STOPPED' : 'RUNNING',
        }));
        return { tasks, failures: [] };
      }
      throw new Error(`no answer for ${name}`);
    },
  };
  const clients = scriptedClients<Clients>(send);
  return { clients, events, described };
}

const queries = [
  { deploymentId: 'ecs-svc/web-new', needRunning: true },
  { deploymentId: 'ecs-svc/worker-new', needRunning: false },
];

test("an old task described while it ran is not described again when the rollout stops it; one of ours is, for why it stopped", async () => {
  const cluster: Cluster = { running: [...olds.slice(0, 2), ...news.slice(0, 2)], stopped: [] };
  const { clients, described } = scripted(cluster);
  const tracker = new TaskTracker(clients, 'shop');
  await tracker.pollAll(queries);
  expect(described).toHaveLength(4);
  cluster.running = news.slice(1, 2);
  cluster.stopped = [...olds.slice(0, 2), news[0]];
  const tasks = (await tracker.pollAll(queries)).get('ecs-svc/web-new')!;
  expect(described.slice(4)).toEqual([news[0]]);
  expect(tasks.newlyStopped.map((task) => task.taskArn)).toEqual([news[0]]);
  expect(tasks.running.map((task) => task.taskArn)).toEqual([news[1]]);
  // Nothing is described twice once it stopped.
  await tracker.pollAll(queries);
  expect(described).toHaveLength(5);
});

test('a task that two pages both name is one task', async () => {
  // A task that moves while the pages are read can be named on two pages.
  const { clients } = scripted({ running: [...news.slice(0, 100), news[99], ...news.slice(100, 120)], stopped: [] });
  expect(await listTaskArns(clients, { cluster: 'shop', desiredStatus: 'RUNNING' })).toEqual(news.slice(0, 120));
  const tasks = (await new TaskTracker(clients, 'shop').pollAll(queries)).get('ecs-svc/web-new')!;
  expect(tasks.running.map((task) => task.taskArn)).toEqual(news.slice(0, 120));
});

test("each page's tasks are described while the next page is read", async () => {
  let release: () => void = () => undefined;
  const secondPage = new Promise<void>((resolve) => (release = resolve));
  const cluster: Cluster = { running: news, stopped: [], gate: (status, page) => (status === 'RUNNING' && page === 2 ? secondPage : Promise.resolve()) };
  const { clients, events } = scripted(cluster);
  const polled = new TaskTracker(clients, 'shop').pollAll(queries);
  // Page 2 is held back until page 1's DescribeTasks went out.
  for (let turn = 0; turn < 100 && !events.includes('sent DescribeTasks 100'); turn += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(events).toContain('sent DescribeTasks 100');
  expect(events).not.toContain('answered ListTasks RUNNING page 2');
  release();
  const tasks = (await polled).get('ecs-svc/web-new')!;
  expect(tasks.running).toHaveLength(150);
  expect(events.filter((event) => event.startsWith('sent DescribeTasks'))).toEqual(['sent DescribeTasks 100', 'sent DescribeTasks 50']);
});

test('a DescribeTasks refused while the next page is read fails the poll, not the process', async () => {
  let release: () => void = () => undefined;
  const secondPage = new Promise<void>((resolve) => (release = resolve));
  const cluster: Cluster = { running: news, stopped: [], refuseDescribe: true, gate: (status, page) => (status === 'RUNNING' && page === 2 ? secondPage : Promise.resolve()) };
  const { clients, events } = scripted(cluster);
  const polled = new TaskTracker(clients, 'shop').pollAll(queries);
  polled.catch(() => undefined);
  // Page 2 is held back while page 1's DescribeTasks is refused. Node ends the process on a
  // rejection that no handler has taken by the end of the turn (the action would stop with no
  // error and no report); jest fails this test with it.
  for (let turn = 0; turn < 100 && !events.includes('sent DescribeTasks 100'); turn += 1) await new Promise((resolve) => setImmediate(resolve));
  for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(events).not.toContain('answered ListTasks RUNNING page 2');
  release();
  await expect(polled).rejects.toThrow('ecs:DescribeTasks');
});
