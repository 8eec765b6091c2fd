// Builds what a deploy would find in AWS (moto): an RDS instance, a media bucket, and task
// definitions of the shop's web container in the shapes the checks must tell apart.
import { ECSClient, RegisterTaskDefinitionCommand, type ContainerDefinition, type RegisterTaskDefinitionCommandInput, type Volume } from '@aws-sdk/client-ecs';
import { CreateDBInstanceCommand, CreateDBProxyCommand, DescribeDBInstancesCommand, RDSClient, RegisterDBProxyTargetsCommand } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { makeClient } from '@tandem/kit';
import { defaultSubnetIds } from '@tandem/standins/ecs-world';

const settings = { region: 'us-east-1', maxAttempts: 2 };
export const clients = {
  ecs: () => makeClient(ECSClient, settings, 'test'),
  rds: () => makeClient(RDSClient, settings, 'test'),
  route53: () => makeClient(Route53Client, settings, 'test'),
  s3: () => makeClient(S3Client, settings, 'test'),
};

export const DB_PASSWORD = 'Sup3r/s3cret@pw';

export interface World {
  endpoint: string;
  bucket: string;
  databaseUrl: string;
}

/** An encrypted Multi-AZ PostgreSQL with backups, and a versioned, non-public media bucket. */
export async function sharedWorld(): Promise<World> {
  await clients.rds().send(new CreateDBInstanceCommand({
    DBInstanceIdentifier: 'shop', Engine: 'postgres', DBInstanceClass: 'db.t3.micro', MasterUsername: 'shop', MasterUserPassword: 'password-1',
    AllocatedStorage: 20, MultiAZ: true, BackupRetentionPeriod: 7, StorageEncrypted: true,
  }));
  const described = await clients.rds().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop' }));
  const endpoint = described.DBInstances?.[0]?.Endpoint?.Address as string;
  const bucket = 'shop-media';
  await clients.s3().send(new CreateBucketCommand({ Bucket: bucket }));
  await clients.s3().send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await clients.s3().send(new PutPublicAccessBlockCommand({
    Bucket: bucket,
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  }));
  return { endpoint, bucket, databaseUrl: `postgres://shop:${encodeURIComponent(DB_PASSWORD)}@${endpoint}:5432/shop` };
}

export function webContainer(environment: Record<string, string>, extra: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return {
    name: 'web',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:abc123',
    essential: true,
    memory: 512,
    portMappings: [{ containerPort: 8000 }],
    environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
    ...extra,
  };
}

export function taskDefinition(container: ContainerDefinition, volumes: Volume[] = [], others: ContainerDefinition[] = []): RegisterTaskDefinitionCommandInput {
  return { family: 'shop-web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [container, ...others], volumes };
}

export async function register(input: RegisterTaskDefinitionCommandInput): Promise<string> {
  const registered = await clients.ecs().send(new RegisterTaskDefinitionCommand(input));
  return registered.taskDefinition?.taskDefinitionArn as string;
}

/** The production environment of the example shop, pointed at the world. */
export function shopEnvironment(world: World, overrides: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: world.databaseUrl, AWS_STORAGE_BUCKET_NAME: world.bucket, ALLOWED_HOSTS: 'shop.example.com', SECRET_KEY: 'plain-secret-key-for-tests', ...overrides };
}

/** RDS proxy shop-pool in two of the default VPC's subnets, in front of instance shop: its endpoint and subnets. */
export async function createShopProxy(): Promise<{ endpoint: string; subnets: string[] }> {
  const rds = clients.rds();
  const subnets = (await defaultSubnetIds()).slice(0, 2);
  const created = await rds.send(new CreateDBProxyCommand({
    DBProxyName: 'shop-pool', EngineFamily: 'POSTGRESQL', RoleArn: 'arn:aws:iam::123456789012:role/shop-proxy', VpcSubnetIds: subnets,
    Auth: [{ AuthScheme: 'SECRETS', SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db', IAMAuth: 'DISABLED' }],
  }));
  await rds.send(new RegisterDBProxyTargetsCommand({ DBProxyName: 'shop-pool', DBInstanceIdentifiers: ['shop'] }));
  return { endpoint: created.DBProxy?.Endpoint as string, subnets };
}
