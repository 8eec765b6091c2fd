import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { join, relative, sep } from 'node:path';
import pLimit from 'p-limit';
import { ConfigurationError } from '@tandem/kit';
import type { FileSource } from './plan.js';

/** A file of the build output, before headers are decided. */
export interface SourceFile {
  /** Path relative to the source directory, with forward slashes: the key without the prefix. */
  name: string;
  path: string;
  size: number;
  sha256: string;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** A file name's bytes as a reader can see them: printable ASCII as is, every other byte as \xNN. */
export function escapedName(bytes: Uint8Array): string {
  return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`)).join('');
}

/**
 * An entry's name, read as bytes: a name that is not UTF-8 has no S3 key (keys are UTF-8), and
 * decoding it would turn its bytes into U+FFFD and name a file that does not exist.
 */
function entryName(raw: Buffer, prefix: string, input: string): string {
  if (!isUtf8(raw)) {
    throw new ConfigurationError(`'${prefix}${escapedName(raw)}' is not a valid UTF-8 file name, so it cannot be an S3 key: rename it in the build output`, input);
  }
  return raw.toString('utf8');
}

/**
 * Walks the directory; a symlink is followed only when it stays inside the directory. Nothing
 * else runs while the build output is listed, so the walk is synchronous: one thread-pool round
 * trip per file (2,000 awaited stat calls) cost more than the listing itself.
 */
async function listFiles(root: string, input: string): Promise<Array<{ name: string; path: string; size: number }>> {
  const realRoot = realpathSync(root);
  const files: Array<{ name: string; path: string; size: number }> = [];
  const seenDirs = new Set<string>([realRoot]);
  const walk = (dir: string, prefix: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({ entry, base: entryName(entry.name, prefix, input) }));
    entries.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    for (const { entry, base } of entries) {
      const path = join(dir, base);
      const name = prefix + base;
      let target = path;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          target = realpathSync(path);
        } catch {
          throw new ConfigurationError(`'${name}' is a broken symlink: fix the build output or remove the link`, input);
        }
        if (!isInside(realRoot, target)) {
          throw new ConfigurationError(`'${name}' is a symlink to ${target}, outside the source directory: refusing to publish files from elsewhere`, input);
        }
        const info = lstatSync(target);
        isDirectory = info.isDirectory();
        isFile = info.isFile();
      }
      if (isDirectory) {
        if (seenDirs.has(target)) continue;
        seenDirs.add(target);
        walk(target, `${name}/`);
      } else if (isFile) {
        files.push({ name, path: target, size: statSync(target).size });
      }
    }
  };
  walk(realRoot, '');
  return files;
}

/** Small files are read whole (most of a site): far cheaper than opening a stream for each. */
export const READ_WHOLE = 1024 * 1024;

/**
 * One hash of a file. SHA-256 is the content's identity; MD5 is computed only where an object's
 * ETag must be compared with it, or for an upload's Content-MD5.
 */
export async function hashFile(path: string, algorithm: 'sha256' | 'md5' = 'sha256', size = Infinity): Promise<string> {
  if (size <= READ_WHOLE) return createHash(algorithm).update(await readFile(path)).digest('hex');
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export type ListedFile = Omit<SourceFile, 'sha256'>;

/**
 * Lists the build output. Refuses (before anything is written anywhere) a missing or empty
 * directory, a symlink that leaves it, and, unless told otherwise, one without index.html: the
 * signs of a wrong `source-dir` or a failed build, which would otherwise empty the bucket.
 */
export async function listSource(dir: string, options: { requireIndex: boolean; input?: string }): Promise<ListedFile[]> {
  const input = options.input ?? 'source-dir';
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ConfigurationError(`${dir} does not exist: did the build write its output somewhere else?`, input);
  if (!info.isDirectory()) throw new ConfigurationError(`${dir} is not a directory`, input);
  const listed = await listFiles(dir, input);
  if (listed.length === 0) throw new ConfigurationError(`${dir} is empty: refusing to publish an empty site (did the build fail?)`, input);
  if (options.requireIndex && !listed.some((file) => file.name === 'index.html')) {
    throw new ConfigurationError(`${dir} has no index.html: is this the build output? Set require-index: false to publish a site without one`, input);
  }
  return listed;
}

/**
 * How long one stretch of synchronous reading and hashing may hold the main thread before the
 * bucket reads and the lock's requests, running meanwhile, get their turn.
 */
export const HASH_SLICE_MS = 8;

/**
 * The SHA-256 of every file. Small files (most of a site) are read and hashed synchronously, in
 * slices of HASH_SLICE_MS: an awaited readFile costs several thread-pool round trips per file,
 * which made hashing 2,000 files six times slower than `sha256sum`. Large files are streamed,
 * at most `concurrency` at once, so memory stays bounded.
 */
export async function hashSource(listed: readonly ListedFile[], concurrency = 8): Promise<SourceFile[]> {
  const sums = await hashSums(listed, concurrency);
  return listed.map((file, i) => ({ ...file, sha256: sums[i] }));
}

/**
 * The SHA-256 of each listed file, in the listing's order (see hashSource). `visit` sees the bytes
 * of each file read whole (index in the listing, bytes), so that what else needs them is found in
 * the same read.
 */
export async function hashSums(listed: readonly ListedFile[], concurrency = 8, visit?: (index: number, bytes: Buffer) => void): Promise<string[]> {
  const sums: string[] = new Array<string>(listed.length);
  const limit = pLimit(Math.max(1, concurrency));
  const streamed = Promise.all(
    listed.map((file, i) => (file.size > READ_WHOLE ? limit(async () => void (sums[i] = await hashFile(file.path, 'sha256', file.size))) : undefined)),
  );
  // Awaited below; a failure must not surface as an unhandled rejection while the loop runs.
  streamed.catch(() => undefined);
  let slice = performance.now();
  for (let i = 0; i < listed.length; i += 1) {
    if (listed[i].size > READ_WHOLE) continue;
    const bytes = readFileSync(listed[i].path);
    sums[i] = createHash('sha256').update(bytes).digest('hex');
    visit?.(i, bytes);
    if (performance.now() - slice > HASH_SLICE_MS) {
      await yieldTurn();
      slice = performance.now();
    }
  }
  await streamed;
  return sums;
}

/**
 * Where each listed file of `dir` is read from: one source shared by every file that lies at
 * `dir/name` (the listing resolves `dir` itself first), its own path only for a file reached
 * through a symlink.
 */
export function localSources(dir: string): (file: ListedFile) => FileSource {
  const root = realpathSync(dir);
  const shared: FileSource = { kind: 'build', dir: root };
  return (file) => (file.path === join(root, file.name) ? shared : { kind: 'file', path: file.path });
}

/** Lists and hashes the build output (see listSource for what is refused). */
export async function scanSource(dir: string, options: { requireIndex: boolean; input?: string; concurrency?: number }): Promise<SourceFile[]> {
  return hashSource(await listSource(dir, options), options.concurrency);
}
