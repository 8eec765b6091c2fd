import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, formatDuration, type Log } from '@tandem/kit';
import pLimit from 'p-limit';
import { putJson } from './bucket.js';
import { hashFile } from './scan.js';
import { applyPlan, applyStaged, type Applied } from './apply.js';
import { md5Wanted, plainMd5, planSync, tooLongKeys, type HeaderUpdate, type Plan, type SiteFile, type Upload } from './plan.js';
import { recordBeforeUploads } from './record.js';
import { changedKeys, stageAssets } from './stage.js';
import {
  RELEASE_SCHEMA,
  previousRelease,
  publish,
  releaseKeys,
  retained,
  timeline,
  type ReleaseManifest,
  type ReleasePointer,
} from './releases.js';
import { describeRemote, readBucketState, readManifests, recordedFiles, type BucketState, type Site } from './state.js';

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

function restoreTarget(state: BucketState, wanted: string): string {
  const known = [...new Set([...(state.pointer?.history ?? []).map((entry) => entry.release), ...state.manifests.map((m) => m.release)])];
  const release = wanted === 'previous' ? previousRelease(state.pointer) : wanted;
  if (!release) throw new ConfigurationError('there is no previous release to go back to: no release was published before the current one', 'restore-release');
  if (!state.manifests.some((manifest) => manifest.release === release)) {
    const list = known.slice(-10).join(', ') || 'none';
    throw new ConfigurationError(`no release '${release}' is recorded in this bucket (recent releases: ${list})`, 'restore-release');
  }
  return release;
}

/** The files of a recorded release, each to come from where it lives now: in place or in the release store. */
function filesOf(manifest: ReleaseManifest, site: Site, stored: ReadonlySet<string>): SiteFile[] {
  return Object.entries(manifest.files).map(([name, file]) => ({
    name,
    size: file.size,
    sha256: file.sha256,
    md5: file.md5 || undefined,
    contentType: file.contentType,
    cacheControl: file.cacheControl,
    entry: file.entry,
    source: stored.has(file.sha256) ? { kind: 'stored', key: releaseKeys.object(site.releases, file.sha256) } : { kind: 'none' },
  }));
}

function refuse(plan: Plan, request: PublishRequest, files: readonly SiteFile[], restoring: boolean): void {
  if (plan.missing.length > 0) {
    const shown = plan.missing.slice(0, 10).join(', ');
    throw new ConfigurationError(
      `release cannot be restored from the bucket alone: ${plan.missing.length} file(s) are gone (${shown}). Deploy that commit again instead`,
      'restore-release',
    );
  }
  const long = tooLongKeys(request.site.prefix, files.map((file) => file.name));
  if (long.length > 0) throw new ConfigurationError(`S3 keys are at most 1,024 bytes; too long: ${long.slice(0, 3).join(', ')}`, restoring ? 'restore-release' : 'source-dir');
  if (plan.deletes.length > request.maxDeletes) {
    throw new ConfigurationError(
      `the plan would delete ${plan.deletes.length} objects, more than max-deletes (${request.maxDeletes}); nothing was changed. ` +
        'Check source-dir and prefix; if the deletions are meant, raise max-deletes for this run',
      'max-deletes',
    );
  }
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
    files: {},
  };
  for (const file of files) {
    const { name, sha256, size, contentType, cacheControl, entry } = file;
    const etag = etags.get(name) ?? '';
    const md5 = file.md5 ?? plainMd5(etag) ?? '';
    manifest.files[name] = { sha256, md5, size, contentType, cacheControl, etag, entry };
  }
  return manifest;
}

/** Reads what the bucket holds, plans, refuses what must not happen, then (unless a dry run) applies and records. */
export async function publishRelease(request: PublishRequest, deps: PublishDeps): Promise<PublishResult> {
  const { site } = request;
  const reading = deps.now();
  const [state, scanned] = await Promise.all([readBucketState(deps.s3, site), request.files]);
  deps.log.info(`Read the bucket in ${formatDuration(deps.now() - reading)}: ${state.listed.length} objects, ${state.manifests.length} release records`);
  const restoring = request.restore !== undefined;
  const staging = !restoring && request.publish === 'assets';
  const release = restoring ? restoreTarget(state, request.restore ?? '') : request.release;
  const firstPublication = restoring && !(state.pointer?.history ?? []).some((entry) => entry.release === release);
  const startedAt = new Date(deps.now()).toISOString();
  const pointer: ReleasePointer = publish(state.pointer, site.tier, { release, publishedAt: startedAt, kind: restoring && !firstPublication ? 'restore' : 'deploy' });
  // A staged run publishes nothing: retention is judged as if the pointer stayed (it does).
  const releases = timeline(staging ? state.pointer : pointer, state.manifests);
  const { keep } = retained(releases, { keepReleases: request.keepReleases, pruneAfterMs: request.pruneAfterMs, now: deps.now() });

  const wasLive = state.pointer?.current;
  // Only manifests the listing showed: a new release's own is not there yet, and a GET would only miss.
  const listedManifests = new Set(state.manifests.map((manifest) => manifest.release));
  const wantedManifests = [...new Set([...keep, ...(wasLive ? [wasLive] : [])])].filter((name) => listedManifests.has(name));
  const manifests = await readManifests(deps.s3, site, wantedManifests, request.concurrency);
  const target = manifests.get(release);
  if (restoring && !target) throw new ConfigurationError(`the manifest of release '${release}' could not be read`, 'restore-release');
  const given = restoring && target ? filesOf(target, site, state.stored) : [...(scanned ?? [])];
  // This release's own earlier record counts too: a rerun must keep what its first attempt made live.
  const kept = new Set(keep);
  const recorded = recordedFiles([...manifests.values()].filter((manifest) => kept.has(manifest.release)));
  const byName = new Map(given.map((file) => [file.name, file]));
  await addMd5(md5Wanted(state.listed, byName, recorded), byName, request.concurrency);
  const files = [...byName.values()];
  const owned = await ownedNames(deps.s3, request, state, manifests, (name) => byName.has(name) || recorded.has(name));
  const { remote, heads } = await describeRemote(deps.s3, site, state.listed, byName, recorded, request.concurrency);
  const planning = deps.now();
  // A rollback deletes nothing; a deploy, and the publication of a staged release, prune.
  const full = planSync({ files, remote, recorded, owned, stored: state.stored, prune: !staging && (!restoring || firstPublication) });
  const split = staging ? stageAssets(full, state.stored) : undefined;
  const plan = split?.now ?? full;
  deps.log.info(`Planned in ${formatDuration(deps.now() - planning)} from ${manifests.size} release record(s) and ${heads} HeadObject call(s)`);
  refuse(plan, request, files, restoring);
  const manifestKey = releaseKeys.manifest(site.releases, release);
  const liveFiles = wasLive ? manifests.get(wasLive)?.files : undefined;
  const changed = changedKeys(plan, staging ? [] : files, liveFiles).map((name) => site.prefix + name);
  const result: PublishResult = { release, plan, manifestKey, changedKeys: changed, heads, previous: wasLive, staged: split?.staged ?? [], firstPublication };
  deps.onPlan?.(result);
  if (request.dryRun) return result;

  // What the record may say of each object's ETag: only what holds once this run is done.
  const known = new Map(plan.unchanged.map((item) => [item.file.name, item.etag]));
  for (const update of plan.updates) known.set(update.file.name, update.etag);
  // A restore keeps the release's own record; a deploy (or its rerun) records this run.
  const origin = restoring ? target : { ...manifestOf(request, release, [], new Map()), createdAt: startedAt };
  const record = (applied: Applied) => {
    const etags = new Map([...known, ...applied.etags]);
    return putJson(deps.s3, site.releases.bucket, manifestKey, manifestOf(request, release, files, etags, origin));
  };
  const options = { s3: deps.s3, site, concurrency: request.concurrency, log: deps.log, signal: deps.signal, now: deps.now };
  const held = deps.assertHeld ?? (async () => undefined);
  // The site owns only what a manifest lists: a deploy names its files before the first one goes
  // up, so uploads of a run killed half-way are pruned with the release, never left as foreign.
  if (!restoring && recordBeforeUploads(plan, recorded, split?.toStore)) {
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
      await putJson(deps.s3, site.releases.bucket, releaseKeys.pointer(site.releases), pointer);
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
        if (file?.source.kind === 'file') files.set(name, { ...file, md5: await hashFile(file.source.path, 'md5', file.size) });
      }),
    ),
  );
}
