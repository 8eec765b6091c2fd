// The local stand-ins for AWS and the shop's resources in them: what a team has on AWS before its
// first deploy (a bucket behind a CloudFront distribution, an ECS service behind a target group,
// an RDS database, a media bucket), made in moto, next to a real Docker Engine, a real registry
// standing in for ECR's, and a real PostgreSQL. Two environments: staging (createShop) in
// us-east-1, and production (createProduction) with its front end in eu-west-1 and its back end
// in eu-west-1 and us-west-2 of the same moto server, each region with its own registry.
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';
import { createEcsWorld, type EcsWorld } from '@tandem/standins/ecs-world';
import { startMoto, type Moto, MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { startPostgres, type Postgres } from '@tandem/standins/postgres';

export const STAGING_REGION = 'us-east-1';
export const PRODUCTION_REGIONS = ['eu-west-1', 'us-west-2'];

export interface LocalStack {
  moto: Moto;
  /** Staging's registry. */
  registry: Registry;
  /** Each production region's registry, standing in for that region's ECR registry. */
  regionRegistries: Record<string, Registry>;
  /** A registry whose images fail their tasks in the rollout launcher: a region given it fails its rollout. */
  failingRegistry: Registry;
  postgres: Postgres;
  baseImage: string;
  /** What every step gets in its environment: the stand-ins' endpoints and dummy credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface Shop {
  bucket: string;
  mediaBucket: string;
  distributionId: string;
  repository: string;
  ecs: EcsWorld;
  databaseEndpoint: string;
  /** The repository variables deploy.yml and rollback.yml read. */
  vars: Record<string, string>;
}

const clientSettings = (endpoint: string, region = STAGING_REGION) => ({ region, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** A private bucket in its region; a media bucket is versioned as well. */
export async function createBucket(endpoint: string, name: string, region: string, versioned = false): Promise<void> {
  const s3 = new S3Client({ ...clientSettings(endpoint, region), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: name, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
  if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: BLOCK_ALL }));
}

/** A CloudFront distribution in front of a site bucket; returns its id. */
export async function createDistribution(endpoint: string, bucket: string, region: string, comment: string): Promise<string> {
  const cloudfront = new CloudFrontClient(clientSettings(endpoint));
  const origin = `${bucket}-origin`;
  const distribution = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `${bucket}-${Date.now()}`,
        Comment: comment,
        Enabled: true,
        DefaultRootObject: 'index.html',
        Origins: { Quantity: 1, Items: [{ Id: origin, DomainName: `${bucket}.s3.${region}.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
        DefaultCacheBehavior: { TargetOriginId: origin, ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
    }),
  );
  return distribution.Distribution?.Id ?? '';
}

/** The shop's RDS PostgreSQL instance in a region; returns its endpoint. */
export async function createDatabase(endpoint: string, region: string): Promise<string> {
  const rds = new RDSClient(clientSettings(endpoint, region));
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'shop',
      Engine: 'postgres',
      DBInstanceClass: 'db.t4g.micro',
      MasterUsername: 'shop',
      MasterUserPassword: 'local-demo-password',
      AllocatedStorage: 20,
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      StorageEncrypted: true,
    }),
  );
  const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop' }));
  return described.DBInstances?.[0]?.Endpoint?.Address ?? '';
}

/** The web and worker services behind a target group in a region, with the container's environment pointing at that region's database and media. */
export function createServices(endpoint: string, region: string, databaseEndpoint: string, mediaBucket: string): Promise<EcsWorld> {
  process.env.AWS_ENDPOINT_URL = endpoint;
  return createEcsWorld({
    region,
    desiredCount: 3,
    circuitBreaker: { enable: true, rollback: true },
    environment: {
      DJANGO_SETTINGS_MODULE: 'shop.settings',
      DATABASE_URL: `postgres://shop@${databaseEndpoint}:5432/shop`,
      AWS_STORAGE_BUCKET_NAME: mediaBucket,
      ALLOWED_HOSTS: 'shop.example.com',
    },
    secrets: { SECRET_KEY: `arn:aws:secretsmanager:${region}:123456789012:secret:shop/django-secret-key-AbCdEf` },
  });
}

export async function startStack(say: (line: string) => void = () => {}): Promise<LocalStack> {
  say('Docker Engine');
  await ensureDocker();
  say('Django base image (made once with debootstrap, then reused)');
  const baseImage = await ensureDjangoBaseImage();
  say('registries (stand in for ECR: staging, each production region, one whose images fail), PostgreSQL and moto');
  // Started side by side (each start is mostly waiting for a process to answer); if one fails,
  // every other is stopped once it has started, and the first failure is thrown.
  const inFlight: Array<Promise<unknown>> = [];
  const started: Array<{ stop(): Promise<void> }> = [];
  const start = <T extends { stop(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
    const one = starting.then((standIn) => (started.push(standIn), standIn));
    one.catch(() => {});
    inFlight.push(one);
    return one;
  };
  try {
    // Each holds the base image's layer from the start, as ECR does after a first push: the shop's
    // pushes and copies upload only their own layers (see registry-seed.ts).
    const holding = (repositories: string[]) => ({ holding: { image: baseImage, repositories } });
    const postgresStarting = start(startPostgres());
    const [registry, failingRegistry, ...regionList] = await Promise.all([
      start(startRegistry(holding(['shop', 'shop-broken']))),
      start(startRegistry(holding(['shop']))),
      ...PRODUCTION_REGIONS.map(() => start(startRegistry(holding(['shop'])))),
    ]);
    const regionRegistries = Object.fromEntries(PRODUCTION_REGIONS.map((region, index) => [region, regionList[index]] as const));
    // moto with the ECS rollout lifecycle: a rollout takes 1 s here, polled every 500 ms
    // (localOverrides); an image whose repository name says "broken", or that comes from the
    // failing registry, fails its tasks.
    const moto = await start(
      startMoto({
        script: MOTO_ROLLOUTS,
        env: { MOTO_ROLLOUT_SECONDS: '1', MOTO_ROLLOUT_FAIL_IMAGE: `broken|^${failingRegistry.address.replaceAll('.', '\\.')}/` },
      }),
    );
    const postgres = await postgresStarting;
    return stackOf({ moto, registry, regionRegistries, failingRegistry, postgres, baseImage });
  } catch (error) {
    await Promise.allSettled(inFlight);
    await Promise.allSettled(started.map((one) => one.stop()));
    throw error;
  }
}

function stackOf(parts: Omit<LocalStack, 'env' | 'stop'>): LocalStack {
  const { moto, registry, regionRegistries, failingRegistry, postgres } = parts;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
  };
  return {
    ...parts,
    env,
    async stop() {
      await Promise.allSettled([moto.stop(), registry.stop(), failingRegistry.stop(), ...Object.values(regionRegistries).map((one) => one.stop()), postgres.stop()]);
    },
  };
}

export async function createShop(stack: LocalStack): Promise<Shop> {
  const endpoint = stack.moto.endpoint;
  const bucket = 'shop-web';
  const mediaBucket = 'shop-media';
  await createBucket(endpoint, bucket, STAGING_REGION);
  await createBucket(endpoint, mediaBucket, STAGING_REGION, true);
  const distributionId = await createDistribution(endpoint, bucket, STAGING_REGION, 'shop web');
  const databaseEndpoint = await createDatabase(endpoint, STAGING_REGION);
  const ecs = await createServices(endpoint, STAGING_REGION, databaseEndpoint, mediaBucket);
  return {
    bucket,
    mediaBucket,
    distributionId,
    repository: 'shop',
    ecs,
    databaseEndpoint,
    vars: {
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/shop-deploy',
      AWS_REGION: STAGING_REGION,
      FRONTEND_BUCKET: bucket,
      DISTRIBUTION_ID: distributionId,
      ECR_REPOSITORY: 'shop',
      ECS_CLUSTER: ecs.cluster,
      ECS_SERVICE: ecs.service,
    },
  };
}

/** Inputs that differ on this machine, and only these: the registry address and the local Django base. */
export function localOverrides(stack: LocalStack): Record<string, Record<string, string>> {
  return {
    'build-push-django-image': {
      registry: stack.registry.address,
      'build-args': `BASE_IMAGE=${stack.baseImage}\nINSTALL_REQUIREMENTS=false`,
    },
    'rolling-deploy-behind-elb': { 'poll-interval': '500ms' },
    'invalidate-cdn': { 'wait-timeout': '2m' },
  };
}
