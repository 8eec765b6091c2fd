import type { S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { headObject, listObjects, listWritten, readChunks, readText } from './bucket.js';
import { NotAManifest, parseManifest, parseManifestStream, SharedEntries } from './manifest-read.js';
import { addRecorded, describeFromRecords, type Recorded, type RecordedEntries, type RemoteObject, type SiteFile } from './plan.js';
import { parsePointer, releaseKeys, type ReleaseLayout, type ReleaseManifest, type ReleasePointer } from './releases.js';

/** Where the site lives and where its release record lives (the same bucket unless told). */
export interface Site {
  bucket: string;
  /** '' or ends with '/'. */
  prefix: string;
  releases: ReleaseLayout;
  tier: string;
}

export interface BucketState {
  pointer?: ReleasePointer;
  manifests: Array<{ release: string; writtenAt: number }>;
  /** Site objects, the release record left out. */
  listed: RemoteObject[];
  /** Hashes held in the release store. */
  stored: Set<string>;
}

/** The release record without the site's objects: two listings and one GET, small whatever the site's size. */
export type ReleaseRecord = Omit<BucketState, 'listed'>;

/** Every object of the site, the release record left out: a page per 1,000 objects, the longest read of a redeploy. */
export function listSite(s3: S3Client, site: Site): Promise<RemoteObject[]> {
  const reserved = (key: string) => site.releases.bucket === site.bucket && key.startsWith(site.releases.prefix);
  return listObjects(s3, site.bucket, site.prefix, 'bucket', reserved);
}

/** The pointer, the manifests' listing and the release store's. */
export async function readReleaseRecord(s3: S3Client, site: Site): Promise<ReleaseRecord> {
  const releasesInput = site.releases.bucket === site.bucket ? 'bucket' : 'releases-bucket';
  const manifestsPrefix = releaseKeys.manifestsPrefix(site.releases);
  const [manifestObjects, storedObjects, pointerText] = await Promise.all([
    listWritten(s3, site.releases.bucket, manifestsPrefix, releasesInput),
    listObjects(s3, site.releases.bucket, releaseKeys.objectsPrefix(site.releases), releasesInput),
    readText(s3, site.releases.bucket, releaseKeys.pointer(site.releases)),
  ]);
  const manifests = manifestObjects
    .filter((object) => object.name.endsWith('.json'))
    .map((object) => ({ release: object.name.slice(0, -'.json'.length), writtenAt: object.lastModified }));
  let pointer: ReleasePointer | undefined;
  if (pointerText !== undefined) {
    try {
      pointer = parsePointer(pointerText);
    } catch (error) {
      throw new Error(`${releaseKeys.pointer(site.releases)} is not a release pointer this action wrote (${(error as Error).message}): move it away or fix it`, { cause: error });
    }
  }
  return { pointer, manifests, stored: new Set(storedObjects.map((object) => object.name)) };
}

/**
 * Past this size a manifest is parsed as its bytes arrive (never its whole text); up to it, read
 * whole and parsed by JSON.parse (about three times faster), one at a time, so at most this much
 * text is held beside the records. 8 MiB is a release of about 24,000 files.
 */
export const WHOLE_MANIFEST_BYTES = 8 * 1024 * 1024;

/**
 * Reads manifests from their bodies, the files they have in common held once: whole (one at a
 * time) up to WHOLE_MANIFEST_BYTES, past it (or of no known size) as the bytes arrive.
 */
export function manifestReader(shared = new SharedEntries()): (body: { chunks: AsyncIterable<Uint8Array>; size?: number }) => Promise<ReleaseManifest> {
  const whole = pLimit(1);
  return async ({ chunks, size }) => {
    if (size === undefined || size > WHOLE_MANIFEST_BYTES) return parseManifestStream(chunks, shared);
    return whole(async () => {
      const parts: Uint8Array[] = [];
      for await (const chunk of chunks) parts.push(chunk);
      return parseManifest(Buffer.concat(parts).toString('utf8'), shared);
    });
  };
}

/** The manifests of the given releases, the files they have in common held once. */
export async function readManifests(s3: S3Client, site: Site, releases: readonly string[], concurrency: number, shared = new SharedEntries()): Promise<Map<string, ReleaseManifest>> {
  const limit = pLimit(concurrency);
  const found = new Map<string, ReleaseManifest>();
  const parse = manifestReader(shared);
  await Promise.all(
    releases.map((release) =>
      limit(async () => {
        const key = releaseKeys.manifest(site.releases, release);
        const body = await readChunks(s3, site.releases.bucket, key);
        if (body === undefined) return;
        try {
          found.set(release, await parse(body));
        } catch (error) {
          // A read that broke off is the read's error; only what was read can be no manifest.
          if (!(error instanceof NotAManifest)) throw error;
          throw new Error(`${key} is not a release manifest this action wrote (${error.message})`, { cause: error });
        }
      }),
    ),
  );
  return found;
}

/** Every (name, etag) pair the given releases recorded. */
export function recordedFiles(manifests: Iterable<ReleaseManifest>): Map<string, RecordedEntries> {
  const recorded = new Map<string, RecordedEntries>();
  for (const manifest of manifests) {
    // for...in: Object.entries would build a [name, file] pair per file of each manifest.
    for (const name in manifest.files) addRecorded(recorded, name, manifest.files[name]);
  }
  return recorded;
}

/** Completes the listing: from the records where they match, with HeadObject only for the rest. */
export async function describeRemote(
  s3: S3Client,
  site: Site,
  listed: readonly RemoteObject[],
  files: ReadonlyMap<string, SiteFile>,
  recorded: Recorded,
  concurrency: number,
): Promise<{ remote: RemoteObject[]; heads: number }> {
  const { objects, toHead } = describeFromRecords(listed, files, recorded);
  const wanted = new Set(toHead);
  const limit = pLimit(concurrency);
  // Only the objects to head become promises: Promise.all over every object wrapped each of
  // 100,000 in a promise of its own, and built a second array of them all.
  const heads: Array<Promise<void>> = [];
  objects.forEach((object, at) => {
    if (!wanted.has(object.name)) return;
    heads.push(
      limit(async () => {
        const head = await headObject(s3, site.bucket, site.prefix + object.name);
        objects[at] = { ...object, sha256: head.sha256, contentType: head.contentType, cacheControl: head.cacheControl, described: true };
      }),
    );
  });
  await Promise.all(heads);
  return { remote: objects, heads: toHead.length };
}
