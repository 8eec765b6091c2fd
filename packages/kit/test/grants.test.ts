import { describeGrant, grantsFor, type AwsRequest } from '@tandem/kit';

const at = (service: string, operation: string, input: Record<string, unknown> = {}): AwsRequest => ({ service, operation, input, region: 'eu-west-1', account: '123456789012' });
const ecs = 'arn:aws:ecs:eu-west-1:123456789012';

// Every call the actions make, with the grant a refusal of it names, in the README policies' spelling.
const CALLS: Array<[AwsRequest, string]> = [
  // build-and-sync-frontend, verify-shared-storage, the deploy lock: S3
  [at('S3', 'ListObjectsV2', { Bucket: 'shop-site', Prefix: '_releases/' }), 's3:ListBucket on arn:aws:s3:::shop-site'],
  [at('S3', 'HeadBucket', { Bucket: 'shop-media' }), 's3:ListBucket on arn:aws:s3:::shop-media'],
  [at('S3', 'GetObject', { Bucket: 'shop-site', Key: '_releases/pointer.json' }), 's3:GetObject on arn:aws:s3:::shop-site/_releases/*'],
  [at('S3', 'HeadObject', { Bucket: 'shop-site', Key: 'assets/app.1234.js' }), 's3:GetObject on arn:aws:s3:::shop-site/assets/*'],
  [at('S3', 'PutObject', { Bucket: 'shop-site', Key: 'index.html' }), 's3:PutObject on arn:aws:s3:::shop-site/*'],
  [at('S3', 'CreateMultipartUpload', { Bucket: 'shop-site', Key: 'assets/big.wasm' }), 's3:PutObject on arn:aws:s3:::shop-site/assets/*'],
  [at('S3', 'UploadPart', { Bucket: 'shop-site', Key: 'assets/big.wasm', UploadId: 'u' }), 's3:PutObject on arn:aws:s3:::shop-site/assets/*'],
  [at('S3', 'CompleteMultipartUpload', { Bucket: 'shop-site', Key: 'assets/big.wasm', UploadId: 'u' }), 's3:PutObject on arn:aws:s3:::shop-site/assets/*'],
  [at('S3', 'AbortMultipartUpload', { Bucket: 'shop-site', Key: 'assets/big.wasm', UploadId: 'u' }), 's3:AbortMultipartUpload on arn:aws:s3:::shop-site/assets/*'],
  [
    at('S3', 'CopyObject', { Bucket: 'shop-site', Key: 'index.html', CopySource: 'shop-site/_releases/objects/ab%20c' }),
    's3:GetObject on arn:aws:s3:::shop-site/_releases/* and s3:PutObject on arn:aws:s3:::shop-site/*',
  ],
  [at('S3', 'DeleteObject', { Bucket: 'shop-site', Key: '_releases/lock.json' }), 's3:DeleteObject on arn:aws:s3:::shop-site/_releases/*'],
  [at('S3', 'DeleteObject', { Bucket: 'shop-media', Key: 'verify-shared-storage-probe/r1', VersionId: 'v1' }), 's3:DeleteObjectVersion on arn:aws:s3:::shop-media/verify-shared-storage-probe/*'],
  [at('S3', 'DeleteObjects', { Bucket: 'shop-site', Delete: { Objects: [{ Key: 'assets/a.js' }, { Key: 'assets/b.js' }] } }), 's3:DeleteObject on arn:aws:s3:::shop-site/assets/*'],
  [at('S3', 'DeleteObjects', { Bucket: 'shop-site', Delete: { Objects: [{ Key: 'a.js' }, { Key: 'assets/b.js' }] } }), 's3:DeleteObject on arn:aws:s3:::shop-site/*'],
  [at('S3', 'ListObjectVersions', { Bucket: 'shop-media', Prefix: 'verify-shared-storage-probe/r1' }), 's3:ListBucketVersions on arn:aws:s3:::shop-media'],
  [at('S3', 'GetPublicAccessBlock', { Bucket: 'shop-media' }), 's3:GetBucketPublicAccessBlock on arn:aws:s3:::shop-media'],
  [at('S3', 'GetBucketPolicy', { Bucket: 'shop-media' }), 's3:GetBucketPolicy on arn:aws:s3:::shop-media'],
  [at('S3', 'GetBucketAcl', { Bucket: 'shop-media' }), 's3:GetBucketAcl on arn:aws:s3:::shop-media'],
  [at('S3', 'GetBucketVersioning', { Bucket: 'shop-media' }), 's3:GetBucketVersioning on arn:aws:s3:::shop-media'],
  // invalidate-cdn
  [at('CloudFront', 'GetDistribution', { Id: 'E2QWRUHAPOMQZL' }), 'cloudfront:GetDistribution on arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL'],
  [at('CloudFront', 'ListInvalidations', { DistributionId: 'E2QWRUHAPOMQZL' }), 'cloudfront:ListInvalidations on arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL'],
  [at('CloudFront', 'GetInvalidation', { DistributionId: 'E2QWRUHAPOMQZL', Id: 'I1' }), 'cloudfront:GetInvalidation on arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL'],
  [at('CloudFront', 'CreateInvalidation', { DistributionId: 'E2QWRUHAPOMQZL' }), 'cloudfront:CreateInvalidation on arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL'],
  // build-push-django-image
  [at('ECR', 'GetAuthorizationToken'), 'ecr:GetAuthorizationToken on *'],
  [at('ECR', 'DescribeRepositories', { repositoryNames: ['shop-backend'] }), 'ecr:DescribeRepositories on arn:aws:ecr:eu-west-1:123456789012:repository/shop-backend'],
  [at('ECR', 'CreateRepository', { repositoryName: 'shop-backend' }), 'ecr:CreateRepository on arn:aws:ecr:eu-west-1:123456789012:repository/shop-backend'],
  [at('ECR', 'PutLifecyclePolicy', { repositoryName: 'shop-backend' }), 'ecr:PutLifecyclePolicy on arn:aws:ecr:eu-west-1:123456789012:repository/shop-backend'],
  // rolling-deploy-behind-elb, verify-shared-storage: ECS, ECR, ELBv2, CloudWatch Logs, RDS
  [at('ECS', 'DescribeServices', { cluster: 'shop', services: ['web'] }), `ecs:DescribeServices on ${ecs}:service/shop/web`],
  [at('ECS', 'DescribeServices', { cluster: `${ecs}:cluster/shop`, services: [`${ecs}:service/shop/web`] }), `ecs:DescribeServices on ${ecs}:service/shop/web`],
  [at('ECS', 'UpdateService', { cluster: 'shop', service: 'web' }), `ecs:UpdateService on ${ecs}:service/shop/web`],
  [at('ECS', 'DescribeTaskDefinition', { taskDefinition: 'shop-web:7' }), 'ecs:DescribeTaskDefinition on *'],
  [at('ECS', 'RegisterTaskDefinition', { family: 'shop-web' }), 'ecs:RegisterTaskDefinition on *'],
  [at('ECS', 'ListTaskDefinitions', { familyPrefix: 'shop-web' }), 'ecs:ListTaskDefinitions on *'],
  [at('ECS', 'ListTasks', { cluster: 'shop' }), 'ecs:ListTasks on *'],
  [at('ECS', 'DescribeTasks', { cluster: 'shop', tasks: ['t1'] }), 'ecs:DescribeTasks on *'],
  [at('ECS', 'TagResource', { resourceArn: `${ecs}:task-definition/shop-web:8` }), `ecs:TagResource on ${ecs}:task-definition/shop-web:*`],
  [at('ECS', 'RunTask', { cluster: 'shop', taskDefinition: `${ecs}:task-definition/shop-web:8` }), `ecs:RunTask on ${ecs}:task-definition/shop-web:*`],
  [at('ECS', 'StopTask', { cluster: 'shop', task: `${ecs}:task/shop/abc` }), `ecs:StopTask on ${ecs}:task/shop/*`],
  [at('ECR', 'DescribeImages', { repositoryName: 'shop', registryId: '210987654321' }), 'ecr:DescribeImages on arn:aws:ecr:eu-west-1:210987654321:repository/shop'],
  [at('ElasticLoadBalancingV2', 'DescribeTargetGroups', { TargetGroupArns: ['arn:tg'] }), 'elasticloadbalancing:DescribeTargetGroups on *'],
  [at('ElasticLoadBalancingV2', 'DescribeTargetGroupAttributes'), 'elasticloadbalancing:DescribeTargetGroupAttributes on *'],
  [at('ElasticLoadBalancingV2', 'DescribeTargetHealth'), 'elasticloadbalancing:DescribeTargetHealth on *'],
  [at('CloudWatchLogs', 'GetLogEvents', { logGroupName: '/ecs/shop-web', logStreamName: 'web/web/abc' }), 'logs:GetLogEvents on arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop-web:log-stream:*'],
  [at('RDS', 'DescribeDBInstances'), 'rds:DescribeDBInstances on *'],
  [at('RDS', 'DescribeDBClusters'), 'rds:DescribeDBClusters on *'],
  [at('SecretsManager', 'GetSecretValue', { SecretId: 'shop/database-url' }), 'secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/database-url-*'],
  [
    at('SecretsManager', 'GetSecretValue', { SecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/database-url-AbC12d' }),
    'secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/database-url-*',
  ],
  [at('SSM', 'GetParameter', { Name: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/media-bucket' }), 'ssm:GetParameter on arn:aws:ssm:eu-west-1:123456789012:parameter/shop/media-bucket'],
  [at('SSM', 'GetParameter', { Name: '/shop/media-bucket' }), 'ssm:GetParameter on arn:aws:ssm:eu-west-1:123456789012:parameter/shop/media-bucket'],
];

test.each(CALLS.map(([request, grant]) => [`${request.operation} (${request.service})`, grant, request] as const))('%s needs %s', (_call, grant, request) => {
  expect(describeGrant(request)).toBe(`grant ${grant}`);
});

test('the account comes from the refusal when the call does not name it', () => {
  const said = 'User: arn:aws:sts::210987654321:assumed-role/deploy/run is not authorized';
  expect(describeGrant({ ...at('ECS', 'DescribeServices', { cluster: 'shop', services: ['web'] }), account: undefined }, said)).toBe(
    'grant ecs:DescribeServices on arn:aws:ecs:eu-west-1:210987654321:service/shop/web',
  );
  expect(describeGrant({ ...at('ECS', 'DescribeServices', { cluster: 'shop', services: ['web'] }), account: undefined })).toBe('grant ecs:DescribeServices on arn:aws:ecs:eu-west-1:<account>:service/shop/web');
});

test("the refusal's own action and resource win: a call can need another service's grant", () => {
  const said = 'User: arn:aws:sts::123456789012:assumed-role/deploy/run is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/shop-task because no identity-based policy allows it';
  expect(describeGrant(at('ECS', 'RegisterTaskDefinition', { family: 'shop-web' }), said)).toBe('grant iam:PassRole on arn:aws:iam::123456789012:role/shop-task');
});

test('a call of a service not listed is granted by its own name, on *', () => {
  expect(grantsFor(at('STS', 'GetCallerIdentity'))).toEqual([{ action: 'sts:GetCallerIdentity', resource: '*' }]);
});
