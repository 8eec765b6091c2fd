// Runs the longest test files first, so that the workers finish together instead of one of them
// starting the three-minute chain test when the others are done. Jest's own sequencer does this
// only from the timings it cached on this machine for these very paths; a fresh clone (CI) has
// none, and it falls back to file size, which puts chain.docker.test.ts (172 s, 11 KB) behind
// dozens of larger table tests. Here a file's cost is jest's cached time when it has one, else its
// time in test-durations.json (a full run's, written by scripts/test-durations.mjs), else the
// mean of its project's recorded files (a new integration file is likely slow, a new unit one is not).
//
// A few long files spend most of their time waiting (the SDK's retry backoff under injected
// faults, rollouts polled until they settle): run alone, each kept under a third of a core busy.
// Two of them at once among four workers on two cores leave a core idle, which the longest-first
// order did twice in a run (docs/test-suite.md: 37-54 idle CPU-seconds in runs without this, 35-36
// with it). So the order given to jest is the one a simulation of its workers picks:
// each free worker takes the longest file left, but not a waiting one while another runs, unless
// only waiting files are left. Jest's workers take files in that order as each comes free.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

const RECORDED = JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8'));

/**
 * The files that wait most of their time, each run alone on a quiet two-core machine (2026-12-04):
 * CPU-seconds of the whole machine (jest's own start, about 2.5, included) over seconds.
 */
export const WAITING = new Set([
  'actions/build-and-sync-frontend/test/trust/faults.moto.test.ts', // 24 / 101
  'actions/verify-shared-storage/test/trust/faults.moto.test.ts', // 14 / 50
  'actions/invalidate-cdn/test/trust/faults.moto.test.ts', // 10 / 42
  'actions/rolling-deploy-behind-elb/test/trust/faults.moto.test.ts', // 16 / 49
  'actions/rolling-deploy-behind-elb/test/trust/concurrency.bundle.test.ts', // 17 / 60
  'actions/rolling-deploy-behind-elb/test/deploy.moto.test.ts', // 13 / 39
  'actions/build-and-sync-frontend/test/throttle.moto.test.ts', // 9 / 20
  'packages/kit/test/lock-clock.moto.test.ts', // 8 / 17
]);
const Sequencer = TestSequencer.default ?? TestSequencer;

/** The suffix that puts a file in a jest project: .moto/.docker (integration), .bundle, or none (unit). */
function kindOf(file) {
  return /\.(moto|docker|bundle)\.test\.ts$/.exec(file)?.[1] ?? 'unit';
}

/**
 * Each file's expected seconds: its cached seconds when known, else its recorded seconds, else the
 * mean of the recorded files of its kind.
 */
export function expectedSeconds(files, recorded) {
  const byKind = {};
  for (const [file, seconds] of Object.entries(recorded)) (byKind[kindOf(file)] ??= []).push(seconds);
  const mean = (kind) => (byKind[kind] ? byKind[kind].reduce((a, b) => a + b, 0) / byKind[kind].length : 0);
  const cost = ({ file, cachedSeconds }) => cachedSeconds ?? recorded[file] ?? mean(kindOf(file));
  return new Map(files.map((entry) => [entry, cost(entry)]));
}

/** The files, longest first (expectedSeconds). Ties keep a stable order by name. */
export function longestFirst(files, recorded) {
  const costs = expectedSeconds(files, recorded);
  return [...files].sort((a, b) => costs.get(b) - costs.get(a) || (a.file < b.file ? -1 : 1));
}

/**
 * The order in which `workers` workers, each taking the first file of `ordered` it may when it
 * comes free, start them: a waiting file is passed over while another waiting file runs, unless
 * only waiting files are left. `seconds(entry)` is a file's expected duration.
 */
export function spreadWaiting(ordered, seconds, waiting, workers) {
  const left = [...ordered];
  const running = []; // { end, waits }
  const started = [];
  let now = 0;
  while (left.length > 0) {
    if (running.length >= workers) {
      running.sort((a, b) => a.end - b.end);
      now = running.shift().end;
    }
    const waitingNow = running.some((run) => run.waits);
    const index = waitingNow ? Math.max(0, left.findIndex((entry) => !waiting(entry))) : 0;
    const [next] = left.splice(index, 1);
    running.push({ end: now + seconds(next), waits: waiting(next) });
    started.push(next);
  }
  return started;
}

/** The files that may start moto servers: the integration and bundle tests (unit tests never do). */
export const USES_MOTO = /\.(moto|docker|bundle)\.test\.ts$/;

export default class LongestFirst extends Sequencer {
  constructor(options) {
    super(options);
    this.workers = options?.globalConfig?.maxWorkers ?? 4;
  }

  sort(tests) {
    const entries = tests.map((test) => {
      const cached = this.time(test);
      return { test, file: relative(test.context.config.rootDir, test.path).split('\\').join('/'), cachedSeconds: cached == null ? undefined : cached / 1000 };
    });
    // For temp-root-setup.mjs, which jest calls next in this process: whether to start the moto zygote now.
    process.env.TANDEM_RUN_USES_MOTO = entries.some((entry) => USES_MOTO.test(entry.file)) ? '1' : '0';
    const seconds = expectedSeconds(entries, RECORDED);
    const ordered = longestFirst(entries, RECORDED);
    return spreadWaiting(ordered, (entry) => seconds.get(entry), (entry) => WAITING.has(entry.file), this.workers).map((entry) => entry.test);
  }
}
