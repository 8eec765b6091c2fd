import type { S3Client } from '@aws-sdk/client-s3';
import { formatDuration, type Log } from '@tandem/kit';
import pLimit from 'p-limit';
import { putRecord } from './bucket.js';
import { hashFile } from './hash.js';
import { applyPlan, applyStaged, type Applied } from './apply.js';
import { byName as named, localPath, md5Wanted, plainMd5, unaccounted, type HeaderUpdate, type Plan, type SiteFile, type Upload } from './plan.js';
import { SharedEntries } from './manifest-read.js';
import { RELEASE_SCHEMA, manifestText, pointerText, releaseKeys, type ReleaseManifest } from './releases.js';
import { recordBeforeUploads } from './record.js';
import { describeRemote, listSite, readManifests, readReleaseRecord, recordedFiles, type BucketState, type Site } from './state.js';
import { decidePublication, filesOf, releaseTimeline, type Decision, type Observed } from './decide.js';
import { readPageReferences } from './pages.js';

export interface PublishRequest {
  site: Site;
  /** Deploy: the release id to publish `files` as. Restore: ignored. */
  release: string;
  /** May still be hashing: the bucket is read meanwhile, and nothing is written before both are done. */
  files?: readonly SiteFile[] | Promise<readonly SiteFile[]>;
  /** A release id or `previous`: publish that release (again) from what the bucket holds. */
  restore?: string;
  /** `assets`: upload only what no live page can see, stage the rest for `restore`. */
  publish: 'all' | 'assets';
  keepReleases: number;
  pruneAfterMs: number;
  maxDeletes: number;
  concurrency: number;
  dryRun: boolean;
  commit?: string;
  workflowRun?: string;
  /** Paths (relative to the site) the CDN serves from other origins: references to them are not checked. */
  unchecked?: (path: string) => boolean;
}

export interface PublishResult {
  release: string;
  plan: Plan;
  manifestKey: string;
  /** Keys (prefix included) whose content or headers changed, or that were deleted. */
  changedKeys: string[];
  heads: number;
  applied?: Applied;
  previous?: string;
  /** `publish: assets`: what waits for the publishing run. */
  staged: Array<Upload | HeaderUpdate>;
  /** A restore of a release that was staged and never live: it finishes a deploy, pruning included. */
  firstPublication: boolean;
}

export interface PublishDeps {
  s3: S3Client;
  log: Log;
  now: () => number;
  signal?: AbortSignal;
  /** Sees the plan once it passed every check, before anything is written. */
  onPlan?: (result: PublishResult) => void;
  /** Throws unless this run still holds the deploy lock: called before each step that publishes or deletes. */
  assertHeld?: (before: string) => Promise<void>;
}

function manifestOf(request: PublishRequest, release: string, files: readonly SiteFile[], etags: ReadonlyMap<string, string>, origin?: ReleaseManifest): ReleaseManifest {
  const manifest: ReleaseManifest = {
    schema: RELEASE_SCHEMA,
    tier: request.site.tier,
    release,
    createdAt: origin?.createdAt ?? new Date().toISOString(),
    commit: origin ? origin.commit : request.commit,
    workflowRun: origin ? origin.workflowRun : request.workflowRun,
    bucket: request.site.bucket,
    prefix: request.site.prefix,
    // No prototype: a file named __proto__ is a key of its own, not the object's prototype.
    files: Object.create(null) as ReleaseManifest['files'],
    promotedFrom: origin?.promotedFrom,
  };
  for (const file of files) {
    const { name, sha256, size, contentType, cacheControl, entry } = file;
    const etag = etags.get(name) ?? '';
    const md5 = file.md5 ?? plainMd5(etag) ?? '';
    manifest.files[name] = { sha256, md5, size, contentType, cacheControl, etag, entry };
  }
  return manifest;
}

/**
 * Everything the decision needs, read at once: the bucket and its release record, the manifests
 * of the kept releases, MD5s the listing can be settled with, ownership, the headers no record
 * gave, and what the release's pages load. Nothing is written.
 */
export async function readPublication(request: PublishRequest, deps: PublishDeps): Promise<Observed> {
  const { site } = request;
  const readAt = deps.now();
  // The site's listing is the long read (a page per 1,000 objects, one after another): the release
  // record, and the manifests it names, are read while it goes on.
  let listedMs = 0;
  const listing = listSite(deps.s3, site).then((listed) => {
    listedMs = deps.now() - readAt;
    return listed;
  });
  // One set of shared entries for every manifest this run reads, the older ones included.
  const shared = new SharedEntries();
  const recording = readReleaseRecord(deps.s3, site).then(async (record) => {
    const { restoring, release, keep } = releaseTimeline(request, record, readAt);
    const wasLive = record.pointer?.current;
    // Only manifests the listing showed: a new release's own is not there yet, and a GET would only miss.
    const listedManifests = new Set(record.manifests.map((manifest) => manifest.release));
    const wanted = (names: readonly string[]) => [...new Set(names)].filter((name) => listedManifests.has(name));
    // The newest kept releases, the live one and this release's own earlier record (a rerun must
    // keep what its first attempt made live) are read beside the listing. The older ones kept
    // for prune-after (a week of releases: forty for a site deployed six times a day) only when
    // the newer ones leave something unaccounted for.
    const recordedKept = wanted(keep);
    const newest = wanted([...recordedKept.slice(-request.keepReleases), ...(wasLive ? [wasLive] : []), ...(keep.includes(release) ? [release] : [])]);
    const older = recordedKept.filter((name) => !newest.includes(name));
    const manifests = await readManifests(deps.s3, site, newest, request.concurrency, shared);
    return { record, restoring, release, manifests, keep, older };
  });
  const [listed, { record, restoring, release, manifests, keep, older }, scanned] = await Promise.all([listing, recording, request.files]);
  deps.log.info(`Read the bucket in ${formatDuration(listedMs)}: ${listed.length} objects, ${record.manifests.length} release records`);
  const state: BucketState = { ...record, listed };
  const target = manifests.get(release);
  const given = restoring && target ? filesOf(target, site, state.stored) : [...(scanned ?? [])];
  const kept = new Set(keep);
  const keptRecords = () => recordedFiles([...manifests.values()].filter((manifest) => kept.has(manifest.release)));
  let recorded = keptRecords();
  const missing = older.length > 0 ? unaccounted(state.listed, given, recorded, state.stored) : undefined;
  if (missing !== undefined) {
    deps.log.info(`Reading ${older.length} older kept release record(s): the newer ones do not account for ${missing}`);
    for (const [name, manifest] of await readManifests(deps.s3, site, older, request.concurrency, shared)) manifests.set(name, manifest);
    recorded = keptRecords();
  }
  const byName = named(given);
  await addMd5(md5Wanted(state.listed, byName, recorded), byName, request.concurrency);
  const files = [...byName.values()];
  const owned = await ownedNames(deps.s3, request, state, manifests, (name) => byName.has(name) || recorded.has(name));
  const { remote, heads } = await describeRemote(deps.s3, site, state.listed, byName, recorded, request.concurrency);
  const { references, unreadable, headed } = await readPageReferences(deps.s3, site, files, remote, request.concurrency);
  // The listing lives on as `remote`, described: nothing after this reads it.
  return { state: { ...state, listed: [] }, readAt, manifests, files, recorded, owned, remote, heads, references, unreadable, headed };
}

/** Reads what the bucket holds, decides (refusing what must not happen), then (unless a dry run) applies and records. */
export async function publishRelease(request: PublishRequest, deps: PublishDeps): Promise<PublishResult> {
  const seen = await readPublication(request, deps);
  const planning = deps.now();
  const decision = decidePublication(request, seen);
  deps.log.info(`Planned in ${formatDuration(deps.now() - planning)} from ${seen.manifests.size} release record(s), ${seen.heads} HeadObject call(s) and ${seen.references.length} reference(s) checked`);
  deps.onPlan?.(decision.result);
  if (request.dryRun) return decision.result;
  return applyPublication(request, decision, seen, deps);
}

/**
 * Writes what was decided, in the order that never breaks a page: the release record before the
 * first upload, assets, the record again, entry points, the pointer, deletions last. A staging run
 * stops after its assets, the staged files and the record.
 */
async function applyPublication(request: PublishRequest, decision: Decision, seen: Pick<Observed, 'files' | 'recorded'>, deps: PublishDeps): Promise<PublishResult> {
  const { files } = seen;
  const { site } = request;
  const { result, pointer, startedAt, target, split } = decision;
  const { plan, release, manifestKey } = result;
  const restoring = request.restore !== undefined;

  // What the record may say of each object's ETag: only what holds once this run is done.
  const known = new Map(plan.unchanged.map((item) => [item.file.name, item.etag]));
  for (const update of plan.updates) known.set(update.file.name, update.etag);
  // A restore keeps the release's own record; a deploy (or its rerun) records this run.
  const origin = restoring ? target : { ...manifestOf(request, release, [], new Map()), createdAt: startedAt };
  const record = (applied: Applied) => {
    const etags = new Map([...known, ...applied.etags]);
    return putRecord(deps.s3, site.releases.bucket, manifestKey, manifestText(manifestOf(request, release, files, etags, origin)));
  };
  const options = { s3: deps.s3, site, concurrency: request.concurrency, log: deps.log, signal: deps.signal, now: deps.now };
  const held = deps.assertHeld ?? (async () => undefined);
  // The site owns only what a manifest lists: a deploy names its files before the first one goes
  // up, so uploads of a run killed half-way are pruned with the release, never left as foreign.
  if (!restoring && recordBeforeUploads(plan, seen.recorded, split?.toStore)) {
    await held('writing the release record');
    await record({ etags: new Map(), timings: [], phases: [] });
  }
  if (split) {
    result.applied = await applyStaged(plan, split.toStore, options, async (applied) => {
      await held('writing the release record');
      await record(applied);
    });
    return result;
  }
  result.applied = await applyPlan(plan, options, {
    // The record is written before the pointer moves; before the entry points it would say only
    // which ETags the assets got, which a later run can also learn from the listing.
    beforeEntries: () => held('publishing the entry points'),
    beforeDeletes: async (applied) => {
      await held('moving the release pointer');
      await record(applied);
      await putRecord(deps.s3, site.releases.bucket, releaseKeys.pointer(site.releases), pointerText(pointer));
      if (plan.deletes.length > 0) await held(`deleting ${plan.deletes.length} object(s)`);
    },
  });
  return result;
}

/**
 * The names this site's releases ever listed. The kept releases' manifests are read already;
 * the older ones are read only when some listed object is neither in this release nor in a kept
 * one (a deletion candidate), since only they can say whether such an object is ours. A manifest
 * of another bucket or prefix (the site moved, the record stayed) owns nothing here.
 */
async function ownedNames(
  s3: S3Client,
  request: PublishRequest,
  state: BucketState,
  read: ReadonlyMap<string, ReleaseManifest>,
  accounted: (name: string) => boolean,
): Promise<Set<string>> {
  const all = new Map(read);
  if (state.listed.some((object) => !accounted(object.name))) {
    const older = state.manifests.map((manifest) => manifest.release).filter((release) => !all.has(release));
    for (const [release, manifest] of await readManifests(s3, request.site, older, request.concurrency)) all.set(release, manifest);
  }
  const owned = new Set<string>();
  for (const manifest of all.values()) {
    if (manifest.bucket !== request.site.bucket || manifest.prefix !== request.site.prefix) continue;
    for (const name of Object.keys(manifest.files)) owned.add(name);
  }
  return owned;
}

/** Computes the MD5 of the files the listing can settle with it (objects uploaded by other tools). */
async function addMd5(names: readonly string[], files: Map<string, SiteFile>, concurrency: number): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(
    names.map((name) =>
      limit(async () => {
        const file = files.get(name);
        const path = file && localPath(file);
        if (file && path !== undefined) files.set(name, { ...file, md5: await hashFile(path, 'md5', file.size) });
      }),
    ),
  );
}
