// The decision of a publication, from what was read: which release, what the pointer becomes,
// the plan, the refusals (a file gone, keys too long, too many deletions, a page that would load
// a missing or mistyped file), the keys a CDN may serve stale. Pure: tested with tables.
import { ConfigurationError } from '@tandem/kit';
import { checkReferences, referenceRefusal, type Unreadable } from './check.js';
import { planSync, tooLongKeys, type Plan, type Recorded, type RemoteObject, type SiteFile } from './plan.js';
import type { Reference } from './references.js';
import { previousRelease, publish, releaseKeys, retained, timeline, type ReleaseManifest, type ReleasePointer } from './releases.js';
import { changedKeys, stageAssets, type StagedPlan } from './stage.js';
import type { BucketState, Site } from './state.js';
import type { PublishRequest, PublishResult } from './publish.js';
import { recordPromotion } from './promote.js';

export function restoreTarget(state: Pick<BucketState, 'pointer' | 'manifests'>, wanted: string): string {
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
export function filesOf(manifest: ReleaseManifest, site: Site, stored: ReadonlySet<string>): SiteFile[] {
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

/**
 * Which release goes live (or is staged), what the pointer becomes, and whose files are kept.
 * The reads need `keep` (which manifests to read); the decision needs the rest.
 */
export function releaseTimeline(request: PublishRequest, state: Pick<BucketState, 'pointer' | 'manifests'>, now: number) {
  const restoring = request.restore !== undefined;
  const staging = !restoring && request.publish === 'assets';
  const release = restoring ? restoreTarget(state, request.restore ?? '') : request.release;
  const firstPublication = restoring && !(state.pointer?.history ?? []).some((entry) => entry.release === release);
  const startedAt = new Date(now).toISOString();
  const pointer: ReleasePointer = publish(state.pointer, request.site.tier, { release, publishedAt: startedAt, kind: restoring && !firstPublication ? 'restore' : 'deploy' });
  // A staged run publishes nothing: retention is judged as if the pointer stayed (it does).
  const { keep } = retained(timeline(staging ? state.pointer : pointer, state.manifests), { keepReleases: request.keepReleases, pruneAfterMs: request.pruneAfterMs, now });
  return { restoring, staging, release, firstPublication, startedAt, pointer, keep };
}

/** Everything a publication reads before it decides; nothing in it was written by this run. */
export interface Observed {
  state: BucketState;
  /** When the reads began: the publication's time in the pointer, and retention's `now`. */
  readAt: number;
  /** The manifests of the kept releases and of the live one. */
  manifests: ReadonlyMap<string, ReleaseManifest>;
  /** The files to publish, with the MD5s the listing can be settled with. */
  files: SiteFile[];
  recorded: Recorded;
  owned: ReadonlySet<string>;
  /** The listing, completed from records and HeadObject. */
  remote: RemoteObject[];
  heads: number;
  /** What the release's pages, web manifests and service workers load. */
  references: Reference[];
  unreadable: Unreadable[];
  /** Content-Types of referenced objects outside the release that no record described. */
  headed: ReadonlyMap<string, string | undefined>;
}

export interface Decision {
  result: PublishResult;
  pointer: ReleasePointer;
  startedAt: string;
  /** The manifest of the release being restored. */
  target?: ReleaseManifest;
  split?: StagedPlan;
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

/** What the bucket holds once the release is in place, each name with its Content-Type when known. */
export function afterPublication(plan: Plan, files: readonly SiteFile[], remote: readonly RemoteObject[], headed: ReadonlyMap<string, string | undefined>): Map<string, string | undefined> {
  const deleted = new Set(plan.deletes.map((item) => item.name));
  const available = new Map<string, string | undefined>();
  for (const object of remote) if (!deleted.has(object.name)) available.set(object.name, object.contentType ?? headed.get(object.name));
  for (const file of files) available.set(file.name, file.contentType);
  return available;
}

/** Decides the publication, or throws the refusal that stops it before any write. */
export function decidePublication(request: PublishRequest, seen: Observed): Decision {
  const { site } = request;
  const { state, manifests, files } = seen;
  const { restoring, staging, release, firstPublication, startedAt, pointer: moved } = releaseTimeline(request, state, seen.readAt);
  const target = manifests.get(release);
  const pointer = recordPromotion(moved, startedAt, target?.promotedFrom);
  if (restoring && !target) throw new ConfigurationError(`the manifest of release '${release}' could not be read`, 'restore-release');
  // A rollback deletes nothing; a deploy, and the publication of a staged release, prune.
  const full = planSync({ files, remote: seen.remote, recorded: seen.recorded, owned: seen.owned, stored: state.stored, prune: !staging && (!restoring || firstPublication) });
  const split = staging ? stageAssets(full, state.stored) : undefined;
  const plan = split?.now ?? full;
  refuse(plan, request, files, restoring);
  const checked = request.unchecked ? seen.references.filter((reference) => !reference.candidates.some((name) => request.unchecked?.(name))) : seen.references;
  const broken = referenceRefusal(checkReferences(checked, afterPublication(full, files, seen.remote, seen.headed)), seen.unreadable, restoring ? 'restore-release' : 'source-dir');
  if (broken) throw broken;
  const wasLive = state.pointer?.current;
  const liveFiles = wasLive ? manifests.get(wasLive)?.files : undefined;
  const changed = changedKeys(plan, staging ? [] : files, liveFiles).map((name) => site.prefix + name);
  const manifestKey = releaseKeys.manifest(site.releases, release);
  const result: PublishResult = { release, plan, manifestKey, changedKeys: changed, heads: seen.heads, previous: wasLive, staged: split?.staged ?? [], firstPublication };
  return { result, pointer, startedAt, target, split };
}
