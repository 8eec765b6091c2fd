import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A path for what is meant to outlive one test run (the bundles' compiled code, the registry
 * seed, the Django base image's lock): the temporary folder the run started with, set by
 * temp-root.mjs. Everything else goes to os.tmpdir(), the run's own root, removed at its end.
 */
export function cachePath(name: string): string {
  return join(process.env.TANDEM_CACHE_DIR ?? tmpdir(), name);
}

/** A lock older than this belongs to a process that died while making what it guards. */
const STALE_LOCK_MS = 15 * 60_000;

async function takeLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

/**
 * Makes something that outlives a test run once, however many processes ask at the same time
 * (every jest worker, and .ci/run's preparation beside them): one makes it under a lock in the
 * cache folder (a directory, which mkdir creates or refuses atomically), the others wait until
 * `made()` says it is there. Without it, the first files of a fresh run each made their own.
 */
export async function makeOnce(name: string, made: () => boolean | Promise<boolean>, make: () => Promise<void>): Promise<void> {
  const lock = cachePath(`${name}.lock`);
  const deadline = Date.now() + STALE_LOCK_MS;
  while (!(await made())) {
    if (Date.now() > deadline) throw new Error(`${name} was not made within ${STALE_LOCK_MS / 60_000} minutes`);
    if (await takeLock(lock)) {
      try {
        if (!(await made())) await make();
      } finally {
        await rm(lock, { recursive: true, force: true });
      }
    } else {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
