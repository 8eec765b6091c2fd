// Benchmark: how much time rolling-deploy-behind-elb adds beyond the rollout itself, and how
// fast it reacts once ECS reports a failure. Runs the action's run() against moto with the
// rollout launcher (packages/standins/src/moto-rollouts.py), whose rollouts take ROLLOUT_SECONDS.
//   npx tsx bench/rolling-deploy-behind-elb.ts
// Times on the ECS side come from the API itself: a deployment's createdAt and the createdAt of
// the service events "deployment ... completed." / "deployment failed".
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { InputReader, tableInputs, type Log } from '@tandem/kit';
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
    outcome = await run(inputs, { ...defaultDeps(inputs), log }, { signal: new AbortController().signal });
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
  const rolloutStart = good.log.lines.find((line) => line.message.startsWith(`deployment ${deploymentId} started`))!.at;
  const rolloutMs = completed.createdAt.getTime() - rolloutStart;
  const overhead = good.finished - good.started - rolloutMs;
  overheads.push(overhead);
  console.log(`run ${i + 1}: total ${good.finished - good.started} ms, ECS rollout ${rolloutMs} ms (UpdateService to 'completed' event), action overhead ${overhead} ms ` +
    `(before UpdateService ${rolloutStart - good.started} ms, after completion ${good.finished - completed.createdAt.getTime()} ms)`);

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
await moto.stop();

const stats = (values: number[]) => `mean ${Math.round(values.reduce((a, b) => a + b, 0) / values.length)} ms, max ${Math.max(...values)} ms`;
console.log(`\npoll interval ${POLL_MS} ms, rollout ${ROLLOUT_SECONDS} s, ${RUNS} runs each`);
console.log(`overhead beyond the rollout: ${stats(overheads)} (goal: at most one poll interval, ${POLL_MS} ms)`);
console.log(`reaction after ECS reports FAILED: ${stats(reactions)} (goal: one poll, ${POLL_MS} ms)`);
