// The committed template, created by moto's CloudFormation: the VPC, ALB, Fargate service,
// RDS, buckets, repository and the deploy role with its policies reach CREATE_COMPLETE, and the
// resources are there, as far as moto applies the template, through each service's own API.
import type { Stack } from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { useMoto } from '@tandem/standins/use-moto';
import { createStack, motoSettings, outputsOf, STACK } from './moto-stack.js';

const region = 'us-east-1';
let stack: Stack;
const settings = () => motoSettings(moto);

const moto = useMoto({ endpoint: false, reset: 'file' });
beforeAll(async () => {
  stack = await createStack(moto);
}, 120_000);


test('the stack reaches CREATE_COMPLETE', () => {
  expect([stack.StackStatus, stack.StackStatusReason]).toEqual(['CREATE_COMPLETE', undefined]);
});

test('its outputs are the workflow variables, naming what was made', async () => {
  const outputs = outputsOf(stack);
  expect(outputs).toMatchObject({ FRONTENDBUCKET: 'shop-production-site', ECRREPOSITORY: 'shop-production', ECSCLUSTER: 'shop-production', ECSSERVICE: 'web', DEPLOYLOCKBUCKET: 'shop-production-deploy-locks', AWSREGION: region });
  expect(outputs.AWSROLEARN).toMatch(/^arn:aws:iam::\d{12}:role\/shop-production-deploy$/);
  expect(outputs.DISTRIBUTIONID).toMatch(/^[A-Z0-9]+$/);
});

test('the web service runs in the cluster, behind a target group with the health path', async () => {
  const ecs = new ECSClient(settings());
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: STACK, services: ['web'] }));
  // moto's CloudFormation drops LaunchType (the service reads EC2); stack.test.ts checks FARGATE in the template.
  expect(services?.[0]).toMatchObject({ serviceName: 'web', status: 'ACTIVE' });
  expect(services?.[0].taskDefinition).toMatch(/task-definition\/shop-production-web:1$/);
  const elb = new ElasticLoadBalancingV2Client(settings());
  const { TargetGroups } = await elb.send(new DescribeTargetGroupsCommand({}));
  expect(TargetGroups?.map((group) => [group.HealthCheckPath, group.Port, group.TargetType])).toEqual([['/healthz', 8000, 'ip']]);
});

test('the repository, the buckets and the database carry what moto applies of the template', async () => {
  const ecr = new ECRClient(settings());
  const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [STACK] }));
  // moto's CloudFormation drops ImageScanningConfiguration and LifecyclePolicy; stack.test.ts
  // checks both in the template.
  expect(repositories?.[0]).toMatchObject({ imageTagMutability: 'IMMUTABLE' });
  // moto's CloudFormation applies only a bucket's name, encryption and tags; versioning, Block
  // Public Access, CORS and the policies are checked in the template by stack.test.ts.
  const s3 = new S3Client({ ...settings(), forcePathStyle: true });
  for (const bucket of ['shop-production-site', 'shop-production-media', 'shop-production-deploy-locks']) {
    const { ServerSideEncryptionConfiguration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
  }
  const rds = new RDSClient(settings());
  const { DBInstances } = await rds.send(new DescribeDBInstancesCommand({}));
  expect(DBInstances?.map((db) => [db.Engine, db.StorageEncrypted, db.MultiAZ, db.BackupRetentionPeriod])).toEqual([['postgres', true, true, 7]]);
});

test('the deploy role exists with one policy per action attached', async () => {
  const iam = new IAMClient(settings());
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'shop-production-deploy' }));
  expect(JSON.stringify(Role?.AssumeRolePolicyDocument && decodeURIComponent(Role.AssumeRolePolicyDocument))).toContain('repo:example/shop:environment:production');
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'shop-production-deploy' }));
  expect(AttachedPolicies).toHaveLength(5);
});
