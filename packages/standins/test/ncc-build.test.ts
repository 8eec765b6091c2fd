import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../src/harness.js';
import { buildKey, nccBuildOnce } from '../src/ncc-build.js';

// A fixture's ncc build is kept under the hash of its inputs: the same inputs find it, and any
// change to a file's content or name, or a file added, misses it.
const saved = process.env.TANDEM_CACHE_DIR;
let work: string;
let sources: string;
const fromRoot = (path: string) => relative(REPO_ROOT, path);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ncc-build-'));
  process.env.TANDEM_CACHE_DIR = join(work, 'cache');
  sources = join(work, 'src');
  mkdirSync(join(sources, 'lib'), { recursive: true });
  writeFileSync(join(sources, 'index.ts'), "export * from './lib/a.js';\n");
  writeFileSync(join(sources, 'lib', 'a.ts'), 'export const a = 1;\n');
});
afterAll(() => {
  if (saved === undefined) delete process.env.TANDEM_CACHE_DIR;
  else process.env.TANDEM_CACHE_DIR = saved;
});

const key = () => buildKey('src/index.ts', 'dist', [fromRoot(sources)]);

test.each([
  ['nothing changed', true, () => undefined],
  ['a file rewritten with the same bytes', true, () => writeFileSync(join(sources, 'lib', 'a.ts'), 'export const a = 1;\n')],
  ['a character changed', false, () => writeFileSync(join(sources, 'lib', 'a.ts'), 'export const a = 2;\n')],
  ['a file renamed', false, () => renameSync(join(sources, 'lib', 'a.ts'), join(sources, 'lib', 'b.ts'))],
  ['a file added', false, () => writeFileSync(join(sources, 'lib', 'c.ts'), '')],
  ['bytes moved from one file to the next', false, () => (writeFileSync(join(sources, 'index.ts'), "export * from './lib/a.js';\nexport"), writeFileSync(join(sources, 'lib', 'a.ts'), ' const a = 1;\n'))],
])('%s: same key %s', async (_, same, change) => {
  const before = await key();
  change();
  expect((await key()) === before).toBe(same);
});

test('a missing input is an error, not a key without it', async () => {
  await expect(buildKey('src/index.ts', 'dist', [fromRoot(join(work, 'nowhere'))])).rejects.toThrow(/ENOENT/);
});

test('a kept build is copied into the output folder in place of what was there, without building', async () => {
  const entry = fromRoot(join(sources, 'index.ts'));
  const outDir = fromRoot(join(work, 'dist'));
  const inputs = [fromRoot(sources)];
  const fullKey = await buildKey(entry, outDir, [...inputs, 'scripts/ncc.mjs', 'scripts/ascii.mjs', 'package-lock.json', 'tsconfig.json']);
  const kept = join(work, 'cache', 'tandem-ncc-builds', outDir.replace(/[^\w.-]+/g, '_'), fullKey);
  mkdirSync(kept, { recursive: true });
  writeFileSync(join(kept, 'index.js'), '// the kept build\n');
  mkdirSync(join(work, 'dist'));
  writeFileSync(join(work, 'dist', 'stale.js'), '');

  await nccBuildOnce(entry, outDir, inputs);
  expect(readdirSync(join(work, 'dist'))).toEqual(['index.js']);
  expect(readFileSync(join(work, 'dist', 'index.js'), 'utf8')).toBe('// the kept build\n');
});
