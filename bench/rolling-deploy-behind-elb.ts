// Benchmark: how much time rolling-deploy-behind-elb adds beyond the rollout itself, and how
// fast it reacts once ECS reports a failure. Runs the action's run() against moto with the
// rollout launcher (packages/standins/src/moto-rollouts.py), whose rollouts take ROLLOUT_SECONDS.
//   npx tsx bench/rolling-deploy-behind-elb.ts
// Times on the ECS side come from the API itself: a deployment's createdAt and the createdAt of
// the service events "deployment ... completed." / "deployment failed".
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
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
interface Call { sent: number; answered: number; command: string }

async function deployRelease(world: EcsWorld, image: string) {
  const inputs = readInputs(new InputReader(tableInputs({ cluster: world.cluster, services: world.services.join('\n'), image, 'poll-interval': POLL, 'wait-timeout': '10m' })), { ...process.env, GITHUB_SHA: 'e'.repeat(40) });
  const log = timedLog();
  const deps = defaultDeps(inputs);
  const calls: Call[] = [];
  const count = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
    const call = { sent: Date.now(), answered: 0, command: String(context.commandName).replace(/Command$/, '') };
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
for (const scenario of scenarios) {
  for (let i = 0; i < Number(process.env.RELEASE_RUNS ?? 3); i += 1) {
    await moto.reset();
    const world = await createEcsWorld({
      desiredCount: scenario.web, deregistrationDelaySeconds: 5,
      workers: [
        { name: 'worker', command: ['python', 'manage.py', 'process_queue'], healthCheck: ['CMD', 'python', 'manage.py', 'process_queue', '--check'], desiredCount: scenario.workers },
        { name: 'scheduler', command: ['python', 'manage.py', 'process_queue', '--schedule'], desiredCount: scenario.workers },
      ],
    });
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
    const perPoll = `first ${total(first?.counts ?? {})} (${breakdown(first?.counts)}), then ${Math.min(...steady.map((poll) => total(poll.counts)))}-${Math.max(...steady.map((poll) => total(poll.counts)))} (${breakdown(steady[0]?.counts)})`;
    releaseCalls.set(scenario.name, perPoll);
    console.log(`${scenario.name}, run ${i + 1}: total ${release.finished - release.started} ms, slowest rollout ${slowestMs} ms (${slowest.service}), overhead ${overhead} ms; ${polls.length} polls, calls per poll: ${perPoll}`);
    // Where the time beyond the rollout goes, in ms from run() called.
    console.log(`  trace: preflight reads +0..${at(Math.min(...of('RegisterTaskDefinition').map((call) => call.sent)))}, RegisterTaskDefinition ${span('RegisterTaskDefinition')}, ` +
      `UpdateService ${span('UpdateService')} (slowest deployment created ${at(slowest.from)}), first poll ${first ? `${at(first.sent)}..${at(first.answered)}` : '-'}, ` +
      `last state change ${at(lastChange)}, last poll ${last ? `${at(last.sent)}..${at(last.answered)}` : '-'} (${last ? last.sent - lastChange : '-'} ms after the change), ` +
      `served tag ${span('TagResource')}, run() returned ${at(release.finished)}`);
  }
}
await moto.stop();

const stats = (values: number[]) => `median ${median(values)} ms (min ${Math.min(...values)}, max ${Math.max(...values)}, ${values.length} runs)`;
console.log(`\npoll interval ${POLL_MS} ms, rollout ${ROLLOUT_SECONDS} s`);
console.log(`one service: overhead beyond the rollout: ${stats(overheads)} (goal: at most one poll interval, ${POLL_MS} ms)`);
console.log(`one service: reaction after ECS reports FAILED: ${stats(reactions)} (goal: one poll, ${POLL_MS} ms)`);
for (const [name, values] of releaseOverheads) {
  console.log(`${name}: overhead beyond the slowest service's rollout: ${stats(values)} (goal: at most one poll interval, ${POLL_MS} ms); calls per poll: ${releaseCalls.get(name)}`);
}
