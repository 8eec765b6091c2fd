import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from '../../../scripts/ncc.mjs';
import { cachePath, makeOnce } from './cache.js';
import { REPO_ROOT } from './harness.js';

// A test fixture's ncc build (scripts/ncc.mjs, the build `npm run package` makes of every action),
// kept in the cache folder under the hash of everything it is built from. ncc type-checks and
// bundles the whole program: the kit's probe action took 10.6 CPU-seconds to build alone, and
// 16.8 inside a full run, every run, for a bundle that changes only when its sources, the kit,
// the build script or the locked dependencies do. The hash covers those files by content, the
// Node version the build runs on, and the entry and output: a change to any of them builds anew.

/** Every file under `paths` (files or folders, relative to the repository), sorted, with its content. */
async function filesOf(paths: string[]): Promise<Array<{ name: string; content: Buffer }>> {
  const files: Array<{ name: string; content: Buffer }> = [];
  const visit = async (path: string): Promise<void> => {
    const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (!entries) {
      files.push({ name: relative(REPO_ROOT, path), content: await readFile(path) });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) await visit(join(path, entry.name));
  };
  for (const path of paths) await visit(join(REPO_ROOT, path));
  return files;
}

/** The hash of a build's inputs: the files' names and contents, the entry, the output folder and Node's version. */
export async function buildKey(entry: string, outDir: string, inputs: string[]): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify([entry, outDir, process.version]));
  for (const { name, content } of await filesOf(inputs)) hash.update(`\0${name}\0${content.length}\0`).update(content);
  return hash.digest('hex');
}

/** A day unused, a kept build of the same output is removed when another is made (another checkout may still use a recent one). */
const UNUSED_MS = 24 * 3600_000;

async function forgetUnused(home: string, key: string): Promise<void> {
  for (const name of await readdir(home)) {
    if (name === key || name.endsWith('.lock')) continue;
    const { mtimeMs } = await stat(join(home, name));
    if (Date.now() - mtimeMs > UNUSED_MS) await rm(join(home, name), { recursive: true, force: true });
  }
}

/**
 * Builds `entry` into `outDir` (both relative to the repository) with scripts/ncc.mjs, or copies
 * the build kept for the same inputs. `inputs` must name everything the bundle is made from that
 * the lockfile does not pin: the entry's sources and the workspace packages they import.
 */
export async function nccBuildOnce(entry: string, outDir: string, inputs: string[]): Promise<void> {
  const key = await buildKey(entry, outDir, [...inputs, 'scripts/ncc.mjs', 'scripts/ascii.mjs', 'package-lock.json', 'tsconfig.json']);
  const home = join(cachePath('tandem-ncc-builds'), outDir.replace(/[^\w.-]+/g, '_'));
  const kept = join(home, key);
  await mkdir(home, { recursive: true });
  let builtHere = false;
  await makeOnce(relative(cachePath(''), kept), () => existsSync(kept), async () => {
    await build(entry, outDir);
    const staging = `${kept}.copying-${process.pid}`;
    await cp(join(REPO_ROOT, outDir), staging, { recursive: true });
    await rename(staging, kept);
    builtHere = true;
    await forgetUnused(home, key);
  });
  if (builtHere) return;
  const now = new Date();
  await utimes(kept, now, now);
  const target = join(REPO_ROOT, outDir);
  await rm(target, { recursive: true, force: true });
  await cp(kept, target, { recursive: true });
}
