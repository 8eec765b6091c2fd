import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { longestFirst, spreadWaiting, USES_MOTO, WAITING } from '../src/sequencer.mjs';

const RECORDED = { 'local/test/chain.docker.test.ts': 172, 'a/test/x.moto.test.ts': 20, 'a/test/y.moto.test.ts': 40, 'a/test/z.test.ts': 2, 'a/test/w.test.ts': 4 };
const order = (files: Array<{ file: string; cachedSeconds?: number }>) => longestFirst(files, RECORDED).map((entry) => entry.file);

test.each([
  ['recorded files, longest first', [{ file: 'a/test/z.test.ts' }, { file: 'local/test/chain.docker.test.ts' }, { file: 'a/test/x.moto.test.ts' }], ['local/test/chain.docker.test.ts', 'a/test/x.moto.test.ts', 'a/test/z.test.ts']],
  ["jest's cached time before the recorded one", [{ file: 'a/test/z.test.ts', cachedSeconds: 300 }, { file: 'local/test/chain.docker.test.ts' }], ['a/test/z.test.ts', 'local/test/chain.docker.test.ts']],
  // A new .moto file costs the recorded moto files' mean (30 s), a new unit file the unit mean (3 s).
  ['a new file costs the mean of its kind', [{ file: 'b/test/new.test.ts' }, { file: 'a/test/x.moto.test.ts' }, { file: 'b/test/new.moto.test.ts' }, { file: 'a/test/w.test.ts' }], ['b/test/new.moto.test.ts', 'a/test/x.moto.test.ts', 'a/test/w.test.ts', 'b/test/new.test.ts']],
  ['a kind with nothing recorded costs nothing', [{ file: 'b/test/new.bundle.test.ts' }, { file: 'a/test/z.test.ts' }], ['a/test/z.test.ts', 'b/test/new.bundle.test.ts']],
  ['equal costs by name', [{ file: 'c/test/b.test.ts', cachedSeconds: 1 }, { file: 'c/test/a.test.ts', cachedSeconds: 1 }], ['c/test/a.test.ts', 'c/test/b.test.ts']],
])('%s', (_name, files, expected) => {
  expect(order(files)).toEqual(expected);
});

// Files as [name, seconds]; names starting with "w" wait most of their time.
const spread = (files: Array<[string, number]>, workers: number) =>
  spreadWaiting(files, ([, seconds]) => seconds, ([name]) => name.startsWith('w'), workers).map(([name]) => name);

test.each([
  ['nothing waits: the order stays', [['a', 9], ['b', 8], ['c', 7]], 2, ['a', 'b', 'c']],
  // w1 runs 0-10; w2 waits until w1 is done (a and b start at once, c when a ends, then w2 at 10).
  ['a second waiting file waits for the first to end', [['w1', 10], ['w2', 9], ['a', 5], ['b', 4], ['c', 3]], 2, ['w1', 'a', 'b', 'c', 'w2']],
  ['with four workers too', [['w1', 100], ['w2', 60], ['a', 50], ['b', 40], ['c', 30], ['d', 20]], 4, ['w1', 'a', 'b', 'c', 'd', 'w2']],
  ['only waiting files left: they run', [['w1', 10], ['w2', 9], ['w3', 8]], 2, ['w1', 'w2', 'w3']],
  ['a waiting file after the first has ended runs in its turn', [['a', 20], ['w1', 5], ['b', 15], ['w2', 4], ['c', 3]], 2, ['a', 'w1', 'b', 'w2', 'c']],
] as Array<[string, Array<[string, number]>, number, string[]]>)('%s', (_name, files, workers, expected) => {
  expect(spread(files, workers)).toEqual(expected);
});

test('every file the sequencer names as waiting is a test file of this repository', () => {
  for (const file of WAITING) expect(existsSync(join(import.meta.dirname, '../../..', file))).toBe(true);
});

test.each([
  ['actions/invalidate-cdn/test/trust/faults.moto.test.ts', true],
  ['local/test/chain.docker.test.ts', true],
  ['packages/kit/test/entry.bundle.test.ts', true],
  ['packages/frontend/test/plan.test.ts', false],
  ['packages/frontend/test/moto.test.ts.snap', false],
])('%s may start moto servers: %s', (file, uses) => {
  expect(USES_MOTO.test(file)).toBe(uses);
});
