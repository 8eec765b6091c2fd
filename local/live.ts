// What the shop serves right now, read back from the stand-ins: the front end's live release and
// its entry page, the back end's task definition and image, the latest CloudFront invalidation.
import { CloudFrontClient, GetInvalidationCommand, ListInvalidationsCommand, type InvalidationSummary } from '@aws-sdk/client-cloudfront';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { LocalStack } from './stack.js';

/** An environment's front end and, in one region, its web service: staging's Shop, or production's bucket with one region's services. */
export interface LiveTarget {
  bucket: string;
  distributionId: string;
  ecs: { cluster: string; service: string };
}

export interface Live {
  frontendRelease?: string;
  /** The chunk index.html loads: a new build names a new one. */
  entryScript?: string;
  siteObjects: number;
  taskDefinition: string;
  image: string;
  backendRelease?: string;
  deployments: number;
  lastInvalidation?: { id: string; status: string; paths: string[] };
}

async function text(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    return await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
  } catch {
    return undefined;
  }
}

/**
 * The invalidation made last, by its CreateTime. The order of ListInvalidations is not one to rely
 * on: CloudFront lists the newest first, moto the oldest first, so the first item is not the latest.
 */
export function latestInvalidation(items: readonly InvalidationSummary[]): InvalidationSummary | undefined {
  let latest: InvalidationSummary | undefined;
  for (const item of items) {
    if (!latest || (item.CreateTime?.getTime() ?? 0) > (latest.CreateTime?.getTime() ?? 0)) latest = item;
  }
  return latest;
}

async function listInvalidations(cloudfront: CloudFrontClient, distributionId: string): Promise<InvalidationSummary[]> {
  const items: InvalidationSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId, Marker: marker }));
    items.push(...(page.InvalidationList?.Items ?? []));
    marker = page.InvalidationList?.IsTruncated ? page.InvalidationList.NextMarker : undefined;
  } while (marker);
  return items;
}

/** The distribution's latest invalidation and its paths, or undefined before the first. */
export async function readLastInvalidation(cloudfront: CloudFrontClient, distributionId: string): Promise<Live['lastInvalidation']> {
  const latest = latestInvalidation(await listInvalidations(cloudfront, distributionId));
  if (!latest?.Id) return undefined;
  const { Invalidation: detail } = await cloudfront.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: latest.Id }));
  return { id: latest.Id, status: detail?.Status ?? '', paths: detail?.InvalidationBatch?.Paths?.Items ?? [] };
}

export async function readLive(stack: LocalStack, shop: LiveTarget, region = 'us-east-1'): Promise<Live> {
  const settings = { region, endpoint: stack.moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...settings, forcePathStyle: true });
  const ecs = new ECSClient(settings);
  const cloudfront = new CloudFrontClient(settings);
  const pointer = await text(s3, shop.bucket, '_releases/current.json');
  const index = await text(s3, shop.bucket, 'index.html');
  let siteObjects = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: shop.bucket, ContinuationToken: token }));
    siteObjects += (page.Contents ?? []).filter((object) => !object.Key?.startsWith('_releases/')).length;
    token = page.NextContinuationToken;
  } while (token);
  const service = (await ecs.send(new DescribeServicesCommand({ cluster: shop.ecs.cluster, services: [shop.ecs.service] }))).services?.[0];
  const definition = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service?.taskDefinition, include: ['TAGS'] }));
  return {
    frontendRelease: pointer ? (JSON.parse(pointer) as { current?: string }).current : undefined,
    entryScript: index ? /src="\/?(assets\/[^"]+\.js)"/.exec(index)?.[1] : undefined,
    siteObjects,
    taskDefinition: (service?.taskDefinition ?? '').split('/').pop() ?? '',
    image: definition.taskDefinition?.containerDefinitions?.[0]?.image ?? '',
    backendRelease: definition.tags?.find((tag) => tag.key === 'tandem-deploy:release')?.value,
    deployments: service?.deployments?.length ?? 0,
    lastInvalidation: await readLastInvalidation(cloudfront, shop.distributionId),
  };
}
