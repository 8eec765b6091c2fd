// Test support: what every moto file of the rollout shares.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { useMoto, type SharedMoto } from '@tandem/standins/use-moto';
import { createEcsWorld, type EcsWorld, type WorldOptions } from '@tandem/standins/ecs-world';
import { testContext } from '@tandem/standins/context';
import { recordingLog } from '@tandem/standins/log';
import { InputReader, resultOf, tableInputs } from '@tandem/kit';
import { readInputs, type Inputs } from '../src/inputs.js';
import { report, type Outcome } from '../src/report.js';
import { defaultDeps, run } from '../src/run.js';

/** The tags an earlier deploy left on release r1's revisions (commit 111…). */
export const RELEASE_R1 = [{ key: 'tandem-deploy:release', value: 'r1' }, { key: 'tandem-deploy:commit', value: '1'.repeat(40) }];

/** Beside web, from its image: a queue worker with a container health check, a scheduler with none. */
export const SHOP_WORKERS: NonNullable<WorldOptions['workers']> = [
  { name: 'worker', command: ['python', 'manage.py', 'process_queue'], healthCheck: ['CMD', 'python', 'manage.py', 'process_queue', '--check'] },
  { name: 'scheduler', command: ['python', 'manage.py', 'process_queue', '--schedule'] },
];

export interface RolloutWorldOptions {
  /** Buckets made after each reset. */
  buckets?: string[];
  /** More of the launcher's settings (MOTO_ROLLOUT_EXIT), beside rollouts that complete after 1 s. */
  env?: Record<string, string>;
  /** A fault proxy in front of moto for the file, recording every call that reaches AWS. */
  faultProxy?: boolean;
}

export interface RolloutFiles {
  moto: SharedMoto;
  /** The fault proxy (with `faultProxy: true`). */
  proxy(): FaultProxy;
  /** The repository's checkout (GITHUB_WORKSPACE), where a test writes its task-definition files. */
  workspace(): string;
  /** GITHUB_STEP_SUMMARY, emptied before each test. */
  summaryFile(): string;
}

function known<T>(value: T | undefined, problem: string): T {
  if (value === undefined) throw new Error(`useRolloutWorld: ${problem}`);
  return value;
}

/**
 * moto whose rollouts complete after 1 s, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files in a
 * workspace of the file's own (both emptied before each test), and before each test a new service
 * as `world` describes it, handed to `ready`.
 */
export function useRolloutWorld(world: WorldOptions, ready: (made: EcsWorld) => void, options: RolloutWorldOptions = {}): RolloutFiles {
  const moto = useMoto({ script: MOTO_ROLLOUTS, env: { MOTO_ROLLOUT_SECONDS: '1', ...options.env }, buckets: options.buckets });
  let workspace: string | undefined;
  let proxy: FaultProxy | undefined;
  const files: RolloutFiles = {
    moto,
    proxy: () => known(proxy, 'the fault proxy is used without faultProxy: true, or before its beforeAll ran'),
    workspace: () => known(workspace, 'the workspace is used before its beforeAll ran'),
    summaryFile: () => join(files.workspace(), '.summary'),
  };
  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'rollouts-'));
    process.env.GITHUB_OUTPUT = join(workspace, '.output');
    process.env.GITHUB_STEP_SUMMARY = files.summaryFile();
    if (options.faultProxy) proxy = await startFaultProxy(moto.endpoint);
  });
  beforeEach(async () => {
    writeFileSync(join(files.workspace(), '.output'), '');
    writeFileSync(files.summaryFile(), '');
    ready(await createEcsWorld(world));
  });
  afterAll(async () => {
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_STEP_SUMMARY;
    await proxy?.stop();
  });
  return files;
}

/**
 * One run of the action as runAction runs it (the report writes the outputs and the summary, a
 * failed run's too), its calls sent to `endpoint` (moto, or a proxy in front of it); the inputs
 * are read inside, so an input error is returned like any other.
 */
export async function runAndReport(read: () => Inputs, endpoint: string, moto: SharedMoto) {
  process.env.AWS_ENDPOINT_URL = endpoint;
  const log = recordingLog();
  try {
    const inputs = read();
    const outcome = await run(inputs, defaultDeps(inputs), testContext({ log }));
    await report(outcome);
    return { outcome, log, error: undefined as Error | undefined };
  } catch (error) {
    const failed = resultOf<Outcome>(error);
    if (failed) await report(failed);
    return { outcome: undefined, log, error: error as Error };
  } finally {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
  }
}

/**
 * One run of the action in this process with `values` as its inputs and `sha` as GITHUB_SHA, the
 * names of the ECS calls it makes recorded in order; a failure is returned, not thrown.
 */
export async function runInProcess(values: Record<string, string>, sha: string) {
  const inputs = readInputs(new InputReader(tableInputs(values)), { ...process.env, GITHUB_SHA: sha });
  const log = recordingLog();
  const deps = defaultDeps(inputs);
  const calls: string[] = [];
  deps.clients.ecs.middlewareStack.add((next, context) => async (args) => {
    calls.push(String(context.commandName).replace(/Command$/, ''));
    return next(args);
  }, { step: 'initialize', name: 'countCalls' });
  try {
    return { outcome: await run(inputs, deps, testContext({ log })), log, calls, error: undefined as Error | undefined };
  } catch (error) {
    return { outcome: undefined, log, calls, error: error as Error };
  }
}

type InProcessRun = Awaited<ReturnType<typeof runInProcess>>;

/** Release r2 from a new image, then `rollback-to: previous`, which must bring r1 back: both runs. */
export async function deployThenRollBack(world: EcsWorld, deploy: (values: Record<string, string>) => Promise<InProcessRun>) {
  const first = await deploy({ image: await world.pushImage('shop', 'v2'), 'release-id': 'r2' });
  expect(first.outcome?.status).toBe('completed');
  const back = await deploy({ 'rollback-to': 'previous' });
  expect(back.error).toBeUndefined();
  expect(back.outcome?.release).toBe('r1');
  return { first, back };
}
