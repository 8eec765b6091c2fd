import { join } from 'node:path';
import type { PageLinks } from './references.js';
import type { ReleaseFile } from './releases.js';

/**
 * Where a file's bytes come from: the runner's disk (`build`: at `dir/name`, one object shared by
 * every file of the build output, so 100,000 files carry no path of their own; `file`: its own
 * path, for a file reached through a symlink), or (restoring) the release store, server-side.
 */
export type FileSource = { kind: 'build'; dir: string } | { kind: 'file'; path: string } | { kind: 'stored'; key: string } | { kind: 'none' };

/** A file to publish, with the headers it should carry. Names are keys relative to the prefix. */
export interface SiteFile {
  name: string;
  size: number;
  sha256: string;
  /** Known when computed (to compare with an MD5 ETag) or recorded; not needed otherwise. */
  md5?: string;
  contentType: string;
  cacheControl: string;
  entry: boolean;
  source: FileSource;
  /** A page's references, found in the bytes that were hashed: the reference check does not read it again. */
  links?: PageLinks;
}

/** The path of a file on the runner's disk; undefined when its bytes are in S3 (or nowhere). */
export function localPath(file: Pick<SiteFile, 'name' | 'source'>): string | undefined {
  if (file.source.kind === 'build') return join(file.source.dir, file.name);
  return file.source.kind === 'file' ? file.source.path : undefined;
}

/** Files by name, built in place: no [name, file] pair per file to collect at 100,000 files. */
export function byName<T extends { name: string }>(files: Iterable<T>): Map<string, T> {
  const named = new Map<string, T>();
  for (const file of files) named.set(file.name, file);
  return named;
}

/** One object of ListObjectsV2, completed from a release record or HeadObject when needed. */
export interface RemoteObject {
  name: string;
  size: number;
  etag: string;
  /** Only where asked for (the manifests' listing): a Date's time per object is 24 bytes the site's listing does not need. */
  lastModified?: number;
  sha256?: string;
  contentType?: string;
  cacheControl?: string;
  /** True once the headers are known (from a record or HeadObject). */
  described: boolean;
}

/** What kept releases recorded under one name: its entry, or every distinct one when they differ. */
export type RecordedEntries = ReleaseFile | readonly ReleaseFile[];

/**
 * What kept releases recorded per name: used to trust a listing without a HeadObject. A name
 * recorded alike by every kept release (nearly all of them) holds its entry bare: an array of
 * one per name was 5.6 MB at 100,000 files.
 */
export type Recorded = ReadonlyMap<string, RecordedEntries>;

const several = (held: RecordedEntries): held is readonly ReleaseFile[] => Array.isArray(held);

/** The entry recorded under `name` that passes `test`, if any. */
export function findRecorded(recorded: Recorded, name: string, test: (file: ReleaseFile) => boolean): ReleaseFile | undefined {
  const held = recorded.get(name);
  if (held === undefined) return undefined;
  if (several(held)) return held.find(test);
  return test(held) ? held : undefined;
}

/** Every entry kept releases recorded, once per name, content and headers. */
export function* recordedEntries(recorded: Recorded): Generator<ReleaseFile> {
  for (const held of recorded.values()) {
    if (several(held)) yield* held;
    else yield held;
  }
}

/** Whether two entries say the same of an object: its content and the headers it was given. */
function sameDescription(a: ReleaseFile, b: ReleaseFile): boolean {
  return a.sha256 === b.sha256 && a.contentType === b.contentType && a.cacheControl === b.cacheControl;
}

/** Adds what a kept release recorded under `name`, unless an entry of the same content and headers is there. */
export function addRecorded(recorded: Map<string, RecordedEntries>, name: string, file: ReleaseFile): void {
  const held = recorded.get(name);
  const same = (entry: ReleaseFile) => entry === file || (entry.etag === file.etag && sameDescription(entry, file));
  if (held === undefined) recorded.set(name, file);
  else if (!several(held)) {
    if (!same(held)) recorded.set(name, [held, file]);
  } else if (!held.some(same)) recorded.set(name, [...held, file]);
}

/** A single-part upload's ETag is the MD5 of the content; multipart and SSE-KMS ones are not. */
export function plainMd5(etag: string): string | undefined {
  const bare = etag.replace(/^"|"$/g, '');
  return /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}

/**
 * What the records say of a listed object: the entry whose ETag and size match, when every such
 * entry says the same of its content and headers. A header update keeps the ETag, so entries of
 * two releases can match one object and disagree on its headers (a rule changed and changed back,
 * or a run recorded an update it did not live to make): which is live only a HeadObject can say.
 */
function recordFor(object: RemoteObject, recorded: Recorded): ReleaseFile | undefined {
  const matches = (file: ReleaseFile) => file.etag === object.etag && file.size === object.size;
  const held = recorded.get(object.name);
  if (held === undefined || !several(held)) return held && matches(held) ? held : undefined;
  let found: ReleaseFile | undefined;
  for (const file of held.filter(matches)) {
    if (found && !sameDescription(found, file)) return undefined;
    found ??= file;
  }
  return found;
}

/**
 * Whether the records leave something of the bucket unaccounted for: a listed object no entry
 * records with its ETag and size, or a stored copy that neither the files nor an entry names.
 * Only then can an older kept release's record change what is kept, preserved or pruned;
 * otherwise the newer records decide alone, as every older one would. (An older record that
 * disagreed with them on an object's headers would only send it to a HeadObject: the newer
 * records, written since, say what the runs after it made live.)
 */
export function unaccounted(listed: readonly RemoteObject[], files: readonly SiteFile[], recorded: Recorded, stored: ReadonlySet<string>): string | undefined {
  const object = listed.find((candidate) => !findRecorded(recorded, candidate.name, (file) => file.etag === candidate.etag && file.size === candidate.size));
  if (object) return object.name;
  const copy = storeNoLongerNeeded({ stored, files, recorded })[0];
  return copy === undefined ? undefined : `a stored copy (${copy})`;
}

/**
 * The local files whose MD5 would settle, without a HeadObject, whether a live object no record
 * describes holds the same content: same size and a plain-MD5 ETag.
 */
export function md5Wanted(listed: readonly RemoteObject[], local: ReadonlyMap<string, SiteFile>, recorded: Recorded): string[] {
  return listed
    .filter((object) => {
      const wanted = local.get(object.name);
      return wanted && wanted.md5 === undefined && wanted.size === object.size && plainMd5(object.etag) !== undefined && !recordFor(object, recorded);
    })
    .map((object) => object.name);
}

/**
 * Fills in hashes and headers from the release records where the listing's ETag and size match
 * what a release recorded, and names the objects that still need a HeadObject: only those with a
 * local counterpart whose content may be the same (a plain-MD5 ETag that differs from the local
 * MD5 already proves a change).
 */
export function describeFromRecords(listed: readonly RemoteObject[], local: ReadonlyMap<string, SiteFile>, recorded: Recorded): { objects: RemoteObject[]; toHead: string[] } {
  const toHead: string[] = [];
  const objects = listed.map((object) => {
    const match = recordFor(object, recorded);
    const wanted = local.get(object.name);
    // The name and ETag strings of the local file and the record (equal to the listing's), so
    // that the listing's own can go once it is described: three fewer strings per object.
    if (match) return { name: wanted?.name ?? object.name, size: object.size, etag: match.etag, sha256: match.sha256, contentType: match.contentType, cacheControl: match.cacheControl, described: true };
    if (wanted) {
      const md5 = plainMd5(object.etag);
      const mayBeSame = object.size === wanted.size && (md5 === undefined || wanted.md5 === undefined || md5 === wanted.md5);
      if (mayBeSame) toHead.push(object.name);
    }
    return object;
  });
  return { objects, toHead };
}

export interface Upload {
  file: SiteFile;
  reason: 'new' | 'changed';
  /** The ETag of the object it replaces. */
  replaces?: string;
}

export interface HeaderUpdate {
  file: SiteFile;
  /** What differs, for the log: `content-type`, `cache-control`, `hash record`. */
  reason: string;
  etag: string;
}

export interface Plan {
  /** Live objects a kept release still needs, copied into the release store before being overwritten. */
  preserve: Array<{ name: string; sha256: string; etag: string }>;
  uploads: Upload[];
  updates: HeaderUpdate[];
  unchanged: Array<{ file: SiteFile; etag: string }>;
  deletes: Array<{ name: string; etag: string; size: number }>;
  /** Objects no longer in the site that stay for visitors of kept releases. */
  retained: string[];
  /** Objects under the prefix that no release of this site ever listed: never ours to delete. */
  foreign: string[];
  /** Hashes in the release store that no kept release needs any more, deleted with the releases that needed them. */
  storeDeletes: string[];
  /** Files a restore needs that exist nowhere in the bucket any more. */
  missing: string[];
}

export interface PlanInput {
  files: readonly SiteFile[];
  remote: readonly RemoteObject[];
  /** Every file of every kept release, the new one aside. */
  recorded: Recorded;
  /** Hashes already in the release store. */
  stored: ReadonlySet<string>;
  /**
   * Every name a release manifest of this site listed, kept or not: the front end owns only what
   * its releases recorded. Anything else under the prefix (uploads, another app's files, what was
   * there before the first release) is left alone.
   */
  owned: ReadonlySet<string>;
  /** Whether objects may be deleted at all (a restore never deletes). */
  prune: boolean;
}

function sameContent(file: SiteFile, object: RemoteObject): boolean {
  if (object.size !== file.size) return false;
  if (object.sha256) return object.sha256 === file.sha256;
  return file.md5 !== undefined && plainMd5(object.etag) === file.md5;
}

function headerDifference(file: SiteFile, object: RemoteObject): string | undefined {
  const differ: string[] = [];
  if (object.contentType !== file.contentType) differ.push('content-type');
  if (object.cacheControl !== file.cacheControl) differ.push('cache-control');
  if (object.sha256 !== file.sha256) differ.push('hash record');
  return differ.length > 0 ? differ.join(', ') : undefined;
}

/** Decides, by content and headers only, what each file and each live object needs. */
export function planSync(input: PlanInput): Plan {
  const plan: Plan = { preserve: [], uploads: [], updates: [], unchanged: [], deletes: [], retained: [], foreign: [], storeDeletes: [], missing: [] };
  // Objects no file claims are what remain in this map once every file has taken its own: no
  // second set of every name, no pair array per object, at 100,000 files.
  const remote = new Map<string, RemoteObject>();
  for (const object of input.remote) remote.set(object.name, object);
  const preserving = new Set<string>();
  for (const file of input.files) {
    const object = remote.get(file.name);
    remote.delete(file.name);
    if (object && sameContent(file, object)) {
      const reason = headerDifference(file, object);
      if (reason) plan.updates.push({ file, reason, etag: object.etag });
      else plan.unchanged.push({ file, etag: object.etag });
      continue;
    }
    if (file.source.kind === 'none') {
      plan.missing.push(file.name);
      continue;
    }
    plan.uploads.push(object ? { file, reason: 'changed', replaces: object.etag } : { file, reason: 'new' });
    const old = object?.sha256;
    if (object && old && !input.stored.has(old) && !preserving.has(old) && findRecorded(input.recorded, file.name, (entry) => entry.sha256 === old)) {
      preserving.add(old);
      plan.preserve.push({ name: file.name, sha256: old, etag: object.etag });
    }
  }
  for (const object of remote.values()) {
    if (!input.owned.has(object.name)) {
      plan.foreign.push(object.name);
      continue;
    }
    // A name some kept release references stays; the others belong only to releases past the window.
    if (input.prune && !input.recorded.has(object.name)) plan.deletes.push({ name: object.name, etag: object.etag, size: object.size });
    else plan.retained.push(object.name);
  }
  if (input.prune) plan.storeDeletes = storeNoLongerNeeded(input);
  return plan;
}

/**
 * Stored copies exist so that a kept release can come back (or a staged one go live): a hash
 * that neither a kept release nor the files being published name has no use left.
 */
export function storeNoLongerNeeded(input: Pick<PlanInput, 'stored' | 'files' | 'recorded'>): string[] {
  // The store holds the few replaced files and staged entry points, the site may hold 100,000:
  // the hashes still needed are struck from a copy of the store, not gathered into a set.
  const unneeded = new Set(input.stored);
  if (unneeded.size === 0) return [];
  for (const file of input.files) unneeded.delete(file.sha256);
  for (const entry of recordedEntries(input.recorded)) unneeded.delete(entry.sha256);
  return [...unneeded].sort();
}

/**
 * The order that never breaks a page: every asset first, then entry points, the root
 * index.html alone at the very end, so no page ever names a file that is not there yet.
 */
export function uploadPhases(plan: Plan): { assets: Array<Upload | HeaderUpdate>; entries: Array<Upload | HeaderUpdate>; root: Array<Upload | HeaderUpdate> } {
  const all: Array<Upload | HeaderUpdate> = [...plan.uploads, ...plan.updates];
  const isRoot = (item: Upload | HeaderUpdate) => item.file.name === 'index.html';
  return {
    // Largest first keeps every connection busy to the end.
    assets: all.filter((item) => !item.file.entry).sort((a, b) => b.file.size - a.file.size),
    entries: all.filter((item) => item.file.entry && !isRoot(item)),
    root: all.filter(isRoot),
  };
}

/** S3 keys are at most 1,024 bytes of UTF-8. */
export function tooLongKeys(prefix: string, names: readonly string[]): string[] {
  return names.filter((name) => Buffer.byteLength(prefix + name, 'utf8') > 1024);
}
