/**
 * The IAM grant an AWS call needs, spelled as the actions' README policies spell it, so that a
 * refusal says what to add to the role (`grant s3:ListBucket on arn:aws:s3:::shop-site`) rather
 * than only which call failed. Pure: the call, its input and the region in, the grant out.
 */

export interface AwsRequest {
  /** The client's name without `Client`: `S3`, `ECS`, `ElasticLoadBalancingV2`. */
  service: string;
  /** The operation without `Command`: `GetObject`, `DescribeServices`. */
  operation: string;
  input: Record<string, unknown>;
  region: string;
  /** The account, when known (from the refusal's message or an ARN in the input). */
  account?: string;
}

export interface Grant {
  action: string;
  resource: string;
}

/** The IAM prefix of each client's service. */
const PREFIX: Record<string, string> = {
  S3: 's3',
  ECS: 'ecs',
  ECR: 'ecr',
  CloudFront: 'cloudfront',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  CloudWatchLogs: 'logs',
  RDS: 'rds',
  SecretsManager: 'secretsmanager',
  SSM: 'ssm',
  STS: 'sts',
  IAM: 'iam',
};

/** S3 operations authorised as another IAM action (AWS's "Actions, resources, and condition keys for Amazon S3"). */
const S3_ACTION: Record<string, string> = {
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  HeadObject: 's3:GetObject',
  ListObjectVersions: 's3:ListBucketVersions',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  DeleteObjects: 's3:DeleteObject',
  ListParts: 's3:ListMultipartUploadParts',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const first = (value: unknown): string => (Array.isArray(value) ? text(value[0]) : text(value));
const isArn = (value: string) => value.startsWith('arn:');

/**
 * Objects are granted by folder, as the READMEs do (`shop-site/_releases/*`): the first segment
 * of the key, or the whole bucket's objects for a key at the root.
 */
function objectArn(bucket: string, key: string): string {
  const slash = key.indexOf('/');
  return `arn:aws:s3:::${bucket}/${slash > 0 ? `${key.slice(0, slash + 1)}*` : '*'}`;
}

/** The longest folder every key shares, as an object ARN (DeleteObjects names many keys). */
function keysArn(bucket: string, keys: string[]): string {
  if (keys.length === 0) return `arn:aws:s3:::${bucket}/*`;
  return objectArn(bucket, keys.reduce((shared, key) => (key.startsWith(shared) ? shared : shared.slice(0, [...shared].findIndex((c, i) => key[i] !== c)))));
}

function s3Grants(operation: string, input: Record<string, unknown>): Grant[] {
  const bucket = text(input.Bucket);
  const key = text(input.Key);
  const action = S3_ACTION[operation] ?? `s3:${operation}`;
  if (operation === 'CopyObject') {
    const source = decodeURIComponent(text(input.CopySource).replace(/\?.*$/, '').replace(/^\//, ''));
    const at = source.indexOf('/');
    return [
      { action: 's3:GetObject', resource: objectArn(source.slice(0, at), source.slice(at + 1)) },
      { action: 's3:PutObject', resource: objectArn(bucket, key) },
    ];
  }
  if (operation === 'DeleteObject' && input.VersionId) return [{ action: 's3:DeleteObjectVersion', resource: objectArn(bucket, key) }];
  if (operation === 'DeleteObjects') {
    const objects = ((input.Delete as { Objects?: Array<{ Key?: string; VersionId?: string }> } | undefined)?.Objects ?? []);
    const versioned = objects.some((object) => object.VersionId);
    return [{ action: versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: keysArn(bucket, objects.map((object) => object.Key ?? '')) }];
  }
  if (!key && !input.UploadId) return [{ action, resource: `arn:aws:s3:::${bucket}` }];
  return [{ action, resource: objectArn(bucket, key) }];
}

/** A task definition by family, every revision: `task-definition/shop-web:*`. */
function taskDefinitionArn(reference: string, where: string): string {
  const family = (isArn(reference) ? reference.slice(reference.indexOf('task-definition/') + 'task-definition/'.length) : reference).replace(/:\d+$/, '');
  return `arn:aws:ecs:${where}:task-definition/${family}:*`;
}

const lastSegment = (reference: string) => reference.slice(reference.lastIndexOf('/') + 1);

function ecsResource(operation: string, input: Record<string, unknown>, where: string): string {
  const cluster = lastSegment(text(input.cluster) || 'default');
  switch (operation) {
    case 'DescribeServices':
      return `arn:aws:ecs:${where}:service/${cluster}/${lastSegment(first(input.services))}`;
    case 'UpdateService':
      return `arn:aws:ecs:${where}:service/${cluster}/${lastSegment(text(input.service))}`;
    case 'RunTask':
      return taskDefinitionArn(text(input.taskDefinition), where);
    case 'StopTask':
      return `arn:aws:ecs:${where}:task/${cluster}/*`;
    case 'TagResource': {
      const arn = text(input.resourceArn);
      return arn.includes(':task-definition/') ? taskDefinitionArn(arn, where) : arn || '*';
    }
    default:
      // Describe/List/Register calls on task definitions and tasks take no resource-level grant.
      return '*';
  }
}

function repositoryArn(input: Record<string, unknown>, region: string, account: string): string {
  const name = text(input.repositoryName) || first(input.repositoryNames);
  return `arn:aws:ecr:${region}:${text(input.registryId) || account}:repository/${name}`;
}

function resourceOf(request: AwsRequest, account: string): string {
  const { service, operation, input, region } = request;
  const where = `${region}:${account}`;
  switch (service) {
    case 'ECS':
      return ecsResource(operation, input, where);
    case 'ECR':
      return operation === 'GetAuthorizationToken' ? '*' : repositoryArn(input, region, account);
    case 'CloudFront':
      return `arn:aws:cloudfront::${account}:distribution/${text(input.DistributionId) || text(input.Id)}`;
    case 'CloudWatchLogs':
      return `arn:aws:logs:${where}:log-group:${text(input.logGroupName)}:log-stream:*`;
    case 'SecretsManager': {
      // A secret's ARN ends in six random characters AWS adds; the policies grant `NAME-*`.
      const id = text(input.SecretId);
      return isArn(id) ? id.replace(/-[A-Za-z0-9]{6}$/, '-*') : `arn:aws:secretsmanager:${where}:secret:${id}-*`;
    }
    case 'SSM': {
      const name = text(input.Name);
      return isArn(name) ? name : `arn:aws:ssm:${where}:parameter/${name.replace(/^\//, '')}`;
    }
    default:
      // ELBv2 and RDS describe calls, like any call not listed, are granted on "*".
      return '*';
  }
}

/** The grants a call needs: one, or two for a copy (read the source, write the target). */
export function grantsFor(request: AwsRequest): Grant[] {
  if (request.service === 'S3') return s3Grants(request.operation, request.input);
  const prefix = PREFIX[request.service] ?? request.service.toLowerCase();
  const account = request.account || accountIn(request.input) || '<account>';
  return [{ action: `${prefix}:${request.operation}`, resource: resourceOf(request, account) }];
}

const ACCOUNT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** The account an ARN in the text names, if any. */
export function accountIn(value: unknown): string | undefined {
  const found = ACCOUNT.exec(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
  return found?.[1];
}

// AWS names the action and resource it refused in most services' messages:
// "User: arn:aws:sts::123456789012:assumed-role/deploy/x is not authorized to perform: iam:PassRole on resource: arn:...".
const REFUSED = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9]+) on resource:? (\S+?)(?:[\s,.;]|$)/;

/**
 * What to grant for a refused call, as one sentence. The refusal's own words win when they name
 * an action and a resource (a call can need a grant of another service, such as iam:PassRole);
 * otherwise the call's table entry.
 */
export function describeGrant(request: AwsRequest, message = ''): string {
  const said = REFUSED.exec(message);
  const grants = said && said[2] !== '*' ? [{ action: said[1], resource: said[2] }] : grantsFor({ ...request, account: request.account || accountIn(message) });
  return `grant ${grants.map((grant) => `${grant.action} on ${grant.resource}`).join(' and ')}`;
}
