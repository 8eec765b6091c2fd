import { isUtf8 } from 'node:buffer';
import { type Dirent, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfigurationError } from '@tandem/kit';
import { hashSource } from './hash.js';
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
 * A directory's entries, sorted by name. Names are read as UTF-8 strings, which costs half of
 * reading them as bytes; a name that is not UTF-8 decodes to U+FFFD, so only a directory with one
 * is read again as bytes, to refuse the name that cannot be a key (entryName).
 */
function readEntries(dir: string, prefix: string, input: string): Dirent[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((entry) => entry.name.includes('\uFFFD'))) {
    for (const entry of readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) entryName(entry.name, prefix, input);
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Walks the directory; a symlink is followed only when it stays inside the directory, and a link
 * to a directory is listed like one (its files under the link's name too), unless it leads back
 * to a directory being walked, a loop, which is left out. Nothing
 * else runs while the build output is listed, so the walk is synchronous: one thread-pool round
 * trip per file (2,000 awaited stat calls) cost more than the listing itself. Sizes are not read
 * here: the hashing learns each from the read it makes anyway, and a stat a file took a third of
 * the listing of 20,000 files.
 */
function listFiles(root: string, input: string): ListedFile[] {
  const realRoot = realpathSync(root);
  const files: ListedFile[] = [];
  // The directories being walked, from the root down: a link to one of them is a loop.
  const walking = new Set<string>([realRoot]);
  const walk = (dir: string, prefix: string): void => {
    // dir is resolved (realpath): its entries' paths need no normalizing.
    const parent = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of readEntries(dir, prefix, input)) {
      const path = parent + entry.name;
      const name = prefix + entry.name;
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
        if (walking.has(target)) continue;
        walking.add(target);
        walk(target, `${name}/`);
        walking.delete(target);
      } else if (isFile) {
        files.push({ name, path: target });
      }
    }
  };
  walk(realRoot, '');
  return files;
}

/** A file of the build output as the listing finds it: its size is learnt when it is read. */
export type ListedFile = Omit<SourceFile, 'sha256' | 'size'>;

/**
 * Lists the build output. Refuses (before anything is written anywhere) a missing or empty
 * directory, a symlink that leaves it, and, unless told otherwise, one without index.html: the
 * signs of a wrong `source-dir` or a failed build, which would otherwise empty the bucket.
 */
/**
 * The build output's files, refused when there is none, or no index.html where one is required.
 * `exclude` leaves files out (the `exclude` input: source maps, say); each left out goes to
 * `excluded`.
 */
export async function listSource(dir: string, options: { requireIndex: boolean; input?: string; exclude?: (name: string) => boolean; excluded?: string[] }): Promise<ListedFile[]> {
  const input = options.input ?? 'source-dir';
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ConfigurationError(`${dir} does not exist: did the build write its output somewhere else?`, input);
  if (!info.isDirectory()) throw new ConfigurationError(`${dir} is not a directory`, input);
  const all = listFiles(dir, input);
  if (all.length === 0) throw new ConfigurationError(`${dir} is empty: refusing to publish an empty site (did the build fail?)`, input);
  const listed: ListedFile[] = [];
  for (const file of all) {
    if (options.exclude?.(file.name)) options.excluded?.push(file.name);
    else listed.push(file);
  }
  if (listed.length === 0) throw new ConfigurationError(`leaves out every one of the ${all.length} files in ${dir}: refusing to publish an empty site`, 'exclude');
  if (options.requireIndex && !listed.some((file) => file.name === 'index.html')) {
    if (listed.length < all.length && all.some((file) => file.name === 'index.html')) throw new ConfigurationError('leaves out index.html, which require-index asks for', 'exclude');
    throw new ConfigurationError(`${dir} has no index.html: is this the build output? Set require-index: false to publish a site without one`, input);
  }
  return listed;
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
