import type { Deployment, Task } from '@aws-sdk/client-ecs';
import { testContext } from '@tandem/standins/context';
import { InputReader, tableInputs } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { readInputs } from '../src/inputs.js';
import { run, type Deps } from '../src/run.js';
import { ACCOUNT, IMAGE, NEW_TD, OLD_IMAGE, OLD_TD, STEADY, baseHandlers, deployment, scriptedClients, service, targets, task, taskDefinition, type Handler } from './scripted.js';

// Rollout timelines ECS and ELB produce and no local stand-in can: each scripted poll by poll,
// run through the action's run() with a clock that moves only when the action sleeps.

const OLD = deployment('ecs-svc/1111', { status: 'ACTIVE' });
const NEW = (over: Partial<Deployment> = {}) => deployment('ecs-svc/2222', { taskDefinition: NEW_TD, rolloutState: 'IN_PROGRESS', runningCount: 0, rolloutStateReason: 'ECS deployment ecs-svc/2222 in progress.', ...over });

function setup(handlers: Record<string, Handler>, values: Record<string, string> = {}, controller = new AbortController()) {
  const { clients, world } = scriptedClients({ ...baseHandlers(), ...handlers });
  const log = recordingLog();
  const inputs = readInputs(new InputReader(tableInputs({ cluster: 'shop', service: 'web', image: IMAGE, 'poll-interval': '10s', 'wait-timeout': '5m', ...values })), { AWS_REGION: 'us-east-1', GITHUB_SHA: 'c'.repeat(40), GITHUB_REPOSITORY: 'example/shop', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' });
  const deps: Deps = { clients, credentialsExpireAt: async () => undefined, github: async () => undefined };
  const outcome = run(inputs, deps, testContext({ signal: controller.signal, clock: world.clock, log })).then(
    (done) => ({ done, error: undefined as Error | undefined }),
    (error: Error) => ({ done: undefined, error }),
  );
  return { world, log, outcome };
}

const OLD_TASKS = ['o1', 'o2'].map((id) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${id}`);
const OLD_TARGETS: Array<[string, 'healthy']> = [['10.0.9.1', 'healthy'], ['10.0.9.2', 'healthy']];
/** Tasks of any deployment but the new one are the old revision's, healthy at 10.0.9.N. */
function describeOldTasks(arns: string[]) {
  return arns.filter((arn) => /\/o\d$/.test(arn)).map((arn) => task(arn.split('/').pop()!, { ip: `10.0.9.${arn.slice(-1)}`, taskDefinitionArn: OLD_TD }));
}

/** DescribeServices: the steady service until UpdateService, then one frame per poll (the last repeats). */
function rollout(frames: Array<ReturnType<typeof service>>, afterRollback: Array<ReturnType<typeof service>> = []): Record<string, Handler> {
  let updates = 0;
  let polls = 0;
  return {
    UpdateService: (input) => {
      updates += 1;
      polls = 0;
      const first = (updates === 1 ? frames : afterRollback)[0];
      return { service: { ...first, deployments: first.deployments?.map((d) => (d.status === 'PRIMARY' ? { ...d, taskDefinition: input.taskDefinition } : d)) } };
    },
    DescribeServices: () => {
      const list = updates === 0 ? [STEADY] : updates === 1 ? frames : afterRollback;
      const frame = list[Math.min(polls, list.length - 1)];
      if (updates > 0) polls += 1;
      return { services: [frame], failures: [] };
    },
  };
}

test('breaker FAILED with ECS rolling back by itself: the step fails, status rolled-back, no second rollback', async () => {
  const back = deployment('ecs-svc/3333', { rolloutState: 'IN_PROGRESS', runningCount: 0 });
  const { world, log, outcome } = setup({
    ...rollout([
      service([NEW({ failedTasks: 1 }), OLD], [['e1', 'has started 2 tasks: (task t1) (task t2).'], ['e0', 'has reached a steady state.']]),
      service([back, NEW({ status: 'ACTIVE', rolloutState: 'FAILED', failedTasks: 3, rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }), OLD],
        [['e3', 'rolling back to deployment ecs-svc/3333.'], ['e2', 'deployment ecs-svc/2222 deployment failed: tasks failed to start.'], ['e1', 'has started 2 tasks: (task t1) (task t2).']]),
      service([{ ...back, rolloutState: 'COMPLETED', runningCount: 2 }], [['e4', 'has reached a steady state.'], ['e3', 'rolling back to deployment ecs-svc/3333.']]),
    ]),
    ListTasks: (input) => ({
      taskArns: input.startedBy === 'ecs-svc/2222' ? (input.desiredStatus === 'STOPPED' ? [`arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/t1`] : []) : input.desiredStatus === 'RUNNING' ? OLD_TASKS : [],
    }),
    DescribeTasks: (input) => ({
      tasks: [
        ...describeOldTasks(input.tasks),
        ...(input.tasks.some((arn: string) => arn.endsWith('/t1')) ? [task('t1', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', exitCode: 3, lastStatus: 'STOPPED' }] })] : []),
      ],
    }),
    DescribeTargetHealth: () => targets(...OLD_TARGETS),
  });
  const { error } = await outcome;
  expect(error?.message).toBe(
    'rolled-back: ECS marked deployment ecs-svc/2222 FAILED: ECS deployment circuit breaker: tasks failed to start.; ECS is rolling back to ' +
      `${OLD_TD}. ECS rolled the service back: ${OLD_TD} serves again.`,
  );
  expect(world.calls.filter((call) => call.command === 'UpdateService')).toHaveLength(1);
  expect(log.text().match(/event: \(service web\) rolling back to deployment ecs-svc\/3333\./g)).toHaveLength(1);
  expect(log.text().match(/task t1 stopped \[EssentialContainerExited\]: Essential container in task exited \(django exit 3\)/g)).toHaveLength(1);
  // gunicorn's exit code when its workers cannot boot: its way out, once.
  expect(log.text('warning').match(/^tasks stopped: if the container runs gunicorn, exit code 3 is how it stops when its workers cannot boot/gm)).toHaveLength(1);
  expect(log.text()).not.toContain('has reached a steady state.\nevent: (service web) has reached a steady state.');
});

test('targets never healthy until the timeout: this action rolls back and waits for it', async () => {
  const running = NEW({ runningCount: 2 });
  const mine = new Set(['10.0.1.21', '10.0.1.22']);
  const { world, log, outcome } = setup({
    ...rollout([service([running, OLD])], [service([deployment('ecs-svc/4444', { rolloutState: 'IN_PROGRESS' }), { ...running, status: 'ACTIVE' }]), service([deployment('ecs-svc/4444', {})])]),
    ListTasks: (input) => ({
      taskArns: input.desiredStatus !== 'RUNNING' ? [] : input.startedBy === 'ecs-svc/2222' ? ['t21', 't22'].map((id) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${id}`) : OLD_TASKS,
    }),
    DescribeTasks: (input) => ({
      tasks: [...describeOldTasks(input.tasks), ...input.tasks.filter((arn: string) => /\/t\d+$/.test(arn)).map((arn: string) => { const id = arn.split('/').pop()!; return task(id, { ip: `10.0.1.${id.slice(1)}` }); })],
    }),
    DescribeTargetHealth: () => targets(
      ...OLD_TARGETS,
      ...[...mine].map((ip): [string, 'unhealthy', string, string] => [ip, 'unhealthy', 'Target.ResponseCodeMismatch', 'Health checks failed with these codes: [400]']),
    ),
  }, { 'wait-timeout': '1m' });
  const { error, done } = await outcome;
  expect(done).toBeUndefined();
  expect(error?.message).toMatch(/^rolled-back: deployment ecs-svc\/2222 did not finish within 1m: new tasks' targets: 0 of 2 healthy in shop-web\. This action rolled the service back/);
  const updates = world.calls.filter((call) => call.command === 'UpdateService');
  expect(updates.map((call) => call.input.taskDefinition)).toEqual([NEW_TD, OLD_TD]);
  // Each target's state is logged once, with the Django hint, however many polls saw it.
  expect(log.text().match(/target 10\.0\.1\.21:8000 in shop-web: unhealthy \(Target\.ResponseCodeMismatch: .*\[400\]\) Django answers 400/g)).toHaveLength(1);
  expect(world.count('DescribeServices')).toBeGreaterThan(6);
});

test('an image in ECR\'s archive: restored first, and wait-timeout starts after the restore', async () => {
  const running = NEW({ runningCount: 2 });
  let restoredAt = 0;
  const { world, log, outcome } = setup({
    ...rollout([service([running, OLD])], [service([deployment('ecs-svc/4444', { rolloutState: 'IN_PROGRESS' }), { ...running, status: 'ACTIVE' }]), service([deployment('ecs-svc/4444', {})])]),
    // Listed by id with its status; ECR restores it 12 minutes after UpdateImageStorageClass.
    DescribeImages: (input, w) => {
      const status = !restoredAt ? 'ARCHIVED' : w.clock.now() < restoredAt ? 'ACTIVATING' : 'ACTIVE';
      return { imageDetails: [{ registryId: ACCOUNT, repositoryName: input.repositoryName, imageDigest: input.imageIds[0].imageDigest, imageStatus: status, lastArchivedAt: new Date('2026-01-01T00:00:00Z') }] };
    },
    UpdateImageStorageClass: (_input, w) => {
      restoredAt = w.clock.now() + 12 * 60_000;
      return { imageStatus: 'ACTIVATING' };
    },
    ListTasks: (input) => ({ taskArns: input.desiredStatus === 'RUNNING' && input.startedBy !== 'ecs-svc/2222' ? OLD_TASKS : [] }),
    DescribeTasks: (input) => ({ tasks: describeOldTasks(input.tasks) }),
    DescribeTargetHealth: () => targets(...OLD_TARGETS),
  }, { 'wait-timeout': '1m' });
  const { error } = await outcome;
  expect(log.text()).toMatch(/image \S+: archived in ECR repository shop since 2026-01-01T00:00:00\.000Z: ECS cannot pull it until ECR has restored it/);
  expect(log.text()).toMatch(/restored from ECR's archive in 12m( 10s)?: shop@sha256:b{64}/);
  const first = world.calls.findIndex((call) => call.command === 'UpdateService');
  expect(world.calls.slice(0, first).map((call) => call.command)).toContain('UpdateImageStorageClass');
  // The rollout had its whole minute after the 12-minute restore: polled every 10 s, then rolled back.
  expect(error?.message).toMatch(/^rolled-back: deployment ecs-svc\/2222 did not finish within 1m/);
  const polls = world.calls.slice(first).filter((call) => call.command === 'DescribeServices').length;
  expect(polls).toBeGreaterThanOrEqual(6);
});

test("tasks ECS cannot place until the timeout: the event's way out once as a warning, and the failure names ECS's last word on it", async () => {
  const QUOTA = "was unable to place a task. Reason: You've reached the limit on the number of tasks you can run concurrently.";
  const { log, outcome } = setup({
    ...rollout(
      [service([NEW(), OLD], [['e2', QUOTA], ['e0', 'has reached a steady state.']]), service([NEW(), OLD], [['e3', QUOTA], ['e2', QUOTA], ['e0', 'has reached a steady state.']])],
      [service([deployment('ecs-svc/4444', {})])],
    ),
    ListTasks: (input) => ({ taskArns: input.desiredStatus === 'RUNNING' && input.startedBy !== 'ecs-svc/2222' ? OLD_TASKS : [] }),
    DescribeTasks: (input) => ({ tasks: describeOldTasks(input.tasks) }),
    DescribeTargetHealth: () => targets(...OLD_TARGETS),
  }, { 'wait-timeout': '1m' });
  const { error } = await outcome;
  expect(error?.message).toMatch(
    /^rolled-back: deployment ecs-svc\/2222 did not finish within 1m: 0 of 2 new tasks running; the service's last event on it: \(service web\) was unable to place a task\. Reason: You've reached the limit on the number of tasks you can run concurrently\. This action rolled the service back/,
  );
  expect(log.text('info').match(/event: \(service web\) was unable to place a task/g)).toHaveLength(2);
  expect(log.text('warning').split('\n').filter((line) => line.startsWith('ECS could not place'))).toEqual([
    'ECS could not place or start a task: the account has reached its quota of tasks or vCPUs running at once in this region (a rolling deploy needs room for the old and the new tasks together): request a higher quota in Service Quotas, or lower maximumPercent',
  ]);
});

/** A rollout whose four new tasks stop at their start, two a poll, each with `stopped`'s reason. */
function failingStarts(stopped: Partial<Task>) {
  let count = 0;
  return {
    ...rollout([service([NEW({ failedTasks: 2 }), OLD]), service([NEW({ failedTasks: 4 }), OLD])], [service([deployment('ecs-svc/5555', {})])]),
    ListTasks: (input: { startedBy?: string; desiredStatus?: string }) => {
      if (input.startedBy !== 'ecs-svc/2222') return { taskArns: input.desiredStatus === 'RUNNING' ? OLD_TASKS : [] };
      if (input.desiredStatus !== 'STOPPED') return { taskArns: [] };
      count = Math.min(4, count + 2);
      return { taskArns: Array.from({ length: count }, (_, i) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/p${i}`) };
    },
    DescribeTargetHealth: () => targets(...OLD_TARGETS),
    DescribeTasks: (input: { tasks: string[] }) => ({
      tasks: [...describeOldTasks(input.tasks), ...input.tasks.filter((arn) => /\/p\d$/.test(arn)).map((arn) => task(arn.split('/').pop()!, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', ...stopped }))],
    }),
  };
}

test('CannotPullContainerError: each stopped task is logged once; failures past the threshold end the rollout', async () => {
  const { world, log, outcome } = setup(failingStarts({
    stoppedReason: `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${IMAGE}: not found`,
    containers: [{ name: 'django', lastStatus: 'STOPPED', reason: 'CannotPullContainerError: ref not found' }],
  }), { 'circuit-breaker': 'false' });
  const { error } = await outcome;
  expect(error?.message).toMatch(/^rolled-back: 4 tasks of deployment ecs-svc\/2222 failed to start or stay healthy/);
  expect(log.text().match(/task p\d stopped \[TaskFailedToStart\]: CannotPullContainerError/g)).toHaveLength(4);
  expect(world.calls.find((call) => call.command === 'UpdateService')?.input.deploymentConfiguration).toBeUndefined();
  // An image that is not there names no cause beyond ECS's words: no way out is added.
  expect(log.text('warning')).not.toContain('tasks stopped');
});

// An image built on an arm64 runner for a service on X86_64 Fargate: every task stops at its pull.
test('tasks that stop for one known reason get its way out once, as a warning', async () => {
  const { log, outcome } = setup(failingStarts({
    stoppedReason: "CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
  }), { 'circuit-breaker': 'false' });
  const { error } = await outcome;
  expect(error?.message).toMatch(/^rolled-back: 4 tasks of deployment ecs-svc\/2222 failed to start or stay healthy/);
  expect(log.text('info').match(/task p\d stopped \[TaskFailedToStart\]: CannotPullContainerError/g)).toHaveLength(4);
  expect(log.text('warning').split('\n').filter((line) => line.startsWith('tasks stopped'))).toEqual([
    "tasks stopped: the image has no build for linux/amd64, the platform the task definition runs on (runtimePlatform.cpuArchitecture X86_64): build it for linux/amd64 (build-push-django-image's platform: linux/amd64, or a runner of that architecture), " +
      'or set runtimePlatform.cpuArchitecture to ARM64 if the image is built for linux/arm64',
  ]);
});

test('four tasks whose container crashed: its log is read once, and a role that may not read it costs one warning', async () => {
  const { world, log, outcome } = setup({
    ...failingStarts({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', lastStatus: 'STOPPED', exitCode: 1 }] }),
    GetLogEvents: () => {
      throw Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/deploy/run is not authorized to perform: logs:GetLogEvents'), { name: 'AccessDeniedException' });
    },
  }, { 'circuit-breaker': 'false' });
  const { error } = await outcome;
  expect(error?.message).toMatch(/^rolled-back: 4 tasks of deployment ecs-svc\/2222 failed to start or stay healthy/);
  expect(log.text('info').match(/task p\d stopped \[EssentialContainerExited\]: Essential container in task exited \(django exit 1\)/g)).toHaveLength(4);
  expect(world.calls.filter((call) => call.command === 'GetLogEvents').map((call) => call.input.logStreamName)).toEqual(['web/django/p0']);
  expect(log.text('warning').split('\n').filter((line) => line.startsWith('could not read'))).toEqual([
    expect.stringMatching(/^could not read the log of container django in task p0 from \/ecs\/shop-web\/web\/django\/p0: .*not authorized to perform: logs:GetLogEvents/),
  ]);
  expect(log.text()).not.toContain('the last lines of container');
});

test("a migration task ECS cannot place (RESOURCE:MEMORY): the step fails with RunTask's reason and its way out; nothing is rolled out", async () => {
  const { world, outcome } = setup({
    ...rollout([STEADY]),
    RunTask: () => ({ tasks: [], failures: [{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:container-instance/shop/0a2b4c6d`, reason: 'RESOURCE:MEMORY' }] }),
  }, { 'migrate-command': 'python manage.py migrate --noinput' });
  const { error } = await outcome;
  expect(error?.message).toBe(
    `failed: ECS did not start the migration task: RESOURCE:MEMORY: no container instance had the free CPU or memory the task asks for beside the tasks already running: ` +
      `add instances (a capacity provider with managed scaling adds them itself), or ask for less cpu or memory in the task definition. Nothing was rolled out: ${OLD_TD} still serves.`,
  );
  expect(world.count('UpdateService')).toBe(0);
});

test('a failing migration: the step fails with the exit code, the stop reason and the logs; nothing is rolled out', async () => {
  let polls = 0;
  const { world, log, outcome } = setup({
    ...rollout([STEADY]),
    RunTask: () => ({ tasks: [task('m1', { lastStatus: 'PROVISIONING', taskDefinitionArn: NEW_TD, group: 'family:shop-web' })], failures: [] }),
    DescribeTasks: () => {
      polls += 1;
      return polls < 3
        ? { tasks: [task('m1', { lastStatus: 'RUNNING' })] }
        : { tasks: [task('m1', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', exitCode: 1, lastStatus: 'STOPPED' }] })] };
    },
    GetLogEvents: (input) => {
      expect(input).toMatchObject({ logGroupName: '/ecs/shop-web', logStreamName: 'web/django/m1' });
      return { events: [{ timestamp: 1, message: 'Operations to perform:' }, { timestamp: 2, message: 'django.db.utils.OperationalError: could not connect to server' }] };
    },
  }, { 'migrate-command': 'python manage.py migrate --noinput' });
  const { error } = await outcome;
  expect(error?.message).toBe(`failed: migration exited 1: task m1 stopped [EssentialContainerExited]: Essential container in task exited (django exit 1). Nothing was rolled out: ${OLD_TD} still serves.`);
  expect(log.text()).toContain('migrate | django.db.utils.OperationalError: could not connect to server');
  expect(world.count('UpdateService')).toBe(0);
  expect(world.calls.find((call) => call.command === 'RunTask')?.input).toEqual({
    cluster: 'shop', taskDefinition: NEW_TD, count: 1, startedBy: 'tandem-deploy/migrate', launchType: 'FARGATE', platformVersion: 'LATEST',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'DISABLED' } },
    overrides: { containerOverrides: [{ name: 'django', command: ['python', 'manage.py', 'migrate', '--noinput'] }] },
  });
});

test('another deployment in progress: refused before anything is registered', async () => {
  const busy = service([deployment('ecs-svc/9999', { rolloutState: 'IN_PROGRESS', taskDefinition: NEW_TD, createdAt: new Date('2026-03-01T11:58:00Z') }), OLD]);
  const { world, outcome } = setup({ DescribeServices: () => ({ services: [busy], failures: [] }) });
  const { error } = await outcome;
  expect(error?.name).toBe('ConfigurationError');
  expect(error?.message).toContain('service web is busy with deployment ecs-svc/9999 (PRIMARY IN_PROGRESS, ' + NEW_TD + ') since 2026-03-01T11:58:00.000Z: wait for it to finish, or set supersede: true');
  expect(world.count('RegisterTaskDefinition') + world.count('UpdateService') + world.count('RunTask')).toBe(0);
});

test('cancelled mid-rollout: the rollback starts at once and the step fails without waiting', async () => {
  const controller = new AbortController();
  const frames = rollout([service([NEW(), OLD]), service([NEW({ runningCount: 1 }), OLD])], [service([deployment('ecs-svc/6666', { rolloutState: 'IN_PROGRESS' }), NEW({ status: 'ACTIVE' })])]);
  let polls = 0;
  const { world, outcome } = setup({
    ...frames,
    DescribeServices: (input, w) => {
      const answer = frames.DescribeServices(input, w);
      if (w.count('UpdateService') > 0 && ++polls === 2) controller.abort(new Error('cancelled by SIGINT'));
      return answer;
    },
  }, {}, controller);
  const { error } = await outcome;
  expect(error?.message).toMatch(/^failed: the workflow was cancelled before the rollout finished\. Rollback to .*shop-web:7 started as deployment ecs-svc\/6666; not waited for\.$/);
  expect(world.calls.filter((call) => call.command === 'UpdateService').map((call) => call.input.taskDefinition)).toEqual([NEW_TD, OLD_TD]);
  expect(world.count('DescribeServices')).toBe(3);
});

test('rollback to a release whose image is gone: refused, nothing changed', async () => {
  const revision = (n: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:${n}`;
  const gone = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'6'.repeat(64)}`;
  const { world, outcome } = setup({
    ...rollout([STEADY]),
    ListTaskDefinitions: () => ({ taskDefinitionArns: [revision(5), revision(7), revision(6), `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web-worker:9`] }),
    DescribeTaskDefinition: (input) => {
      const n = Number(String(input.taskDefinition).split(':').pop());
      return { taskDefinition: taskDefinition(revision(n), n === 6 ? gone : OLD_IMAGE), tags: [{ key: 'tandem-deploy:release', value: `r${n}` }] };
    },
    // Not found by id, nor among the repository's images of every status (archived ones included).
    DescribeImages: (input) => {
      if (!input.imageIds) return { imageDetails: [{ imageDigest: `sha256:${'7'.repeat(64)}`, imageStatus: 'ACTIVE' }] };
      throw Object.assign(new Error(`The image with imageId {imageDigest:'sha256:${'6'.repeat(64)}'} does not exist within the repository with name 'shop'`), { name: 'ImageNotFoundException' });
    },
  }, { image: '', 'rollback-to': 'r6' });
  const { error } = await outcome;
  expect(error?.name).toBe('ConfigurationError');
  expect(error?.message).toBe(`Input 'rollback-to': cannot roll back to r6: its image is gone: ${gone}: ECR has no image sha256:${'6'.repeat(64)} in shop (deleted, or expired by a lifecycle policy). Nothing was changed.`);
  expect(world.calls.filter((call) => call.command === 'DescribeTaskDefinition').map((call) => call.input.taskDefinition)).toEqual([OLD_TD, revision(7), revision(6)]);
  expect(world.count('UpdateService') + world.count('RegisterTaskDefinition')).toBe(0);
});

/** A migration task that is still RUNNING at every poll; StopTask stops it. */
function endlessMigration(onPoll: (polls: number) => void = () => {}): Record<string, Handler> {
  let polls = 0;
  let stopped = false;
  return {
    ...rollout([STEADY]),
    RunTask: () => ({ tasks: [task('m1', { lastStatus: 'PROVISIONING', taskDefinitionArn: NEW_TD, group: 'family:shop-web' })], failures: [] }),
    DescribeTasks: () => {
      onPoll(++polls);
      return { tasks: [task('m1', stopped ? { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' } : { lastStatus: 'RUNNING' })], failures: [] };
    },
    StopTask: (input) => {
      stopped = true;
      return { task: task('m1', { lastStatus: 'RUNNING', desiredStatus: 'STOPPED', stoppedReason: input.reason }) };
    },
  };
}

const M1 = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/m1`;

test('a migration that outlives wait-timeout is stopped, with a reason naming the run, before the step fails', async () => {
  const { world, log, outcome } = setup(endlessMigration(), { 'migrate-command': 'python manage.py migrate --noinput', 'wait-timeout': '1m' });
  const { error } = await outcome;
  expect(error?.message).toBe(`failed: migration task ${M1} did not stop within wait-timeout (last status RUNNING): the migration task was stopped (StopTask). Nothing was rolled out: ${OLD_TD} still serves.`);
  const stops = world.calls.filter((call) => call.command === 'StopTask');
  expect(stops.map((call) => call.input)).toEqual([{ cluster: 'shop', task: M1, reason: `stopped by example/shop run 42 attempt 2: migration task ${M1} did not stop within wait-timeout (last status RUNNING)` }]);
  expect(log.text()).toContain('migration task m1 stopped: stopped by example/shop run 42 attempt 2');
  expect(world.count('UpdateService')).toBe(0);
});

test('a run cancelled during the migration stops the migration task before it ends', async () => {
  const controller = new AbortController();
  const { world, log, outcome } = setup(endlessMigration((polls) => polls === 2 && controller.abort(new Error('cancelled by SIGINT'))), { 'migrate-command': 'python manage.py migrate' }, controller);
  const { error } = await outcome;
  expect(error?.message).toBe(`failed: the workflow was cancelled while migration task ${M1} was RUNNING: the migration task was stopped (StopTask). Nothing was rolled out: ${OLD_TD} still serves.`);
  expect(world.calls.filter((call) => call.command === 'StopTask').map((call) => call.input.reason)).toEqual([`stopped by example/shop run 42 attempt 2: the workflow was cancelled while migration task ${M1} was RUNNING`]);
  expect(world.calls.map((call) => call.command).slice(-2)).toEqual(['DescribeTasks', 'StopTask']);
  expect(log.text()).toContain('migration task m1 stopped');
  expect(world.count('UpdateService')).toBe(0);
});

test('a call refused while waiting for the migration stops the task, then fails the step with that error', async () => {
  let polls = 0;
  const handlers = endlessMigration();
  const { world, outcome } = setup({
    ...handlers,
    DescribeTasks: (input, w) => {
      if (++polls === 2) throw Object.assign(new Error('User is not authorized to perform: ecs:DescribeTasks'), { name: 'AccessDeniedException' });
      return handlers.DescribeTasks(input, w);
    },
  }, { 'migrate-command': 'python manage.py migrate' });
  const { error } = await outcome;
  expect(error?.message).toBe('User is not authorized to perform: ecs:DescribeTasks');
  expect(world.calls.filter((call) => call.command === 'StopTask').map((call) => call.input.reason)).toEqual([
    'stopped by example/shop run 42 attempt 2: the deploy failed while waiting for the migration: User is not authorized to perform: ecs:DescribeTasks',
  ]);
});

test("a poll of the migration that fails after the SDK's tries (throttled) is polled again: the migration is not stopped half-way, and the release rolls out", async () => {
  let polls = 0;
  const mine = ['t21', 't22'];
  const { world, log, outcome } = setup({
    ...rollout([service([NEW({ runningCount: 2, rolloutState: 'COMPLETED' })])]),
    RunTask: () => ({ tasks: [task('m1', { lastStatus: 'PROVISIONING', taskDefinitionArn: NEW_TD, group: 'family:shop-web' })], failures: [] }),
    ListTasks: (input) => ({ taskArns: input.desiredStatus === 'RUNNING' && input.startedBy === 'ecs-svc/2222' ? mine.map((id) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${id}`) : [] }),
    DescribeTasks: (input) => {
      if (!input.tasks.includes(M1)) return { tasks: input.tasks.map((arn: string) => task(arn.split('/').pop()!, { ip: `10.0.1.${arn.slice(-2)}` })), failures: [] };
      polls += 1;
      if (polls === 2) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      const stopped = { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited' as const, stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', exitCode: 0, lastStatus: 'STOPPED' }] };
      return { tasks: [task('m1', polls < 3 ? { lastStatus: 'RUNNING' } : stopped)], failures: [] };
    },
    DescribeTargetHealth: () => targets(['10.0.1.21', 'healthy'], ['10.0.1.22', 'healthy']),
    GetLogEvents: () => ({ events: [{ timestamp: 1, message: 'No migrations to apply.' }] }),
  }, { 'migrate-command': 'python manage.py migrate' });
  const { error, done } = await outcome;
  expect(error).toBeUndefined();
  expect(done?.status).toBe('completed');
  expect(world.count('StopTask')).toBe(0);
  expect(polls).toBe(3);
  expect(log.text()).toContain(`a poll failed (Rate exceeded); migration task ${M1} goes on in ECS whatever the poll got: polling again`);
  expect(log.text()).toContain('AWS answered again, after 1 failed poll over 10s');
  expect(world.calls.filter((call) => call.command === 'UpdateService').map((call) => call.input.taskDefinition)).toEqual([NEW_TD]);
});

test('StopTask refused: the step says the migration may still be running', async () => {
  const { log, outcome } = setup({
    ...endlessMigration(),
    StopTask: () => {
      throw Object.assign(new Error('User is not authorized to perform: ecs:StopTask'), { name: 'AccessDeniedException' });
    },
  }, { 'migrate-command': 'python manage.py migrate', 'wait-timeout': '30s' });
  const { error } = await outcome;
  expect(error?.message).toMatch(/did not stop within wait-timeout \(last status RUNNING\): the migration task could not be stopped and may still be running \(User is not authorized to perform: ecs:StopTask\)\. Nothing was rolled out/);
  expect(log.text('warning')).toContain('could not stop migration task m1, it may still be running');
});
