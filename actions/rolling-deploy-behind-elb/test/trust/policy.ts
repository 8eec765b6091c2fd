import type { PolicyDocument } from '@tandem/standins/iam';

// The IAM policy the action needs, per mode: the one place it is written down. README.md shows
// exactly these documents (with README_NAMES), which readme-policy.test.ts checks, and
// least-privilege.moto.test.ts runs each mode under them.

export type Statement = PolicyDocument['Statement'][number];

export interface Names {
  region: string;
  account: string;
  cluster: string;
  service: string;
  family: string;
  repository: string;
  taskRole: string;
  executionRole: string;
  logGroup: string;
  lockBucket: string;
}

export const README_NAMES: Names = {
  region: 'eu-west-1',
  account: '123456789012',
  cluster: 'shop',
  service: 'web',
  family: 'shop-web',
  repository: 'shop',
  taskRole: 'shop-task',
  executionRole: 'shop-execution',
  logGroup: '/ecs/shop-web',
  lockBucket: 'shop-deploy-locks',
};

export interface Policies {
  /** image / container-images, with the automatic rollback. */
  deploy: PolicyDocument;
  /** Added to deploy (or rollback) with migrate-command. */
  migrate: Statement[];
  /** rollback-to. */
  rollback: PolicyDocument;
  /** dry-run: true of an image deploy. */
  dryRun: PolicyDocument;
  /** Added to any mode but dry-run with lock-bucket. */
  lock: Statement[];
  /** Added to any mode with services on EC2 or ECS Anywhere container instances. */
  instances: Statement[];
  /** Added to deploy or rollback-to where ECR archives images: an archived image is restored first. */
  restore: Statement[];
}

export function policies(n: Names): Policies {
  const ecs = `arn:aws:ecs:${n.region}:${n.account}`;
  const service: Statement = { Effect: 'Allow', Action: ['ecs:DescribeServices', 'ecs:UpdateService'], Resource: `${ecs}:service/${n.cluster}/${n.service}` };
  const watch: Statement = {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth'],
    Resource: '*',
  };
  const tag: Statement = { Effect: 'Allow', Action: 'ecs:TagResource', Resource: `${ecs}:task-definition/${n.family}:*` };
  const images: Statement = { Effect: 'Allow', Action: ['ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: `arn:aws:ecr:${n.region}:${n.account}:repository/${n.repository}` };
  return {
    deploy: {
      Version: '2012-10-17',
      Statement: [
        service,
        { Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition', 'ecs:ListTasks', 'ecs:DescribeTasks'], Resource: '*' },
        tag,
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: [`arn:aws:iam::${n.account}:role/${n.taskRole}`, `arn:aws:iam::${n.account}:role/${n.executionRole}`],
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        },
        images,
        watch,
      ],
    },
    migrate: [
      { Effect: 'Allow', Action: 'ecs:RunTask', Resource: `${ecs}:task-definition/${n.family}:*`, Condition: { ArnEquals: { 'ecs:cluster': `${ecs}:cluster/${n.cluster}` } } },
      { Effect: 'Allow', Action: 'ecs:StopTask', Resource: `${ecs}:task/${n.cluster}/*` },
      { Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: `arn:aws:logs:${n.region}:${n.account}:log-group:${n.logGroup}:log-stream:*` },
    ],
    rollback: {
      Version: '2012-10-17',
      Statement: [
        service,
        { Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions', 'ecs:ListTasks', 'ecs:DescribeTasks'], Resource: '*' },
        tag,
        images,
        watch,
      ],
    },
    dryRun: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes'],
          Resource: '*',
        },
      ],
    },
    lock: [
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${n.lockBucket}/tandem-deploy/locks/ecs/${n.cluster}/${n.service}.json` },
    ],
    instances: [
      { Effect: 'Allow', Action: 'ecs:ListContainerInstances', Resource: `${ecs}:cluster/${n.cluster}` },
      { Effect: 'Allow', Action: 'ecs:DescribeContainerInstances', Resource: `${ecs}:container-instance/${n.cluster}/*` },
    ],
    restore: [{ Effect: 'Allow', Action: 'ecr:UpdateImageStorageClass', Resource: `arn:aws:ecr:${n.region}:${n.account}:repository/${n.repository}` }],
  };
}

/** A mode's policy with statements added (migrate-command, lock-bucket). */
export function withStatements(policy: PolicyDocument, ...extra: Statement[][]): PolicyDocument {
  return { ...policy, Statement: [...policy.Statement, ...extra.flat()] };
}

/**
 * moto matches a statement's Resource only for S3; for every other service it compares the
 * Resource with `*`, so a statement naming an ECS, ECR, ELB, IAM or Logs ARN would never match.
 * Under moto those statements get `*`: the actions are proven, their resource ARNs are not.
 */
export function asMotoChecks(policy: PolicyDocument): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      return actions.every((action) => action.startsWith('s3:')) ? statement : { ...statement, Resource: '*' };
    }),
  };
}
