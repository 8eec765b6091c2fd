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

function recordedMeans() {
  const byKind = {};
  for (const [file, seconds] of Object.entries(RECORDED)) {
    const kind = kindOf(file);
    (byKind[kind] ??= []).push(seconds);
  }
  return Object.fromEntries(Object.entries(byKind).map(([kind, all]) => [kind, all.reduce((a, b) => a + b, 0) / all.length]));
}

/** The suffix that puts a file in a jest project: .moto/.docker (integration), .bundle, or none (unit). */
function kindOf(file) {
  return /\.(moto|docker|bundle)\.test\.ts$/.exec(file)?.[1] ?? 'unit';
}

class LongestFirst extends Sequencer {
  sort(tests) {
    const means = recordedMeans();
    const cost = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      const file = relative(test.context.config.rootDir, test.path).split('\\').join('/');
      return RECORDED[file] ?? means[kindOf(file)] ?? 0;
    };
    const costs = new Map(tests.map((test) => [test, cost(test)]));
    return [...tests].sort((a, b) => costs.get(b) - costs.get(a) || (a.path < b.path ? -1 : 1));
  }
}

export default LongestFirst;
