import { GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { isWildcard, LIMITS } from './collapse.js';
import type { CloudFront } from './distribution.js';
import type { Room } from './plan.js';

export interface InFlight {
  invalidations: Array<{ id: string; files: number; wildcards: number }>;
  files: number;
  wildcards: number;
}

/** CloudFront answers `InProgress` and `Completed`; moto answers `COMPLETED`. */
export const isCompleted = (status: string | undefined) => (status ?? '').toLowerCase() === 'completed';

/**
 * The invalidations still in progress on a distribution and the paths they hold, which count
 * against CloudFront's in-flight limits. Every page is read (100 a page, Marker/NextMarker): the
 * API reference promises no order, and a short invalidation made later can finish before a long
 * one made earlier, so a page with nothing in progress says nothing of the pages after it.
 */
export async function readInFlight(client: CloudFront, distributionId: string): Promise<InFlight> {
  const inProgress: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const { InvalidationList: list } = await client.send(new ListInvalidationsCommand({ DistributionId: distributionId, Marker: marker, MaxItems: 100 }));
    inProgress.push(...(list?.Items ?? []).filter((item) => !isCompleted(item.Status)).map((item) => item.Id ?? '').filter(Boolean));
    if (!list?.IsTruncated) break;
    if (!list.NextMarker || list.NextMarker === marker) throw new Error(`ListInvalidations of ${distributionId} said there were more pages but gave no new NextMarker`);
    marker = list.NextMarker;
  }
  const invalidations = await Promise.all(
    inProgress.map(async (id) => {
      const { Invalidation: found } = await client.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: id }));
      const paths = isCompleted(found?.Status) ? [] : found?.InvalidationBatch?.Paths?.Items ?? [];
      return { id, files: paths.filter((path) => !isWildcard(path)).length, wildcards: paths.filter(isWildcard).length };
    }),
  );
  return {
    invalidations,
    files: invalidations.reduce((sum, item) => sum + item.files, 0),
    wildcards: invalidations.reduce((sum, item) => sum + item.wildcards, 0),
  };
}

export function roomLeft(inFlight: Pick<InFlight, 'files' | 'wildcards'>): Room {
  return {
    files: Math.max(0, LIMITS.filesInFlight - inFlight.files),
    wildcards: Math.max(0, LIMITS.wildcardsInFlight - inFlight.wildcards),
  };
}
