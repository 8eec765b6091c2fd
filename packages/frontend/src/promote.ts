// Promotion: release R, served in another environment's bucket, taken to this one with no build.
// The decisions here are pure, from what the source's listing, pointer and R's manifest say:
// which release `current` means, whether R ever served there, and where each of its files is
// to be copied from (the source's release store by hash, else its live object, checked).
import { ConfigurationError } from '@tandem/kit';
import type { RemoteObject } from './plan.js';
import { releaseKeys, type PromotedFrom, type ReleaseLayout, type ReleaseManifest, type ReleasePointer } from './releases.js';

/** The source environment's site and its release record (under its prefix, in its bucket). */
export interface PromotionSource {
  bucket: string;
  prefix: string;
  region: string;
  releases: ReleaseLayout;
}

/** What was read of the source, nothing written. */
export interface SourceState {
  pointer?: ReleasePointer;
  /** Site objects, the release record left out. */
  listed: readonly RemoteObject[];
  /** Hashes held in the source's release store. */
  stored: ReadonlySet<string>;
  manifest?: ReleaseManifest;
  /** The sha256 metadata HeadObject found on live objects whose ETag the manifest did not record. */
  heads: ReadonlyMap<string, string | undefined>;
}

/** One server-side copy into this bucket's release store: one per content hash. */
export interface PromotionCopy {
  sha256: string;
  /** A file of R with this content, for messages. */
  name: string;
  size: number;
  fromKey: string;
  /** Set when copying a live object: the copy fails rather than take content replaced since it was checked. */
  ifMatch?: string;
}

export interface Promotion {
  release: string;
  from: PromotedFrom;
  manifest: ReleaseManifest;
  copies: PromotionCopy[];
}

export const siteUrl = (source: Pick<PromotionSource, 'bucket' | 'prefix'>) => `s3://${source.bucket}/${source.prefix}`;

/** `current` means what serves in the source now. */
export function promotedRelease(wanted: string, source: PromotionSource, pointer: ReleasePointer | undefined): string {
  if (wanted !== 'current') return wanted;
  if (!pointer) {
    throw new ConfigurationError(`nothing serves in ${siteUrl(source)}: it has no release pointer (${releaseKeys.pointer(source.releases)}), so 'current' names no release`, 'promote-from');
  }
  return pointer.current;
}

/** Refuses a release the source's pointer never named: staged there, or never there at all. */
export function checkServed(release: string, source: PromotionSource, pointer: ReleasePointer | undefined): void {
  const history = pointer?.history ?? [];
  if (history.some((entry) => entry.release === release)) return;
  const recent = [...new Set(history.map((entry) => entry.release))].slice(-10);
  throw new ConfigurationError(
    `release '${release}' never served in ${siteUrl(source)}: its release history is ${recent.join(', ') || 'empty'}. Only a release that went live there can be promoted`,
    'release-id',
  );
}

/** The live objects whose content only HeadObject can settle: the right size, an ETag R did not record, no stored copy. */
export function objectsToHead(manifest: ReleaseManifest, listed: readonly RemoteObject[], stored: ReadonlySet<string>): string[] {
  const byName = new Map(listed.map((object) => [object.name, object]));
  return Object.entries(manifest.files)
    .filter(([name, file]) => {
      const object = byName.get(name);
      return !stored.has(file.sha256) && object !== undefined && object.size === file.size && object.etag !== file.etag;
    })
    .map(([name]) => name);
}

/**
 * Where each of R's files is copied from, or the refusal naming the bucket, the release and the
 * first files gone. A stored copy is taken by hash; a live object only when it still holds R's
 * content (the ETag R recorded, or the hash HeadObject read), and then with If-Match.
 */
export function decidePromotion(wanted: string, source: PromotionSource, state: SourceState): Promotion {
  const release = promotedRelease(wanted, source, state.pointer);
  checkServed(release, source, state.pointer);
  const { manifest } = state;
  if (!manifest) {
    throw new ConfigurationError(`release '${release}' cannot be promoted from ${siteUrl(source)}: its manifest (${releaseKeys.manifest(source.releases, release)}) is gone`, 'promote-from');
  }
  const byName = new Map(state.listed.map((object) => [object.name, object]));
  // Content is what is copied: a file whose own name was overwritten still comes from another name holding the same bytes.
  const copies = new Map<string, PromotionCopy>();
  for (const [name, file] of Object.entries(manifest.files)) {
    if (copies.has(file.sha256)) continue;
    if (state.stored.has(file.sha256)) {
      copies.set(file.sha256, { sha256: file.sha256, name, size: file.size, fromKey: releaseKeys.object(source.releases, file.sha256) });
      continue;
    }
    const object = byName.get(name);
    const same = object !== undefined && object.size === file.size && (object.etag === file.etag || state.heads.get(name) === file.sha256);
    if (object && same) copies.set(file.sha256, { sha256: file.sha256, name, size: file.size, fromKey: source.prefix + name, ifMatch: object.etag });
  }
  const missing = Object.entries(manifest.files)
    .filter(([, file]) => !copies.has(file.sha256))
    .map(([name]) => name);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ');
    throw new ConfigurationError(
      `release '${release}' cannot be promoted from ${siteUrl(source)}: ${missing.length} of its file(s) are gone there, neither live nor in its release store (${shown}${missing.length > 10 ? ', …' : ''}). ` +
        'They were pruned or replaced since it served: deploy that commit to the source again, then promote it',
      'promote-from',
    );
  }
  return { release, from: { bucket: source.bucket, prefix: source.prefix, region: source.region, release }, manifest, copies: [...copies.values()] };
}

/**
 * R's manifest as this bucket records it: the source's files and headers, this site's bucket and
 * prefix, where it came from. ETags are left out: they are the source's objects', and this
 * bucket's are learnt when the release goes live.
 */
export function promotedManifest(promotion: Promotion, site: { bucket: string; prefix: string; tier: string }): ReleaseManifest {
  const files = Object.create(null) as ReleaseManifest['files'];
  for (const [name, file] of Object.entries(promotion.manifest.files)) files[name] = { ...file, etag: '' };
  return { ...promotion.manifest, tier: site.tier, bucket: site.bucket, prefix: site.prefix, files, promotedFrom: promotion.from };
}

/**
 * Refuses to overwrite this bucket's own record of R with other content: the same id with other
 * files is another build, and the record must keep saying what this bucket served.
 */
export function checkRecorded(promotion: Promotion, recorded: ReleaseManifest | undefined, bucket: string): void {
  if (!recorded) return;
  const theirs = promotion.manifest.files;
  const differs = [...new Set([...Object.keys(theirs), ...Object.keys(recorded.files)])].filter((name) => theirs[name]?.sha256 !== recorded.files[name]?.sha256);
  if (differs.length === 0) return;
  throw new ConfigurationError(
    `release '${promotion.release}' is recorded in s3://${bucket} with other content than in ${siteUrl(promotion.from)} (${differs.slice(0, 5).join(', ')} differ): it was built twice; promote another release id or remove this bucket's record of it`,
    'release-id',
  );
}

/** The pointer's new entry for a promoted release says where it came from, as its manifest does. */
export function recordPromotion(pointer: ReleasePointer, publishedAt: string, from: PromotedFrom | undefined): ReleasePointer {
  const last = pointer.history[pointer.history.length - 1];
  if (!from || !last || last.release !== pointer.current || last.publishedAt !== publishedAt) return pointer;
  return { ...pointer, history: [...pointer.history.slice(0, -1), { ...last, promotedFrom: from }] };
}
