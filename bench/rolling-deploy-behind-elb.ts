// Benchmark: how much time rolling-deploy-behind-elb adds beyond the rollout itself, and how
// fast it reacts once ECS reports a failure. Runs the action's run() against moto with the
// rollout launcher (packages/standins/src/moto-rollouts.py), whose rollouts take ROLLOUT_SECONDS.
//   npx tsx bench/rolling-deploy-behind-elb.ts
// Times on the ECS side come from the API itself: a deployment's createdAt and the createdAt of
// the service events "deployment ... completed." / "deployment failed".
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { loadavg } from 'node:os';
import { InputReader, tableInputs, type Log, realClock } from '@tandem/kit';
import { startMoto, useMotoEndpoint, MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { createEcsWorld, type EcsWorld } from '@tandem/standins/ecs-world';
import { readInputs } from '../actions/rolling-deploy-behind-elb/src/inputs.js';
import { defaultDeps, run } from '../actions/rolling-deploy-behind-elb/src/run.js';

Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
delete process.env.GITHUB_OUTPUT;
delete process.env.GITHUB_STEP_SUMMARY;

const ROLLOUT_SECONDS = Number(process.env.ROLLOUT_SECONDS ?? 3);
const POLL = process.env.POLL ?? '1s';
const POLL_MS = Number(/^(\d+)s$/.exec(POLL)?.[1] ?? 1) * 1000;
const RUNS = Number(process.env.RUNS ?? 3);

const moto = await startMoto({ script: MOTO_ROLLOUTS, env: { MOTO_ROLLOUT_SECONDS: String(ROLLOUT_SECONDS) } });
useMotoEndpoint(moto);

function timedLog(): Log & { lines: Array<{ at: number; message: string }> } {
  const lines: Array<{ at: number; message: string }> = [];
  const push = (message: string) => lines.push({ at: Date.now(), message });
  return { lines, info: push, warning: push, debug: () => undefined };
}

async function deploy(world: EcsWorld, image: string) {
  const inputs = readInputs(new InputReader(tableInputs({ cluster: world.cluster, service: world.service, image, 'poll-interval': POLL, 'wait-timeout': '5m' })), { ...process.env, GITHUB_SHA: 'f'.repeat(40) });
  const log = timedLog();
  const started = Date.now();
  let outcome;
  try {
    outcome = await run(inputs, defaultDeps(inputs), { signal: new AbortController().signal, clock: realClock, log });
  } catch {
    outcome = undefined;
  }
  return { started, finished: Date.now(), log, outcome };
}

async function events(world: EcsWorld) {
  const service = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
  return service.events ?? [];
}

const overheads: number[] = [];
const reactions: number[] = [];
for (let i = 0; i < RUNS; i += 1) {
  await moto.reset();
  let world = await createEcsWorld({ deregistrationDelaySeconds: 5 });
  const good = await deploy(world, await world.pushImage('shop', `bench-${i}`));
  const deploymentId = good.outcome?.deploymentId ?? '';
  const all = await events(world);
  const completed = all.find((event) => event.message?.includes(`deployment ${deploymentId} completed.`));
  if (!completed?.createdAt) throw new Error('no completion event');
  const deployment = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0].deployments?.find((one) => one.id === deploymentId);
  if (!deployment?.createdAt) throw new Error('no deployment');
  const rolloutStart = deployment.createdAt.getTime();
  const rolloutMs = completed.createdAt.getTime() - rolloutStart;
  const overhead = good.finished - good.started - rolloutMs;
  overheads.push(overhead);
  console.log(`run ${i + 1}: total ${good.finished - good.started} ms, ECS rollout ${rolloutMs} ms (deployment createdAt to its 'completed' event), action overhead ${overhead} ms ` +
    `(before the deployment was created ${rolloutStart - good.started} ms, after completion ${good.finished - completed.createdAt.getTime()} ms)`);

  await moto.reset();
  world = await createEcsWorld({ deregistrationDelaySeconds: 5 });
  const bad = await deploy(world, await world.pushImage('shop-broken', `bench-${i}`));
  const failedEvent = (await events(world)).find((event) => event.message?.includes('deployment failed'));
  const noticed = bad.log.lines.find((line) => line.message.startsWith('rollout failed'));
  if (!failedEvent?.createdAt || !noticed) throw new Error('no failure seen');
  const reaction = noticed.at - failedEvent.createdAt.getTime();
  reactions.push(reaction);
  console.log(`run ${i + 1}: ECS reported FAILED at +${failedEvent.createdAt.getTime() - bad.started} ms, the action failed the rollout ${reaction} ms later`);
}

// Several services, one release: web (behind the target group) with a worker and a scheduler,
// rolled out together. The overhead is defined on the stand-in's own timeline: the action's wall
// time (run() called to run() returned) minus the slowest service's rollout, where a service's
// rollout runs from its deployment's createdAt (UpdateService) to the createdAt of its event
// "deployment ... completed." Calls are counted at the clients, each with when it was sent and
// answered, which gives the trace of where the rest of the time goes. A poll's calls are the
// same whatever the number of services up to 10, growing only with pages (ListTasks 100 tasks,
// DescribeTasks 100 tasks a call).
const WATCH_CALLS = new Set(['DescribeServices', 'ListTasks', 'DescribeTasks', 'DescribeTargetHealth']);
interface Call { sent: number; answered: number; command: string; detail: string }

/** What a call asked, for the trace: the list's status and page, the number of tasks described. */
function detailOf(command: string, input: Record<string, unknown>): string {
  if (command === 'ListTasks') return `${String(input.desiredStatus ?? '')}${input.startedBy ? ` startedBy` : ''}${input.nextToken ? ' next page' : ''}`;
  if (command === 'DescribeTasks') return `${(input.tasks as unknown[] | undefined)?.length ?? 0} tasks`;
  if (command === 'DescribeServices') return `${(input.services as unknown[] | undefined)?.length ?? 0} services`;
  return '';
}

async function deployRelease(world: EcsWorld, image: string) {
  const inputs = readInputs(new InputReader(tableInputs({ cluster: world.cluster, services: world.services.join('\n'), image, 'poll-interval': POLL, 'wait-timeout': '10m' })), { ...process.env, GITHUB_SHA: 'e'.repeat(40) });
  const log = timedLog();
  const deps = defaultDeps(inputs);
  const calls: Call[] = [];
  const count = (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
    const command = String(context.commandName).replace(/Command$/, '');
    const call = { sent: Date.now(), answered: 0, command, detail: detailOf(command, args.input) };
    calls.push(call);
    try {
      return await next(args);
    } finally {
      call.answered = Date.now();
    }
  };
  deps.clients.ecs.middlewareStack.add(count as never, { step: 'initialize', name: 'benchCalls' });
  deps.clients.elb.middlewareStack.add(count as never, { step: 'initialize', name: 'benchCalls' });
  const started = Date.now();
  const outcome = await run(inputs, deps, { signal: new AbortController().signal, clock: realClock, log });
  return { started, finished: Date.now(), log, outcome, calls };
}

/** The watch's calls, poll by poll: each poll begins with its DescribeServices. */
function callsPerPoll(calls: Call[]): Array<{ sent: number; answered: number; counts: Record<string, number> }> {
  const polls: Array<{ sent: number; answered: number; counts: Record<string, number> }> = [];
  for (const call of calls.filter((one) => WATCH_CALLS.has(one.command))) {
    if (call.command === 'DescribeServices' || polls.length === 0) polls.push({ sent: call.sent, answered: call.answered, counts: {} });
    const poll = polls[polls.length - 1];
    poll.counts[call.command] = (poll.counts[call.command] ?? 0) + 1;
    poll.answered = Math.max(poll.answered, call.answered);
  }
  return polls;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};
const scenarios: Array<{ name: string; web: number; workers: number }> = [
  { name: 'three services, 2 tasks each', web: 2, workers: 2 },
  { name: 'three services, 150 tasks (web 146, worker 2, scheduler 2)', web: 146, workers: 2 },
];
const releaseOverheads = new Map<string, number[]>();
const releaseCalls = new Map<string, string>();
const releaseLoads = new Map<string, number[]>();
const load = () => Math.round(loadavg()[0] * 10) / 10;

/**
 * moto's own answer time for one call of each kind a poll makes, alone (one after another, three
 * times each, the median), at the load of the moment: what no watch can go below.
 */
async function callsAlone(world: EcsWorld): Promise<Record<string, number>> {
  const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL });
  const running = (await world.ecs.send(new ListTasksCommand({ cluster: world.cluster, desiredStatus: 'RUNNING' }))).taskArns ?? [];
  const calls: Record<string, () => Promise<unknown>> = {
    [`ListTasks, one page of ${running.length}`]: () => world.ecs.send(new ListTasksCommand({ cluster: world.cluster, desiredStatus: 'RUNNING' })),
    [`DescribeTasks of ${running.length}`]: () => world.ecs.send(new DescribeTasksCommand({ cluster: world.cluster, tasks: running })),
    [`DescribeServices of ${world.services.length}`]: () => world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: world.services })),
    DescribeTargetHealth: () => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: world.targetGroupArn })),
  };
  const times: Record<string, number> = {};
  for (const [name, call] of Object.entries(calls)) {
    const ms: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      await call();
      ms.push(Date.now() - started);
    }
    times[name] = median(ms);
  }
  return times;
}
const alone = new Map<string, Array<Record<string, number>>>();
for (const scenario of scenarios.filter((one) => one.name.includes(process.env.SCENARIO ?? ''))) {
  for (let i = 0; i < Number(process.env.RELEASE_RUNS ?? 3); i += 1) {
    await moto.reset();
    const world = await createEcsWorld({
      desiredCount: scenario.web, deregistrationDelaySeconds: 5,
      workers: [
        { name: 'worker', command: ['python', 'manage.py', 'process_queue'], healthCheck: ['CMD', 'python', 'manage.py', 'process_queue', '--check'], desiredCount: scenario.workers },
        { name: 'scheduler', command: ['python', 'manage.py', 'process_queue', '--schedule'], desiredCount: scenario.workers },
      ],
    });
    const loadAtStart = load();
    const release = await deployRelease(world, await world.pushImage('shop', `release-${i}`));
    const described = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: world.services }))).services ?? [];
    const rollouts = described.map((service) => {
      const id = release.outcome.services?.find((one) => one.service === service.serviceName)?.deploymentId;
      const deployment = service.deployments?.find((candidate) => candidate.id === id);
      const event = service.events?.find((candidate) => candidate.message?.includes(`deployment ${id} completed.`));
      if (!event?.createdAt || !deployment?.createdAt) throw new Error(`no deployment or completion event for ${service.serviceName}`);
      return { service: service.serviceName, from: deployment.createdAt.getTime(), to: event.createdAt.getTime() };
    });
    const slowest = rollouts.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    const slowestMs = slowest.to - slowest.from;
    const overhead = release.finished - release.started - slowestMs;
    releaseOverheads.set(scenario.name, [...(releaseOverheads.get(scenario.name) ?? []), overhead]);
    const at = (time: number) => `+${time - release.started}`;
    const of = (command: string) => release.calls.filter((call) => call.command === command);
    const span = (command: string) => {
      const list = of(command);
      return list.length ? `${at(Math.min(...list.map((call) => call.sent)))}..${at(Math.max(...list.map((call) => call.answered)))}` : '-';
    };
    const updated = Math.max(...of('UpdateService').map((call) => call.answered));
    const polls = callsPerPoll(release.calls.filter((call) => call.sent >= updated));
    const lastChange = Math.max(...rollouts.map((one) => one.to));
    const first = polls[0];
    const last = polls[polls.length - 1];
    const steady = polls.length > 2 ? polls.slice(1, -1) : polls.slice(1);
    const breakdown = (counts: Record<string, number> | undefined) => (counts ? Object.entries(counts).map(([command, n]) => `${command} ${n}`).join(', ') : '-');
    const range = (values: number[]) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}-${Math.max(...values)}`);
    const perPoll = `first ${total(first?.counts ?? {})} (${breakdown(first?.counts)}), ` +
      `then ${steady.length ? range(steady.map((poll) => total(poll.counts))) : '-'} (${breakdown(steady[0]?.counts)}), the last ${total(last?.counts ?? {})} (${breakdown(last?.counts)})`;
    releaseCalls.set(scenario.name, perPoll);
    releaseLoads.set(scenario.name, [...(releaseLoads.get(scenario.name) ?? []), loadAtStart]);
    const registering = Math.min(...of('RegisterTaskDefinition').map((call) => call.sent));
    const updating = Math.min(...of('UpdateService').map((call) => call.sent));
    console.log(`${scenario.name}, run ${i + 1} (load ${loadAtStart}): total ${release.finished - release.started} ms, slowest rollout ${slowestMs} ms (${slowest.service}), overhead ${overhead} ms = ` +
      `${slowest.from - release.started} ms before its deployment was created (preflight reads ${registering - release.started}, registering ${updating - registering}, UpdateService ${slowest.from - updating}) + ` +
      `${release.finished - slowest.to} ms after its completion (the poll that saw it started ${last.sent - slowest.to} ms later and took ${last.answered - last.sent}, then ${release.finished - last.answered} to return); ` +
      `${polls.length} polls, calls per poll: ${perPoll}`);
    // Where the time beyond the rollout goes, in ms from run() called.
    console.log(`  trace: preflight reads +0..${at(Math.min(...of('RegisterTaskDefinition').map((call) => call.sent)))}, RegisterTaskDefinition ${span('RegisterTaskDefinition')}, ` +
      `UpdateService ${span('UpdateService')} (slowest deployment created ${at(slowest.from)}), first poll ${first ? `${at(first.sent)}..${at(first.answered)}` : '-'}, ` +
      `last state change ${at(lastChange)}, last poll ${last ? `${at(last.sent)}..${at(last.answered)}` : '-'} (${last ? last.sent - lastChange : '-'} ms after the change), ` +
      `served tag ${span('TagResource')}, run() returned ${at(release.finished)}`);
    if (scenario.web > 100) {
      const times = await callsAlone(world);
      alone.set(scenario.name, [...(alone.get(scenario.name) ?? []), times]);
      console.log(`  moto alone right after (load ${load()}): ${Object.entries(times).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`);
    }
    if (process.env.TRACE) {
      for (const call of release.calls) console.log(`    ${at(call.sent)}..${at(call.answered)} (${call.answered - call.sent} ms) ${call.command} ${call.detail}`);
      for (const line of release.log.lines) console.log(`    ${at(line.at)} log: ${line.message.slice(0, 140)}`);
    }
  }
}
await moto.stop();

const stats = (values: number[]) => `median ${median(values)} ms (runs: ${values.join(', ')} ms)`;
console.log(`\npoll interval ${POLL_MS} ms, rollout ${ROLLOUT_SECONDS} s`);
if (overheads.length > 0) {
  console.log(`one service: overhead beyond the rollout: ${stats(overheads)} (goal: at most one poll interval, ${POLL_MS} ms)`);
  console.log(`one service: reaction after ECS reports FAILED: ${stats(reactions)} (goal: one poll, ${POLL_MS} ms)`);
}
for (const [name, values] of releaseOverheads) {
  const loads = releaseLoads.get(name) ?? [];
  console.log(`${name}: overhead beyond the slowest service's rollout: ${stats(values)} (goal: at most one poll interval, ${POLL_MS} ms); ` +
    `load average ${Math.min(...loads)}-${Math.max(...loads)}; calls per poll: ${releaseCalls.get(name)}`);
  const times = alone.get(name);
  if (times) console.log(`  moto alone, median of the runs: ${Object.keys(times[0]).map((call) => `${call} ${median(times.map((one) => one[call]))} ms`).join(', ')}`);
}
