// The committed template, created by moto's CloudFormation: the VPC, ALB, Fargate service,
// RDS, buckets, repository and the deploy role with its policies reach CREATE_COMPLETE, and the
// resources are there, as the template describes them, through each service's own API.
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateOpenIDConnectProviderCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INFRA_ROOT } from '../src/app.js';
import { startMoto, type Moto } from '../../test/support/moto.js';
import { unmodelled, withoutUnmodelled, type Made, type Template } from './unmodelled.js';

const STACK = 'shop-production';
const region = 'us-east-1';
let moto: Moto;
let stack: Stack;
let template: Template;
const settings = () => ({ region, endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

/** Makes, through their own APIs, the resources moto's CloudFormation leaves out. */
async function makeUnmodelled(): Promise<Made> {
  const made: Made = {};
  const props = (id: string) => template.Resources[id].Properties as Record<string, unknown>;
  const byType = (type: string) => unmodelled(template).filter(([, resource]) => resource.Type === type).map(([id]) => id);
  const siteBucket = String(props(Object.entries(template.Resources).find(([id]) => id.startsWith('SiteBucket') && template.Resources[id].Type === 'AWS::S3::Bucket')![0]).BucketName);
  const cloudfront = new CloudFrontClient(settings());
  for (const id of byType('AWS::CloudFront::Distribution')) {
    const config = props(id).DistributionConfig as { Comment: string; DefaultRootObject: string; Origins: Array<{ Id: string }>; DefaultCacheBehavior: { CachePolicyId: string } };
    const origin = config.Origins[0].Id;
    const { Distribution } = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: id,
          Comment: config.Comment,
          Enabled: true,
          DefaultRootObject: config.DefaultRootObject,
          Origins: { Quantity: 1, Items: [{ Id: origin, DomainName: `${siteBucket}.s3.${region}.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
          DefaultCacheBehavior: { TargetOriginId: origin, ViewerProtocolPolicy: 'redirect-to-https', Compress: true, CachePolicyId: config.DefaultCacheBehavior.CachePolicyId },
        },
      }),
    );
    made[id] = { Ref: Distribution!.Id!, Id: Distribution!.Id!, DomainName: Distribution!.DomainName! };
  }
  const iam = new IAMClient(settings());
  for (const id of byType('AWS::IAM::OIDCProvider')) {
    const p = props(id) as { Url: string; ClientIdList: string[]; ThumbprintList: string[] };
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: p.Url, ClientIDList: p.ClientIdList, ThumbprintList: p.ThumbprintList }));
    made[id] = { Ref: created.OpenIDConnectProviderArn!, Arn: created.OpenIDConnectProviderArn! };
  }
  const secrets = new SecretsManagerClient(settings());
  for (const id of byType('AWS::SecretsManager::Secret')) {
    const name = typeof props(id).Name === 'string' ? String(props(id).Name) : `${STACK}/${id}`;
    const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: randomBytes(16).toString('hex') }));
    made[id] = { Ref: created.ARN!, Id: created.ARN! };
  }
  // An attachment's Ref is its secret's ARN.
  for (const id of byType('AWS::SecretsManager::SecretTargetAttachment')) {
    const secret = (props(id).SecretId as { Ref: string }).Ref;
    made[id] = { Ref: made[secret].Ref };
  }
  return made;
}

beforeAll(async () => {
  moto = await startMoto();
  template = JSON.parse(readFileSync(join(INFRA_ROOT, 'template', `${STACK}.template.json`), 'utf8')) as Template;
  const body = JSON.stringify(withoutUnmodelled(template, await makeUnmodelled()));
  const cfn = new CloudFormationClient(settings());
  await cfn.send(new CreateStackCommand({ StackName: STACK, TemplateBody: body, Capabilities: ['CAPABILITY_NAMED_IAM'] }));
  for (let attempt = 0; attempt < 60; attempt++) {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks![0];
    if (!stack.StackStatus?.endsWith('_IN_PROGRESS')) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

test('the stack reaches CREATE_COMPLETE', () => {
  expect([stack.StackStatus, stack.StackStatusReason]).toEqual(['CREATE_COMPLETE', undefined]);
});

test('its outputs are the workflow variables, naming what was made', async () => {
  const outputs = Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
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
