// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Task } from '@aws-sdk/client-ecs';
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { scriptedClients } from '@tandem/standins/scripted-clients';
import { judgeTargetHealth, watchRollouts, type Clients } from '../src/index.js';

// Targets of tasks on container instances (bridge or host networking): ELB names each by its EC2
// instance and host port. With host networking or a fixed hostPort every target has the same
// port, so only the instance tells a new task's target from an old one's. Answers are scripted in
// the shapes the ECS and ELBv2 API references document.

const ACCOUNT = '123456789012';
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop-web/0123456789abcdef`;
const NEW = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:2`;
const ci = (n: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:container-instance/shop/ci${n}`;
const onInstance = (id: string, instance: number, hostPort = 8000): Task => ({
  taskArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${id}`, lastStatus: 'RUNNING', startedBy: 'ecs-svc/web', containerInstanceArn: ci(instance),
  containers: [{ name: 'django', networkBindings: [{ containerPort: 8000, hostPort, bindIP: '0.0.0.0', protocol: 'tcp' }] }],
});
const target = (id: string, State: 'healthy' | 'initial', Port = 8000): TargetHealthDescription => ({ Target: { Id: id, Port }, TargetHealth: { State } });
const quiet = { info: () => undefined, warning: () => undefined, debug: () => undefined };
const LB = [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }];

test.each([
  ['host networking, instances known: only the new tasks\' instances count', new Map([[ci(3), 'i-new3'], [ci(4), 'i-new4']]), 1],
  ["host networking, instances unknown: the port alone, so the old tasks' targets count too", new Map<string, string>(), 3],
])('%s', (_name, instances, healthy) => {
  const answers = new Map([[TG, [target('i-old1', 'healthy'), target('i-old2', 'healthy'), target('i-new3', 'initial'), target('i-new4', 'healthy')]]]);
  const tasks = [onInstance('t3', 3), onInstance('t4', 4)];
  expect(judgeTargetHealth(answers, LB, tasks, new Map(), quiet, instances)).toEqual([{ targetGroupArn: TG, healthy }]);
});

test('dynamic host ports: a target of the same port on another instance is not ours', () => {
  const answers = new Map([[TG, [target('i-old1', 'healthy', 32768), target('i-new3', 'healthy', 32768), target('i-new3', 'healthy', 32771)]]]);
  const tasks = [onInstance('t3', 3, 32768), onInstance('t5', 3, 32771)];
  expect(judgeTargetHealth(answers, LB, tasks, new Map(), quiet, new Map([[ci(3), 'i-new3']]))).toEqual([{ targetGroupArn: TG, healthy: 2 }]);
});

/** A host-networking rollout: new tasks t3 and t4 on ci3 and ci4, beside the old targets; theirs turn healthy at the third poll. */
function world(describeInstances: (input: any) => unknown) {
  let now = 0;
  let polls = 0;
  const calls: string[] = [];
  const handlers: Record<string, (input: any) => unknown> = {
    DescribeServices: (input) => {
      polls += 1;
      const done = polls >= 4;
      const deployments = [{ id: 'ecs-svc/web', status: 'PRIMARY', taskDefinition: NEW, desiredCount: 2, runningCount: 2, rolloutState: done ? 'COMPLETED' : 'IN_PROGRESS' }];
      return { services: input.services.map((name: string) => ({ serviceName: name, desiredCount: 2, loadBalancers: LB, deployments, events: [] })), failures: [] };
    },
    ListTasks: (input) => ({ taskArns: input.desiredStatus === 'RUNNING' ? ['t3', 't4'].map((id) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${id}`) : [] }),
    DescribeTasks: () => ({ tasks: [onInstance('t3', 3), onInstance('t4', 4)], failures: [] }),
    DescribeContainerInstances: describeInstances,
    DescribeTargetHealth: () => ({
      TargetHealthDescriptions: [target('i-old1', 'healthy'), target('i-old2', 'healthy'), target('i-new3', polls >= 3 ? 'healthy' : 'initial'), target('i-new4', polls >= 3 ? 'healthy' : 'initial')],
    }),
  };
  const send = {
    async send(command: { constructor: { name: string }; input: any }) {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push(name);
      return handlers[name](command.input);
    },
  };
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  return { clients: scriptedClients<Clients>(send), clock, calls, polls: () => polls };
}

async function watch(scripted: ReturnType<typeof world>) {
  const lines: string[] = [];
  const warnings: string[] = [];
  const log = { info: (line: string) => void lines.push(line), warning: (line: string) => void warnings.push(line), debug: () => undefined };
  const phases: Array<[string, number]> = [];
  const result = await watchRollouts(
    { clients: scripted.clients, clock: scripted.clock, log, cluster: 'shop', deadline: 600_000, waitLimit: '10m', pollMs: 1000, seenEvents: new Set(), onPhase: (_, phase, at) => void phases.push([phase, at]) },
    [{ service: 'web', deploymentId: 'ecs-svc/web', taskDefinitionArn: NEW, circuitBreaker: true, healthChecked: false, loadBalancers: LB }],
  );
  return { result, lines, warnings, phases };
}

test("a watch reads the new tasks' instances once and waits for their own targets, not the old ones' of the same port", async () => {
  const scripted = world((input) => ({
    containerInstances: input.containerInstances.map((arn: string) => ({ containerInstanceArn: arn, ec2InstanceId: `i-new${arn.slice(-1)}` })),
    failures: [],
  }));
  const { result, lines, warnings, phases } = await watch(scripted);
  expect(result.get('web')?.phase).toBe('completed');
  // Registering until the third poll (2000 ms) saw the new targets healthy.
  expect(phases).toEqual([['registering', 0], ['completing', 2000], ['completed', 3000]]);
  expect(lines.filter((line) => line.startsWith('target '))).toEqual(['target i-new3:8000 in shop-web: initial', 'target i-new4:8000 in shop-web: initial', 'target i-new3:8000 in shop-web: healthy', 'target i-new4:8000 in shop-web: healthy']);
  expect(scripted.calls.filter((call) => call === 'DescribeContainerInstances')).toHaveLength(1);
  expect(warnings).toEqual([]);
});

test('without ecs:DescribeContainerInstances: one warning, and the targets told apart by port alone', async () => {
  const scripted = world(() => {
    throw Object.assign(new Error(`User: arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run is not authorized to perform: ecs:DescribeContainerInstances`), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
  });
  const { result, warnings, phases } = await watch(scripted);
  expect(result.get('web')?.phase).toBe('completed');
  expect(warnings).toEqual(['the container instances of the new tasks were not read, so their targets are told apart by host port alone: allow ecs:DescribeContainerInstances']);
  expect(scripted.calls.filter((call) => call === 'DescribeContainerInstances')).toHaveLength(1);
  // The old tasks' healthy targets counted: the watch saw its targets healthy at once.
  expect(phases[0]).toEqual(['completing', 0]);
});
