import type { HeaderUpdate, Plan, SiteFile, Upload } from './plan.js';
import type { ReleaseFile } from './releases.js';

/**
 * `publish: assets` splits a plan in two. What goes up now is only what no page of the live
 * release can see: new files that are not entry points (new hashed chunks, a new image). Every
 * entry point, and every file that would replace a live object under the same name (a changed
 * `favicon.svg`), is staged: its bytes go to the release store and the publishing run
 * (`restore-release: <id>`) copies them into place server-side. Header rewrites wait for that run
 * too, since they change what the live release serves. Nothing is deleted, nothing preserved.
 */
export interface StagedPlan {
  /** The plan of this run: new non-entry uploads only. */
  now: Plan;
  /** Left for the publishing run, for the log and the outputs. */
  staged: Array<Upload | HeaderUpdate>;
  /** Staged files whose content the release store does not hold yet, one per hash. */
  toStore: SiteFile[];
}

export function stageAssets(plan: Plan, stored: ReadonlySet<string>): StagedPlan {
  const inPlace = (upload: Upload) => upload.reason === 'new' && !upload.file.entry;
  const staged: Array<Upload | HeaderUpdate> = [...plan.uploads.filter((upload) => !inPlace(upload)), ...plan.updates];
  const toStore = new Map<string, SiteFile>();
  for (const upload of plan.uploads) {
    if (!inPlace(upload) && !stored.has(upload.file.sha256) && !toStore.has(upload.file.sha256)) toStore.set(upload.file.sha256, upload.file);
  }
  const now: Plan = { ...plan, preserve: [], uploads: plan.uploads.filter(inPlace), updates: [], deletes: [], storeDeletes: [], retained: [...plan.retained, ...plan.deletes.map((item) => item.name)] };
  return { now, staged, toStore: [...toStore.values()] };
}

/** A name that carries its content's hash is never served with other content: no cache can hold it stale. */
export function immutableByName(file: Pick<SiteFile, 'cacheControl'>): boolean {
  return /(^|[\s,])immutable($|[\s,])/i.test(file.cacheControl);
}

function differs(before: ReleaseFile, file: SiteFile): boolean {
  return before.sha256 !== file.sha256 || before.contentType !== file.contentType || before.cacheControl !== file.cacheControl;
}

/**
 * The keys (without the prefix) a CDN may serve stale once this run is done: every object this
 * run replaced, rewrote or deleted; every new object not immutable by name (CloudFront may hold
 * a cached 404 for a page's path); and, for the release that goes live, every file whose content
 * or headers differ from the release that was live before, or that it did not have. The last
 * part covers files an earlier `publish: assets` run already put in place.
 */
export function changedKeys(plan: Plan, goingLive: readonly SiteFile[], wasLive: Readonly<Record<string, ReleaseFile>> | undefined): string[] {
  const keys = new Set<string>();
  for (const upload of plan.uploads) if (upload.reason === 'changed' || !immutableByName(upload.file)) keys.add(upload.file.name);
  for (const update of plan.updates) keys.add(update.file.name);
  for (const item of plan.deletes) keys.add(item.name);
  for (const file of goingLive) {
    const before = wasLive?.[file.name];
    if (before ? differs(before, file) : !immutableByName(file)) keys.add(file.name);
  }
  return [...keys];
}
