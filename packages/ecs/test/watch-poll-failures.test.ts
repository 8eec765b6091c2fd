// Scripted answers take each command's own input shape: `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { scriptedClients } from '@tandem/standins/scripted-clients';
import { watchRollouts, type Clients } from '../src/index.js';

// A poll of the wait that fails after the SDK's own retries (throttling while other
// deploys poll the account, a 5xx, a reset connection) is polled again, until the deadline; the
// rollout goes on in ECS whatever the poll got. Expired credentials and a refused grant end the
// wait at once. Answers in the shapes the ECS API Reference documents; errors as the SDK throws
// them (the code as `name`, the HTTP status in `$metadata`), or as Node's HTTP client does.

const ACCOUNT = '123456789012';
const NEW = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:2`;
const POLL_MS = 1000;

const sdkError = (name: string, status: number, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/**
 * A service whose deployment completes at poll `completesAt` (counting DescribeServices calls),
 * where the polls for which `fails` gives an error throw it instead of answering.
 */
function world(completesAt: number, fails: (poll: number) => Error | undefined) {
  let now = 0;
  let polls = 0;
  const send = async (command: { constructor: { name: string }; input: any }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    if (name === 'DescribeServices') {
      polls += 1;
      const error = fails(polls);
      if (error) throw error;
      const rolloutState = polls >= completesAt ? 'COMPLETED' : 'IN_PROGRESS';
      const deployment = { id: 'ecs-svc/web', status: 'PRIMARY', taskDefinition: NEW, desiredCount: 1, runningCount: polls >= completesAt ? 1 : 0, pendingCount: 0, failedTasks: 0, rolloutState };
      return { services: command.input.services.map((serviceName: string) => ({ serviceName, desiredCount: 1, loadBalancers: [], deployments: [deployment], events: [] })), failures: [] };
    }
    if (name === 'ListTasks') return { taskArns: [] };
    if (name === 'DescribeTasks') return { tasks: [], failures: [] };
    throw new Error(`no answer for ${name}`);
  };
  const clients = scriptedClients<Clients>({ send });
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  return { clients, clock, polls: () => polls };
}

async function watch(scripted: ReturnType<typeof world>, deadline = 60_000) {
  const info: string[] = [];
  const debug: string[] = [];
  const log = { info: (line: string) => void info.push(line), warning: () => undefined, debug: (line: string) => void debug.push(line) };
  const result = watchRollouts(
    { clients: scripted.clients, clock: scripted.clock, log, cluster: 'shop', deadline, waitLimit: `${deadline / 1000}s`, pollMs: POLL_MS, seenEvents: new Set() },
    [{ service: 'web', deploymentId: 'ecs-svc/web', taskDefinitionArn: NEW, circuitBreaker: true, healthChecked: false, loadBalancers: [] }],
  );
  return { result, info, debug };
}

test.each([
  ['throttled', () => sdkError('ThrottlingException', 400, 'Rate exceeded'), 'Rate exceeded'],
  ['answered 500', () => sdkError('ServerException', 500, 'Service unavailable'), 'Service unavailable'],
  ['a reset connection', reset, 'socket hang up'],
])('three polls in a row %s, then answers: the watch polls on and sees the rollout complete', async (_, error, said) => {
  const scripted = world(6, (poll) => (poll >= 2 && poll <= 4 ? error() : undefined));
  const { result, info } = await watch(scripted);
  expect((await result).get('web')).toMatchObject({ phase: 'completed', failed: false });
  expect(scripted.polls()).toBe(6);
  expect(info).toContain(`a poll failed (${said}); deployment ecs-svc/web of web goes on in ECS whatever the poll got: polling again`);
  expect(info).toContain('AWS answered again, after 3 failed polls over 3s');
  // Said once a streak, not once a poll.
  expect(info.filter((line) => line.startsWith('a poll failed'))).toHaveLength(1);
});

test('every poll failing until the deadline: the rollout fails as not seen to finish, naming for how long and the last error', async () => {
  const scripted = world(100, (poll) => (poll >= 2 ? sdkError('ThrottlingException', 400, 'Rate exceeded') : undefined));
  const { result, debug } = await watch(scripted, 10_000);
  expect((await result).get('web')).toEqual({
    phase: 'failed',
    failed: true,
    reason: 'deployment ecs-svc/web was not seen to finish: every poll failed for the last 9s (10 polls; the last: Rate exceeded) when wait-timeout 10s passed',
  });
  // Polls on the grid until the deadline: the first answered at 0 s, then 1 s to 10 s.
  expect(scripted.polls()).toBe(11);
  expect(debug).toContain('10 polls in a row failed: Rate exceeded');
});

test('credentials that expire during the wait end it at once, saying the rollout goes on in ECS and how to give the role a longer session', async () => {
  const scripted = world(100, (poll) => (poll >= 3 ? sdkError('ExpiredTokenException', 400, 'The security token included in the request is expired') : undefined));
  const { result } = await watch(scripted);
  await expect(result).rejects.toThrow(
    "the AWS credentials expired during the wait (ExpiredTokenException): deployment ecs-svc/web of web goes on in ECS, unwatched, and nothing more can be done with these credentials. Give the role a longer session (role-duration-seconds of aws-actions/configure-aws-credentials, within the role's maximum session duration) or a shorter wait-timeout",
  );
  expect(scripted.polls()).toBe(3);
});

test.each([
  ['a refused grant', () => sdkError('AccessDeniedException', 400, 'User is not authorized to perform: ecs:DescribeServices'), 'User is not authorized to perform: ecs:DescribeServices'],
  ['a cluster that is gone', () => sdkError('ClusterNotFoundException', 400, 'Cluster not found.'), "cluster 'shop' does not exist (ClusterNotFoundException)"],
])('%s ends the wait at once: no later poll mends it', async (_, error, said) => {
  const scripted = world(100, (poll) => (poll === 2 ? error() : undefined));
  const { result } = await watch(scripted);
  await expect(result).rejects.toThrow(said);
  expect(scripted.polls()).toBe(2);
});
