import { createHash } from 'node:crypto';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  ListImagesCommand,
  PutImageCommand,
  UpdateImageStorageClassCommand,
  type ImageStatusFilter,
} from '@aws-sdk/client-ecr';
import { useMoto } from '@tandem/standins/use-moto';

// ECR's archival storage class in moto as the ECR User Guide and API Reference give it
// (moto-ecr-archive.py): ARCHIVE and back to STANDARD through ACTIVATING (2 s here, up to 20
// minutes on AWS), DescribeImages and ListImages filtered to ACTIVE unless asked and paged 1 to
// 1,000 a page, no manifest pulled from an image that is not ACTIVE, and a push that restores.
const moto = useMoto();
const REPOSITORY = 'shop';
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

const ecr = () => new ECRClient({ region: 'us-east-1', endpoint: moto.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

const manifestOf = (n: number) =>
  JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_TYPE, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${String(n % 10).repeat(64)}`, size: 10 + n }, layers: [] });

/** Pushes images v0..v(count-1) (each its own manifest) and returns their digests. */
async function push(count: number): Promise<string[]> {
  await ecr().send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
  const digests = [];
  for (let n = 0; n < count; n++) {
    const manifest = manifestOf(n);
    const imageDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    await ecr().send(new PutImageCommand({ repositoryName: REPOSITORY, imageManifest: manifest, imageManifestMediaType: MANIFEST_TYPE, imageTag: `v${n}`, imageDigest }));
    digests.push(imageDigest);
  }
  return digests;
}

const archive = (imageTag: string) => ecr().send(new UpdateImageStorageClassCommand({ repositoryName: REPOSITORY, imageId: { imageTag }, targetStorageClass: 'ARCHIVE' }));
const restore = (imageDigest: string) => ecr().send(new UpdateImageStorageClassCommand({ repositoryName: REPOSITORY, imageId: { imageDigest }, targetStorageClass: 'STANDARD' }));

/** Every page of DescribeImages with `imageStatus` (none: the default), and the pages' sizes. */
async function describeAll(imageStatus?: ImageStatusFilter, maxResults?: number) {
  const tags: string[] = [];
  const pages: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, nextToken, maxResults, ...(imageStatus ? { filter: { imageStatus } } : {}) }));
    pages.push(page.imageDetails?.length ?? 0);
    tags.push(...(page.imageDetails ?? []).flatMap((detail) => detail.imageTags ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return { tags, pages };
}

test('an archived image leaves the default listings, stays in ANY and ARCHIVED, and is not pulled', async () => {
  const digests = await push(3);
  const archived = await archive('v1');
  expect(archived).toMatchObject({ repositoryName: REPOSITORY, imageId: { imageDigest: digests[1], imageTag: 'v1' }, imageStatus: 'ARCHIVED' });
  expect((await describeAll()).tags).toEqual(['v0', 'v2']);
  expect((await describeAll('ANY')).tags).toEqual(['v0', 'v1', 'v2']);
  expect((await describeAll('ARCHIVED')).tags).toEqual(['v1']);
  expect((await ecr().send(new ListImagesCommand({ repositoryName: REPOSITORY }))).imageIds?.map((id) => id.imageTag)).toEqual(['v0', 'v2']);
  expect((await ecr().send(new ListImagesCommand({ repositoryName: REPOSITORY, filter: { imageStatus: 'ARCHIVED' } }))).imageIds).toEqual([{ imageDigest: digests[1], imageTag: 'v1' }]);

  // By id: ImageNotFoundException unless the filter asks for its status; then with lastArchivedAt.
  await expect(ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: 'v1' }] }))).rejects.toMatchObject({ name: 'ImageNotFoundException' });
  const [detail] = (await ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: 'v1' }], filter: { imageStatus: 'ANY' } }))).imageDetails!;
  expect(detail).toMatchObject({ imageDigest: digests[1], imageStatus: 'ARCHIVED', lastArchivedAt: expect.any(Date) });

  const pulled = await ecr().send(new BatchGetImageCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digests[1] }, { imageDigest: digests[0] }] }));
  expect(pulled.images?.map((image) => image.imageId?.imageDigest)).toEqual([digests[0]]);
  expect(pulled.failures).toEqual([{ imageId: { imageDigest: digests[1] }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }]);
  await expect(archive('v1')).rejects.toMatchObject({ name: 'ImageStorageClassUpdateNotSupportedException' });
});

test('a restore goes through ACTIVATING to ACTIVE after its time, with lastActivatedAt', async () => {
  const digests = await push(2);
  await archive('v0');
  await expect(restore(digests[1])).rejects.toMatchObject({ name: 'ImageStorageClassUpdateNotSupportedException' });
  expect(await restore(digests[0])).toMatchObject({ imageStatus: 'ACTIVATING' });
  expect(await restore(digests[0])).toMatchObject({ imageStatus: 'ACTIVATING' });
  expect((await describeAll('ACTIVATING')).tags).toEqual(['v0']);
  await expect(ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digests[0] }] }))).rejects.toMatchObject({ name: 'ImageNotFoundException' });
  const pulled = await ecr().send(new BatchGetImageCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digests[0] }] }));
  expect(pulled.images).toEqual([]);

  await new Promise((resolve) => setTimeout(resolve, 2_100));
  const [detail] = (await ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digests[0] }] }))).imageDetails!;
  expect(detail).toMatchObject({ imageStatus: 'ACTIVE', lastArchivedAt: expect.any(Date), lastActivatedAt: expect.any(Date) });
  expect((await ecr().send(new BatchGetImageCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digests[0] }] }))).images).toHaveLength(1);
});

test('a push of an archived image restores it at once', async () => {
  const digests = await push(1);
  await archive('v0');
  await ecr().send(new PutImageCommand({ repositoryName: REPOSITORY, imageManifest: manifestOf(0), imageManifestMediaType: MANIFEST_TYPE, imageTag: 'again', imageDigest: digests[0] }));
  const [detail] = (await ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digests[0] }] }))).imageDetails!;
  expect(detail).toMatchObject({ imageStatus: 'ACTIVE', imageTags: ['v0', 'again'] });
});

test('DescribeImages pages 100 by default and up to 1,000, and refuses a maxResults outside 1-1000', async () => {
  await push(120);
  await archive('v10');
  expect((await describeAll()).pages).toEqual([100, 19]);
  expect((await describeAll('ANY', 1000)).pages).toEqual([120]);
  expect((await describeAll('ANY', 50)).pages).toEqual([50, 50, 20]);
  expect(new Set((await describeAll('ANY', 30)).tags).size).toBe(120);
  await expect(ecr().send(new DescribeImagesCommand({ repositoryName: REPOSITORY, maxResults: 1001 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
});
