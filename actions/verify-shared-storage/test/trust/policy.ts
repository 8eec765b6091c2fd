// The IAM policy of each mode, as the README gives it: one place, read by the least-privilege
// test (which runs each mode under exactly this) and compared with the README's JSON blocks.
import type { PolicyDocument } from '@tandem/standins/iam';

export type Mode = 'probe' | 'read-only' | 'secret-resolution';
export const MODES: Mode[] = ['probe', 'read-only', 'secret-resolution'];

/** The names a policy refers to; the README's example values by default. */
export interface Place {
  region: string;
  account: string;
  bucket: string;
  cluster: string;
  service: string;
  probePrefix: string;
  /** Secrets Manager secret name of the database URL (AWS appends a random suffix to the ARN). */
  databaseSecret: string;
  /** SSM parameter holding the media bucket's name. */
  bucketParameter: string;
}

export const README_PLACE: Place = {
  region: 'eu-west-1',
  account: '123456789012',
  bucket: 'shop-media',
  cluster: 'prod',
  service: 'shop-web',
  probePrefix: 'verify-shared-storage-probe/',
  databaseSecret: 'shop/database-url',
  bucketParameter: '/shop/media-bucket',
};

const READ_BUCKET = ['s3:ListBucket', 's3:GetBucketPublicAccessBlock', 's3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetBucketVersioning'];

function statements(mode: Mode, place: Place): PolicyDocument['Statement'] {
  const { region, account, bucket } = place;
  const findDatabase = { Sid: 'FindTheDatabase', Effect: 'Allow' as const, Action: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'], Resource: '*' };
  const readTaskDefinition = { Sid: 'ReadTaskDefinitions', Effect: 'Allow' as const, Action: 'ecs:DescribeTaskDefinition', Resource: '*' };
  switch (mode) {
    case 'probe':
      return [
        { Sid: 'ReadTheService', Effect: 'Allow', Action: 'ecs:DescribeServices', Resource: `arn:aws:ecs:${region}:${account}:service/${place.cluster}/${place.service}` },
        readTaskDefinition,
        findDatabase,
        { Sid: 'ReadTheMediaBucket', Effect: 'Allow', Action: [...READ_BUCKET, 's3:ListBucketVersions'], Resource: `arn:aws:s3:::${bucket}` },
        { Sid: 'ProbeTheMediaBucket', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObjectVersion'], Resource: `arn:aws:s3:::${bucket}/${place.probePrefix}*` },
      ];
    case 'read-only':
      return [readTaskDefinition, findDatabase, { Sid: 'ReadTheMediaBucket', Effect: 'Allow', Action: READ_BUCKET, Resource: `arn:aws:s3:::${bucket}` }];
    case 'secret-resolution':
      return [
        {
          Sid: 'ReadTheReferencedValues',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameter'],
          Resource: [`arn:aws:secretsmanager:${region}:${account}:secret:${place.databaseSecret}-*`, `arn:aws:ssm:${region}:${account}:parameter${place.bucketParameter}`],
        },
        findDatabase,
        { Sid: 'ReadTheMediaBucket', Effect: 'Allow', Action: READ_BUCKET, Resource: `arn:aws:s3:::${bucket}` },
      ];
  }
}

export function policyOf(mode: Mode, place: Place = README_PLACE): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements(mode, place) };
}

// moto matches resources only for S3: for every other service it compares the statement's
// Resource with `*`, so an ECS service, secret or parameter ARN is widened to `*` for a run under
// moto. Those resource scopes are written for AWS and cannot be checked here. (Where moto names
// S3's IAM actions differently from AWS, packages/standins/src/moto-s3-iam.py makes it follow AWS.)
export function forMoto(policy: PolicyDocument): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      const s3Only = resources.every((resource) => resource.startsWith('arn:aws:s3:::'));
      return s3Only ? statement : { ...statement, Resource: '*' };
    }),
  };
}

/** What the step's error names when the action is refused: the AWS call, or the permission. */
export const REFUSED_CALL: Record<string, string> = {
  'ecs:DescribeServices': 'DescribeServices (ECS)',
  'ecs:DescribeTaskDefinition': 'DescribeTaskDefinition (ECS)',
  'rds:DescribeDBInstances': 'DescribeDBInstances (RDS)',
  'rds:DescribeDBClusters': 'DescribeDBClusters (RDS)',
  // HeadBucket's 403 has no body: the check names the permission instead.
  's3:ListBucket': 'lacks s3:ListBucket',
  's3:GetBucketPublicAccessBlock': 'GetPublicAccessBlock (S3): Access Denied',
  's3:GetBucketPolicy': 'GetBucketPolicy (S3): Access Denied',
  's3:GetBucketAcl': 'GetBucketAcl (S3): Access Denied',
  's3:GetBucketVersioning': 'GetBucketVersioning (S3): Access Denied',
  's3:ListBucketVersions': 'ListObjectVersions (S3): Access Denied',
  's3:PutObject': 'PutObject (S3): Access Denied',
  's3:GetObject': 'GetObject (S3): Access Denied',
  's3:DeleteObjectVersion': 'DeleteObject (S3): Access Denied',
  'secretsmanager:GetSecretValue': 'GetSecretValue (SecretsManager)',
  'ssm:GetParameter': 'GetParameter (SSM)',
};

/** The policy blocks of a README, by the mode named in the `<!-- policy: MODE -->` comment before each. */
export function readmePolicies(markdown: string): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const match of markdown.matchAll(/<!-- policy: ([a-z-]+) -->\s*```json\n([\s\S]*?)\n```/g)) {
    found.set(match[1], JSON.parse(match[2]));
  }
  return found;
}
