import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cachePath } from '../src/cache.js';

const SETUP = resolve(import.meta.dirname, '../src/temp-root-setup.mjs');
const TEARDOWN = resolve(import.meta.dirname, '../src/temp-root-teardown.mjs');

/**
 * Runs jest's globalSetup, then `between` (a module body, with `root` and `cache` bound), then its
 * globalTeardown, in a node of their own: they act on the process's real environment, which a
 * test sees only as the copy jest made when the worker started.
 */
function setupAndTeardown(env: Record<string, string | undefined>, between = ''): { root: string; cache: string; tmpdir: string; mode: number; stderr: string } {
  const script = `
    import { tmpdir } from 'node:os';
    import { mkdirSync, statSync, writeFileSync } from 'node:fs';
    import { join } from 'node:path';
    const { default: setup } = await import(${JSON.stringify(SETUP)});
    const { default: teardown } = await import(${JSON.stringify(TEARDOWN)});
    setup();
    const root = process.env.TANDEM_TEST_ROOT, cache = process.env.TANDEM_CACHE_DIR, inside = tmpdir(), mode = statSync(root).mode & 0o7777;
    ${between}
    teardown();
    console.log(JSON.stringify({ root, cache, tmpdir: inside, mode }));`;
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, TANDEM_CACHE_DIR: undefined, TANDEM_TEST_ROOT: undefined, TANDEM_RUN_USES_MOTO: undefined, ...env })) if (value !== undefined) clean[name] = value;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: clean, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return { ...JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}'), stderr: child.stderr };
}

test('this run writes its temporary files under a root of its own, and keeps its caches outside it', () => {
  const root = process.env.TANDEM_TEST_ROOT ?? '';
  expect(root).toMatch(new RegExp(`tandem-test-${process.ppid}-|tandem-test-${process.pid}-`));
  expect(tmpdir()).toBe(root);
  expect(dirname(root)).toBe(process.env.TANDEM_CACHE_DIR);
  expect(cachePath('tandem-bundle-compile-cache')).toBe(join(process.env.TANDEM_CACHE_DIR ?? '', 'tandem-bundle-compile-cache'));
});

test('setup makes a new root in the temporary folder and points TMPDIR at it; teardown removes it and all it holds', () => {
  const parent = mkdtempSync(join(tmpdir(), 'temp-root-'));
  writeFileSync(join(parent, 'tandem-registry-seed'), 'a cache from an earlier run');
  const run = setupAndTeardown({ TMPDIR: parent }, `mkdirSync(join(root, 'run-a', 'site'), { recursive: true }); writeFileSync(join(root, 'run-a', 'site', 'index.html'), 'x');`);
  expect(run.cache).toBe(parent);
  expect(dirname(run.root)).toBe(parent);
  expect(run.root).toMatch(/\/tandem-test-\d+-[^/]+$/);
  expect(run.tmpdir).toBe(run.root);
  // Other users can write in it, as in /tmp: squid, as the user proxy, keeps its logs there.
  expect(run.mode).toBe(0o1777);
  expect(existsSync(run.root)).toBe(false);
  expect(readdirSync(parent)).toEqual(['tandem-registry-seed']);
});

test("a run started inside a run keeps the outer run's cache folder", () => {
  const outerCache = mkdtempSync(join(tmpdir(), 'outer-cache-'));
  const run = setupAndTeardown({ TANDEM_CACHE_DIR: outerCache, TMPDIR: mkdtempSync(join(tmpdir(), 'outer-root-')) });
  expect(run.cache).toBe(outerCache);
  expect(dirname(run.root)).toBe(outerCache);
  expect(readdirSync(outerCache)).toEqual([]);
});

test.each([
  ['holds files that use moto', '1', true],
  ['holds none', '0', false],
])('the sequencer says the run %s (TANDEM_RUN_USES_MOTO=%s): setup starts the moto zygote, %s', (_, uses, starts) => {
  // A stand-in for Python that records how it was started and says it is ready, as the zygote does.
  const parent = mkdtempSync(join(tmpdir(), 'zygote-root-'));
  const python = join(parent, 'python');
  const started = join(parent, 'started');
  writeFileSync(python, `#!/bin/sh\necho "$@" > ${started}\necho ready\n`, { mode: 0o755 });
  // Before teardown, up to 5 s for the stand-in to have run, when setup made the zygote's folder.
  const wait = `const { existsSync } = await import('node:fs');
    for (let tries = 0; existsSync(join(root, 'moto-zygote')) && !existsSync(${JSON.stringify(started)}) && tries < 50; tries += 1) await new Promise((done) => setTimeout(done, 100));`;
  const run = setupAndTeardown({ TMPDIR: parent, TANDEM_RUN_USES_MOTO: uses, MOTO_PYTHON: python }, wait);
  if (!starts) {
    expect(existsSync(started)).toBe(false);
    return;
  }
  const args = readFileSync(started, 'utf8').trim().split(' ');
  expect(args).toEqual([resolve(import.meta.dirname, '../src/moto-zygote.py'), join(run.root, 'moto-zygote', 'socket'), expect.stringMatching(/^\d+$/)]);
});

test('a root that cannot be removed is reported, and the run does not fail', () => {
  // The root replaced by a name longer than a file name may be: removing it fails with
  // ENAMETOOLONG on Node 20 and 24. (A path under a regular file, ENOTDIR, fails on Node 20 only:
  // Node 24's rmSync with force takes it as already gone.)
  const root = join(mkdtempSync(join(tmpdir(), 'parent-')), 'r'.repeat(300));
  const run = setupAndTeardown({ TMPDIR: mkdtempSync(join(tmpdir(), 'parent-')) }, `process.env.TANDEM_TEST_ROOT = ${JSON.stringify(root)};`);
  expect(run.stderr).toContain(`could not remove the run's temporary folder ${root}`);
});

test("the roots of earlier runs whose process is gone are removed; a running run's root and other folders are left alone", () => {
  const parent = mkdtempSync(join(tmpdir(), 'abandoned-'));
  // A process that has ended: its id is free (until the system reuses it).
  const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const gone = join(parent, `tandem-test-${ended.stdout.trim()}-AbCdEf`);
  const alive = join(parent, `tandem-test-${process.pid}-GhIjKl`);
  const other = join(parent, 'tandem-test-notarun');
  for (const dir of [gone, alive, other]) mkdirSync(join(dir, 'run-a'), { recursive: true });
  const run = setupAndTeardown({ TMPDIR: parent });
  expect(existsSync(gone)).toBe(false);
  expect(existsSync(alive)).toBe(true);
  expect(existsSync(other)).toBe(true);
  expect(existsSync(run.root)).toBe(false);
});
