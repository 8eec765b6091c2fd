// Promotion's reads of the source and its writes here. The source is only read; this bucket gets
// R's content in its release store, copied server-side by hash, and R's manifest, so that the
// publication (now, or a later restore-release) is the one any staged release goes through.
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, formatBytes, formatDuration, isNamed, hasStatus, type Log } from '@tandem/kit';
import pLimit from 'p-limit';
import { copyObject, headObject, listObjects, putRecord, readText } from './bucket.js';
import { checkRecorded, decidePromotion, objectsToHead, promotedManifest, promotedRelease, siteUrl, type Promotion, type PromotionSource } from './promote.js';
import { parseManifest } from './manifest-read.js';
import { manifestText, parsePointer, releaseKeys, type ReleaseManifest, type ReleasePointer } from './releases.js';
import type { Site } from './state.js';

function parsed<T>(text: string | undefined, key: string, parse: (text: string) => T, what: string): T | undefined {
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (error) {
    throw new Error(`${key} is not a ${what} this action wrote (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Reads the source (its listing, its release store, its pointer, R's manifest, and HeadObject on
 * live files whose ETag R did not record) and decides where each file of R comes from, or
 * refuses. Nothing is written anywhere.
 */
export async function readPromotion(s3: S3Client, source: PromotionSource, wanted: string, concurrency: number): Promise<Promotion> {
  const reserved = (key: string) => key.startsWith(source.releases.prefix);
  const pointerKey = releaseKeys.pointer(source.releases);
  const [listed, storedObjects, pointerText] = await Promise.all([
    listObjects(s3, source.bucket, source.prefix, 'promote-from', reserved),
    listObjects(s3, source.bucket, releaseKeys.objectsPrefix(source.releases), 'promote-from'),
    readText(s3, source.bucket, pointerKey),
  ]);
  const pointer = parsed<ReleasePointer>(pointerText, pointerKey, parsePointer, 'release pointer');
  const stored = new Set(storedObjects.map((object) => object.name));
  const release = promotedRelease(wanted, source, pointer);
  const manifestKey = releaseKeys.manifest(source.releases, release);
  const manifest = parsed<ReleaseManifest>(await readText(s3, source.bucket, manifestKey), manifestKey, parseManifest, 'release manifest');
  const heads = new Map<string, string | undefined>();
  if (manifest) {
    const limit = pLimit(concurrency);
    await Promise.all(
      objectsToHead(manifest, listed, stored).map((name) =>
        limit(async () => heads.set(name, (await headObject(s3, source.bucket, source.prefix + name)).sha256)),
      ),
    );
  }
  return decidePromotion(release, source, { pointer, listed, stored, manifest, heads });
}

export interface PromotionStaged {
  manifestKey: string;
  copied: number;
  /** Hashes this bucket's release store held already. */
  present: number;
  bytes: number;
  ms: number;
}

/**
 * Copies what this bucket's release store lacks of R, server-side (cross-bucket, cross-region:
 * the request goes to this bucket's region), then writes R's manifest: a manifest here always
 * means every byte of R is here. Run under the deploy lock.
 */
export async function stagePromotion(
  s3: S3Client,
  site: Site,
  promotion: Promotion,
  options: { concurrency: number; log: Log; now: () => number; signal?: AbortSignal; assertHeld?: (before: string) => Promise<void> },
): Promise<PromotionStaged> {
  const started = options.now();
  const { releases } = site;
  const input = releases.bucket === site.bucket ? 'bucket' : 'releases-bucket';
  const manifestKey = releaseKeys.manifest(releases, promotion.release);
  const [storedObjects, recordedText] = await Promise.all([listObjects(s3, releases.bucket, releaseKeys.objectsPrefix(releases), input), readText(s3, releases.bucket, manifestKey)]);
  checkRecorded(promotion, parsed(recordedText, manifestKey, parseManifest, 'release manifest'), releases.bucket);
  const stored = new Set(storedObjects.map((object) => object.name));
  const copies = promotion.copies.filter((copy) => !stored.has(copy.sha256));
  const bytes = copies.reduce((sum, copy) => sum + copy.size, 0);
  options.log.info(`Promote release ${promotion.release} from ${siteUrl(promotion.from)} (${promotion.from.region}): ${copies.length} object(s) to copy server-side (${formatBytes(bytes)}), ${promotion.copies.length - copies.length} already in this bucket's release store`);
  const held = options.assertHeld ?? (async () => undefined);
  if (copies.length > 0) await held(`copying ${copies.length} object(s) of release ${promotion.release}`);
  const limit = pLimit(options.concurrency);
  await Promise.all(
    copies.map((copy) =>
      limit(async () => {
        options.signal?.throwIfAborted();
        const target = { fromBucket: promotion.from.bucket, fromKey: copy.fromKey, toBucket: releases.bucket, toKey: releaseKeys.object(releases, copy.sha256) };
        const headers = { contentType: 'application/octet-stream', cacheControl: 'no-store', sha256: copy.sha256 };
        try {
          await copyObject(s3, { ...target, headers, ifMatch: copy.ifMatch }, options.signal);
        } catch (error) {
          if (!isNamed(error, 'PreconditionFailed') && !hasStatus(error, 412)) throw error;
          throw new ConfigurationError(
            `s3://${promotion.from.bucket}/${copy.fromKey} changed while release ${promotion.release} was being promoted (a deploy to the source?): run the promotion again; nothing here went live`,
            'promote-from',
          );
        }
      }),
    ),
  );
  await held('writing the release record');
  await putRecord(s3, releases.bucket, manifestKey, manifestText(promotedManifest(promotion, site)));
  const ms = options.now() - started;
  options.log.info(`Copied ${copies.length} object(s) of release ${promotion.release} into s3://${releases.bucket}/${releaseKeys.objectsPrefix(releases)} in ${formatDuration(ms)} and wrote ${manifestKey}`);
  return { manifestKey, copied: copies.length, present: promotion.copies.length - copies.length, bytes, ms };
}
