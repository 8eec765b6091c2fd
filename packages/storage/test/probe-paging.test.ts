import type { S3Client } from '@aws-sdk/client-s3';
import { probeBucket } from '@tandem/storage';

// ListObjectVersions answers at most MaxKeys (1,000 by default) entries and says IsTruncated with
// NextKeyMarker/NextVersionIdMarker, as the S3 API reference documents. This script answers one
// entry a page, so a cleanup that reads only the first page leaves versions behind.
function versionedBucket(leftOver: number) {
  const versions = new Set(Array.from({ length: leftOver }, (_, n) => `old-${n}`));
  const listed: Array<Record<string, unknown>> = [];
  const s3 = {
    async send(command: { constructor: { name: string }; input: Record<string, string | undefined> }) {
      const { input } = command;
      switch (command.constructor.name) {
        case 'PutObjectCommand':
          versions.add('probe');
          return { VersionId: 'probe' };
        case 'GetObjectCommand':
          return { VersionId: 'probe', Body: { transformToString: async () => `verify-shared-storage probe run-1\n` } };
        case 'DeleteObjectCommand':
          versions.delete(input.VersionId as string);
          return {};
        case 'ListObjectVersionsCommand': {
          listed.push({ ...input });
          const all = [...versions].sort();
          const from = input.VersionIdMarker ? all.indexOf(input.VersionIdMarker) + 1 : 0;
          const page = all.slice(from, from + 1);
          const truncated = from + 1 < all.length;
          return {
            Versions: page.map((VersionId) => ({ Key: input.Prefix, VersionId })),
            IsTruncated: truncated,
            NextKeyMarker: truncated ? input.Prefix : undefined,
            NextVersionIdMarker: truncated ? page[0] : undefined,
          };
        }
        default:
          throw new Error(`unexpected ${command.constructor.name}`);
      }
    },
  };
  return { s3: s3 as unknown as S3Client, versions, listed };
}

test('the probe cleanup follows ListObjectVersions past its first page and leaves nothing behind', async () => {
  const bucket = versionedBucket(6);
  const check = await probeBucket(bucket.s3, { bucket: 'shop-media', prefix: 'probe/', id: 'run-1' });
  expect(check).toMatchObject({ id: 'media-probe', result: 'pass' });
  expect(bucket.versions.size).toBe(0);
  expect(bucket.listed.some((call) => call.VersionIdMarker !== undefined)).toBe(true);
});
