import type { S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { formatBytes, type Log } from '@tandem/kit';
import { MULTIPART_THRESHOLD, copyObject, deleteObjects, uploadFile, type Headers } from './bucket.js';
import { localPath, uploadPhases, type HeaderUpdate, type Plan, type SiteFile, type Upload } from './plan.js';
import { releaseKeys } from './releases.js';
import type { Site } from './state.js';

export interface ApplyOptions {
  s3: S3Client;
  site: Site;
  concurrency: number;
  log: Log;
  signal?: AbortSignal;
  now?: () => number;
}

export interface Timing {
  name: string;
  what: string;
  ms: number;
  bytes: number;
}

export interface Applied {
  /** The ETag each written object got. */
  etags: Map<string, string>;
  timings: Timing[];
  phases: Array<{ phase: string; ms: number; count: number }>;
}

function headersOf(file: SiteFile): Headers {
  return { contentType: file.contentType, cacheControl: file.cacheControl, sha256: file.sha256 };
}

/** Logs each time another tenth of a phase's bytes (or objects, when they are empty) is done. */
export function progressReporter(log: Log, label: string, total: { bytes: number; count: number }): (bytes: number) => void {
  let bytes = 0;
  let count = 0;
  let reported = 0;
  return (done) => {
    bytes += done;
    count += 1;
    const share = total.bytes > 0 ? bytes / total.bytes : count / total.count;
    const tenth = Math.floor(share * 10 + 1e-9);
    if (tenth > reported) {
      reported = tenth;
      log.info(`${label}: ${Math.min(100, tenth * 10)}% (${count}/${total.count} objects, ${formatBytes(bytes)} of ${formatBytes(total.bytes)})`);
    }
  };
}

/** A long single upload reports its own tenths, so a big file never looks stuck. */
function fileProgress(log: Log, name: string, size: number): (loaded: number) => void {
  let reported = 0;
  return (loaded) => {
    const tenth = Math.floor((loaded / size) * 10);
    if (tenth > reported) {
      reported = tenth;
      log.info(`  ${name}: ${tenth * 10}% of ${formatBytes(size)}`);
    }
  };
}

async function writeOne(options: ApplyOptions, item: Upload | HeaderUpdate): Promise<string> {
  const { s3, site, signal } = options;
  const key = site.prefix + item.file.name;
  const headers = headersOf(item.file);
  if ('etag' in item) {
    return copyObject(s3, { fromBucket: site.bucket, fromKey: key, toBucket: site.bucket, toKey: key, headers, ifMatch: item.etag }, signal);
  }
  const source = item.file.source;
  if (source.kind === 'stored') {
    return copyObject(s3, { fromBucket: site.releases.bucket, fromKey: source.key, toBucket: site.bucket, toKey: key, headers }, signal);
  }
  const path = localPath(item.file);
  if (path === undefined) throw new Error(`no source for ${item.file.name}`);
  const progress = item.file.size > MULTIPART_THRESHOLD ? fileProgress(options.log, item.file.name, item.file.size) : undefined;
  return uploadFile(s3, { bucket: site.bucket, key, path, size: item.file.size, headers }, progress, signal);
}

async function runPhase(options: ApplyOptions, applied: Applied, phase: string, items: Array<Upload | HeaderUpdate>): Promise<void> {
  if (items.length === 0) return;
  const now = options.now ?? Date.now;
  const started = now();
  const limit = pLimit(options.concurrency);
  const bytes = items.reduce((sum, item) => sum + ('etag' in item ? 0 : item.file.size), 0);
  const progress = progressReporter(options.log, phase, { bytes, count: items.length });
  await Promise.all(
    items.map((item) =>
      limit(async () => {
        options.signal?.throwIfAborted();
        const t0 = now();
        const etag = await writeOne(options, item);
        const sent = 'etag' in item ? 0 : item.file.size;
        applied.etags.set(item.file.name, etag);
        applied.timings.push({ name: item.file.name, what: 'etag' in item ? `headers (${item.reason})` : `upload (${item.reason})`, ms: now() - t0, bytes: sent });
        progress(sent);
      }),
    ),
  );
  applied.phases.push({ phase, ms: now() - started, count: items.length });
}

/** Copies live objects that a kept release still needs into the release store, before they are overwritten. */
async function preserve(options: ApplyOptions, applied: Applied, plan: Plan): Promise<void> {
  if (plan.preserve.length === 0) return;
  const { s3, site, signal } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const limit = pLimit(options.concurrency);
  await Promise.all(
    plan.preserve.map((item) =>
      limit(() =>
        copyObject(
          s3,
          {
            fromBucket: site.bucket,
            fromKey: site.prefix + item.name,
            toBucket: site.releases.bucket,
            toKey: releaseKeys.object(site.releases, item.sha256),
            headers: { contentType: 'application/octet-stream', cacheControl: 'no-store', sha256: item.sha256 },
            ifMatch: item.etag,
          },
          signal,
        ),
      ),
    ),
  );
  applied.phases.push({ phase: 'keep replaced files in the release store', ms: now() - started, count: plan.preserve.length });
}

/**
 * Carries out a plan in the order that never breaks a page: replaced files into the store,
 * assets, then `beforeEntries` (the release manifest), entry points, the root index.html, then
 * `beforeDeletes` (the pointer), and deletions last: the site's, then the release store's.
 */
export async function applyPlan(
  plan: Plan,
  options: ApplyOptions,
  hooks: { beforeEntries: (applied: Applied) => Promise<void>; beforeDeletes: (applied: Applied) => Promise<void> },
): Promise<Applied> {
  const applied: Applied = { etags: new Map(), timings: [], phases: [] };
  const phases = uploadPhases(plan);
  await preserve(options, applied, plan);
  await runPhase(options, applied, 'assets', phases.assets);
  await hooks.beforeEntries(applied);
  await runPhase(options, applied, 'entry points', phases.entries);
  await runPhase(options, applied, 'index.html', phases.root);
  await hooks.beforeDeletes(applied);
  if (plan.deletes.length > 0) {
    const now = options.now ?? Date.now;
    const started = now();
    await deleteObjects(options.s3, options.site.bucket, plan.deletes.map((item) => options.site.prefix + item.name), options.signal);
    applied.phases.push({ phase: 'delete', ms: now() - started, count: plan.deletes.length });
  }
  if (plan.storeDeletes.length > 0) {
    const now = options.now ?? Date.now;
    const started = now();
    const { releases } = options.site;
    await deleteObjects(options.s3, releases.bucket, plan.storeDeletes.map((hash) => releaseKeys.object(releases, hash)), options.signal);
    applied.phases.push({ phase: 'prune the release store', ms: now() - started, count: plan.storeDeletes.length });
  }
  return applied;
}

/**
 * `publish: assets`: new assets in place, staged files into the release store (by hash, so the
 * publishing run copies them server-side), then the release manifest. No entry point, no
 * pointer, no deletion: the live release is served exactly as before.
 */
export async function applyStaged(plan: Plan, toStore: readonly SiteFile[], options: ApplyOptions, record: (applied: Applied) => Promise<void>): Promise<Applied> {
  const applied: Applied = { etags: new Map(), timings: [], phases: [] };
  await runPhase(options, applied, 'assets', uploadPhases(plan).assets);
  await storeFiles(options, applied, toStore);
  await record(applied);
  return applied;
}

async function storeFiles(options: ApplyOptions, applied: Applied, files: readonly SiteFile[]): Promise<void> {
  if (files.length === 0) return;
  const { s3, site, signal } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const limit = pLimit(options.concurrency);
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        signal?.throwIfAborted();
        const path = localPath(file);
        if (path === undefined) throw new Error(`no source for ${file.name}`);
        const headers = { contentType: 'application/octet-stream', cacheControl: 'no-store', sha256: file.sha256 };
        const t0 = now();
        await uploadFile(s3, { bucket: site.releases.bucket, key: releaseKeys.object(site.releases, file.sha256), path, size: file.size, headers }, undefined, signal);
        applied.timings.push({ name: file.name, what: 'stage', ms: now() - t0, bytes: file.size });
      }),
    ),
  );
  applied.phases.push({ phase: 'stage entry points and replaced files in the release store', ms: now() - started, count: files.length });
}
