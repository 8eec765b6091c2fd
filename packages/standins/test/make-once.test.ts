import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeOnce } from '../src/cache.js';

// What outlives a run (the Django base image, the registry seed) is made by one of the processes
// that ask for it at once, under a lock in the cache folder; the others wait for it.
const saved = process.env.TANDEM_CACHE_DIR;
let cache: string;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'make-once-'));
  process.env.TANDEM_CACHE_DIR = cache;
});
afterAll(() => {
  if (saved === undefined) delete process.env.TANDEM_CACHE_DIR;
  else process.env.TANDEM_CACHE_DIR = saved;
});

test('four callers at once: one makes it, all four return once it is made, and the lock is gone', async () => {
  const thing = join(cache, 'thing');
  let makes = 0;
  const make = async () => {
    makes += 1;
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(thing, 'made');
  };
  const ended: boolean[] = await Promise.all([1, 2, 3, 4].map(() => makeOnce('thing', () => existsSync(thing), make).then(() => existsSync(thing))));
  expect(makes).toBe(1);
  expect(ended).toEqual([true, true, true, true]);
  expect(existsSync(join(cache, 'thing.lock'))).toBe(false);
});

test('a made thing is not made again; a failed make gives the lock back for the next caller', async () => {
  const thing = join(cache, 'thing');
  await expect(makeOnce('thing', () => existsSync(thing), () => Promise.reject(new Error('no disk')))).rejects.toThrow('no disk');
  expect(existsSync(join(cache, 'thing.lock'))).toBe(false);
  let makes = 0;
  const make = async () => {
    makes += 1;
    writeFileSync(thing, 'made');
  };
  await makeOnce('thing', () => existsSync(thing), make);
  await makeOnce('thing', () => existsSync(thing), make);
  expect(makes).toBe(1);
});

test('an asynchronous check (the engine asked whether it holds an image) is awaited, before and after the make', async () => {
  const thing = join(cache, 'thing');
  const checks: boolean[] = [];
  const made = async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    checks.push(existsSync(thing));
    return existsSync(thing);
  };
  let makes = 0;
  await makeOnce('thing', made, async () => {
    makes += 1;
    writeFileSync(thing, 'made');
  });
  await makeOnce('thing', made, async () => {
    makes += 1;
  });
  expect(makes).toBe(1);
  // Before the lock, under it, after the make; then once for the second caller.
  expect(checks).toEqual([false, false, true, true]);
});
