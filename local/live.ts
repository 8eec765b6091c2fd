// What the shop serves right now, read back from the stand-ins: the front end's live release and
// its entry page, the back end's task definition and image, the latest CloudFront invalidation.
import { CloudFrontClient, GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { LocalStack, Shop } from './stack.js';

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

export async function readLive(stack: LocalStack, shop: Shop): Promise<Live> {
  const settings = { region: 'us-east-1', endpoint: stack.moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
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
  const invalidations = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: shop.distributionId }));
  const latest = invalidations.InvalidationList?.Items?.[0];
  const detail = latest?.Id ? await cloudfront.send(new GetInvalidationCommand({ DistributionId: shop.distributionId, Id: latest.Id })) : undefined;
  return {
    frontendRelease: pointer ? (JSON.parse(pointer) as { current?: string }).current : undefined,
    entryScript: index ? /src="\/?(assets\/[^"]+\.js)"/.exec(index)?.[1] : undefined,
    siteObjects,
    taskDefinition: (service?.taskDefinition ?? '').split('/').pop() ?? '',
    image: definition.taskDefinition?.containerDefinitions?.[0]?.image ?? '',
    backendRelease: definition.tags?.find((tag) => tag.key === 'tandem-deploy:release')?.value,
    deployments: service?.deployments?.length ?? 0,
    lastInvalidation: detail?.Invalidation
      ? { id: detail.Invalidation.Id ?? '', status: detail.Invalidation.Status ?? '', paths: detail.Invalidation.InvalidationBatch?.Paths?.Items ?? [] }
      : undefined,
  };
}
