// Runs the longest test files first, so that the workers finish together instead of one of them
// starting the three-minute chain test when the others are done. Jest's own sequencer does this
// only from the timings it cached on this machine for these very paths; a fresh clone (CI) has
// none, and it falls back to file size, which puts chain.docker.test.ts (172 s, 11 KB) behind
// dozens of larger table tests. Here a file's cost is jest's cached time when it has one, else its
// time in test-durations.json (a full run's, written by scripts/test-durations.mjs), else the
// mean of its project's recorded files (a new integration file is likely slow, a new unit one is not).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

const RECORDED = JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8'));
const Sequencer = TestSequencer.default ?? TestSequencer;

/** The suffix that puts a file in a jest project: .moto/.docker (integration), .bundle, or none (unit). */
function kindOf(file) {
  return /\.(moto|docker|bundle)\.test\.ts$/.exec(file)?.[1] ?? 'unit';
}

/**
 * The files, longest first: each costs its cached seconds when known, else its recorded seconds,
 * else the mean of the recorded files of its kind. Ties keep a stable order by name.
 */
export function longestFirst(files, recorded) {
  const byKind = {};
  for (const [file, seconds] of Object.entries(recorded)) (byKind[kindOf(file)] ??= []).push(seconds);
  const mean = (kind) => (byKind[kind] ? byKind[kind].reduce((a, b) => a + b, 0) / byKind[kind].length : 0);
  const cost = ({ file, cachedSeconds }) => cachedSeconds ?? recorded[file] ?? mean(kindOf(file));
  const costs = new Map(files.map((entry) => [entry, cost(entry)]));
  return [...files].sort((a, b) => costs.get(b) - costs.get(a) || (a.file < b.file ? -1 : 1));
}

export default class LongestFirst extends Sequencer {
  sort(tests) {
    const entries = tests.map((test) => {
      const cached = this.time(test);
      return { test, file: relative(test.context.config.rootDir, test.path).split('\\').join('/'), cachedSeconds: cached == null ? undefined : cached / 1000 };
    });
    return longestFirst(entries, RECORDED).map((entry) => entry.test);
  }
}
