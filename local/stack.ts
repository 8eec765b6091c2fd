// The local stand-ins for AWS and the shop's resources in them: what a team has on AWS before its
// first deploy (a bucket behind a CloudFront distribution, an ECS service behind a target group,
// an RDS database, a media bucket), made in moto, next to a real Docker Engine, a real registry
// standing in for ECR's, and a real PostgreSQL.
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';
import { createEcsWorld, type EcsWorld } from '@tandem/standins/ecs-world';
import { startMoto, type Moto, MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { startPostgres, type Postgres } from '@tandem/standins/postgres';

export interface LocalStack {
  moto: Moto;
  registry: Registry;
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

const clientSettings = (endpoint: string) => ({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

export async function startStack(say: (line: string) => void = () => {}): Promise<LocalStack> {
  say('Docker Engine');
  await ensureDocker();
  say('moto with the ECS rollout lifecycle');
  const moto = await startMoto({
    script: MOTO_ROLLOUTS,
    // A rollout takes 2 s here; an image whose repository name says "broken" fails its tasks.
    env: { MOTO_ROLLOUT_SECONDS: '2', MOTO_ROLLOUT_FAIL_IMAGE: 'broken' },
  });
  say('registry (stands in for ECR)');
  const registry = await startRegistry();
  say('PostgreSQL');
  const postgres = await startPostgres();
  say('Django base image (made once with debootstrap, then reused)');
  const baseImage = await ensureDjangoBaseImage();
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
  };
  return {
    moto,
    registry,
    postgres,
    baseImage,
    env,
    async stop() {
      await Promise.allSettled([moto.stop(), registry.stop(), postgres.stop()]);
    },
  };
}

export async function createShop(stack: LocalStack): Promise<Shop> {
  const settings = clientSettings(stack.moto.endpoint);
  const s3 = new S3Client({ ...settings, forcePathStyle: true });
  const bucket = 'shop-web';
  const mediaBucket = 'shop-media';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: mediaBucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: mediaBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const blockAll = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  for (const name of [bucket, mediaBucket]) await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: blockAll }));

  const cloudfront = new CloudFrontClient(settings);
  const origin = `${bucket}-origin`;
  const distribution = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `shop-${Date.now()}`,
        Comment: 'shop web',
        Enabled: true,
        DefaultRootObject: 'index.html',
        Origins: { Quantity: 1, Items: [{ Id: origin, DomainName: `${bucket}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
        DefaultCacheBehavior: { TargetOriginId: origin, ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
    }),
  );

  const rds = new RDSClient(settings);
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
  const databaseEndpoint = described.DBInstances?.[0]?.Endpoint?.Address ?? '';

  process.env.AWS_ENDPOINT_URL = stack.moto.endpoint;
  const ecs = await createEcsWorld({
    desiredCount: 3,
    circuitBreaker: { enable: true, rollback: true },
    environment: {
      DJANGO_SETTINGS_MODULE: 'shop.settings',
      DATABASE_URL: `postgres://shop@${databaseEndpoint}:5432/shop`,
      AWS_STORAGE_BUCKET_NAME: mediaBucket,
      ALLOWED_HOSTS: 'shop.example.com',
    },
    secrets: { SECRET_KEY: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/django-secret-key-AbCdEf' },
  });
  return {
    bucket,
    mediaBucket,
    distributionId: distribution.Distribution?.Id ?? '',
    repository: 'shop',
    ecs,
    databaseEndpoint,
    vars: {
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/shop-deploy',
      AWS_REGION: 'us-east-1',
      FRONTEND_BUCKET: bucket,
      DISTRIBUTION_ID: distribution.Distribution?.Id ?? '',
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
    'rolling-deploy-behind-elb': { 'poll-interval': '1s' },
    'invalidate-cdn': { 'wait-timeout': '2m' },
  };
}
