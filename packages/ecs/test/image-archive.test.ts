import { answeringScript, scriptedClients } from '@tandem/standins/scripted-clients';
import type { Clients } from '../src/index.js';
import { checkImage } from '../src/index.js';

// ECR's archival storage class as the ECR API Reference and User Guide give it: DescribeImages
// lists ACTIVE images unless its filter asks for others (the Reference leaves open whether a
// look-up by imageIds is filtered too, so both answers are scripted here), an archived image is
// ARCHIVED with lastArchivedAt, UpdateImageStorageClass to STANDARD makes it ACTIVATING, and ECR
// restores it within 20 minutes.
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const IMAGE = `${REGISTRY}/shop@${digestOf(7)}`;
const archivedAt = new Date('2026-09-01T00:00:00Z');
const notFound = () => Object.assign(new Error("The image with imageId {imageDigest:'...'} does not exist"), { name: 'ImageNotFoundException' });

type Input = { imageIds?: Array<{ imageDigest?: string; imageTag?: string }>; filter?: { imageStatus?: string }; maxResults?: number; nextToken?: string; targetStorageClass?: string };

function ecr(answers: Record<string, (input: Input) => unknown>) {
  const { script, calls } = answeringScript<Input>(answers);
  return { clients: scriptedClients<Clients>(script), calls };
}

/** A repository of `count` ACTIVE images and image 7 in `status`, paged 1,000 at a time as DescribeImages pages. */
function repository(count: number, status: string) {
  const details = Array.from({ length: count }, (_, index) => ({ imageDigest: digestOf(index + 100), imageTags: [`v${index}`], imageStatus: 'ACTIVE' }));
  details.splice(count - 1, 0, { imageDigest: digestOf(7), imageTags: ['r7'], imageStatus: status, ...(status === 'ARCHIVED' ? { lastArchivedAt: archivedAt } : {}) } as never);
  return ({ imageIds, filter, maxResults = 100, nextToken }: Input) => {
    if (imageIds) throw notFound();
    const listed = details.filter((detail) => filter?.imageStatus === 'ANY' || detail.imageStatus === (filter?.imageStatus ?? 'ACTIVE'));
    const start = Number(nextToken ?? 0);
    const end = start + maxResults;
    return { imageDetails: listed.slice(start, end), ...(end < listed.length ? { nextToken: String(end) } : {}) };
  };
}

test.each([
  { how: 'listed by id with its status', status: 'ARCHIVED', byId: true, detail: /^archived in ECR repository shop since 2026-09-01T00:00:00.000Z: ECS cannot pull it until ECR has restored it$/ },
  { how: 'listed by id with its status', status: 'ACTIVATING', byId: true, detail: /^being restored from ECR's archive in shop: ECS cannot pull it/ },
  { how: 'not listed by id, found among 2,500 images of every status', status: 'ARCHIVED', byId: false, detail: /^archived in ECR repository shop since 2026-09-01/ },
  { how: 'not listed by id, found among 2,500 images of every status', status: 'ACTIVATING', byId: false, detail: /^being restored from ECR's archive in shop/ },
])('an image ECR holds $status, $how: found, archived, its platforms not read', async ({ status, byId, detail }) => {
  const scan = repository(2500, status);
  const { clients, calls } = ecr({
    DescribeImages: (input) => (byId && input.imageIds ? { imageDetails: [{ imageDigest: digestOf(7), imageStatus: status, ...(status === 'ARCHIVED' ? { lastArchivedAt: archivedAt } : {}) }] } : scan(input)),
  });
  const check = await checkImage(clients, IMAGE);
  expect(check).toMatchObject({ image: IMAGE, found: true, archived: { region: 'eu-west-1', registryId: '123456789012', repositoryName: 'shop', digest: digestOf(7), status } });
  expect(check.detail).toMatch(detail);
  expect(check.platforms).toBeUndefined();
  expect(calls.some((call) => call.command === 'BatchGetImage')).toBe(false);
  const scans = calls.filter((call) => !call.input.imageIds);
  // The scan asks for every status, 1,000 a page, and stops at the page that holds the image.
  expect(scans.map((call) => [call.input.filter?.imageStatus, call.input.maxResults])).toEqual(byId ? [] : [['ANY', 1000], ['ANY', 1000], ['ANY', 1000]]);
});

test('an image in no status at all is gone, as before: deleted or expired', async () => {
  const scan = repository(1500, 'ARCHIVED');
  const { clients } = ecr({ DescribeImages: (input) => (input.imageIds ? scan(input) : { imageDetails: scan(input).imageDetails.filter((one: { imageDigest?: string }) => one.imageDigest !== digestOf(7)) }) });
  const check = await checkImage(clients, IMAGE);
  expect(check).toMatchObject({ found: false, detail: 'ECR has no image sha256:0000000000000000000000000000000000000000000000000000000000000007 in shop (deleted, or expired by a lifecycle policy)' });
  expect(check.archived).toBeUndefined();
});
