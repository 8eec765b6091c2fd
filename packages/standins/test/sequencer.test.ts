import { longestFirst } from '../src/sequencer.mjs';

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
