import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyDocument } from '@tandem/standins/iam';

// The IAM policy per mode, exactly as the README shows it. The least-privilege test runs each
// mode under its policy and reads the README to check that the two never drift apart.

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const REPOSITORY = 'shop-backend';
const ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY}`;

/**
 * Calls to the registry (`docker push`, `docker pull`, the manifest look-ups), which ECR authorizes with these
 * actions. The tests push to a local registry, not through moto, so moto cannot check them.
 */
export const REGISTRY_ACTIONS = new Set([
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
]);

const login = { Effect: 'Allow' as const, Action: 'ecr:GetAuthorizationToken', Resource: '*' };
const push = ['ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'];

/** The README heading above the promotion's source-side policy (not a mode: it is added to one). */
export const PROMOTE_HEADING = 'Promote (`promote-from`)';

/** Where the README's promotion copies from: staging's repository and web service in us-east-1. */
export const PROMOTE_SOURCE = { region: 'us-east-1', account: ACCOUNT, repository: REPOSITORY, cluster: 'staging', service: 'shop-web' };

/** The source side of a promotion (`promote-from` and `promote-from-service`), as the README shows it for PROMOTE_SOURCE. */
export function promoteSourcePolicy(source: typeof PROMOTE_SOURCE): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      login,
      {
        Effect: 'Allow',
        Action: ['ecr:DescribeImages', 'ecr:GetLifecyclePolicy', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: `arn:aws:ecr:${source.region}:${source.account}:repository/${source.repository}`,
      },
      { Effect: 'Allow', Action: 'ecs:DescribeServices', Resource: `arn:aws:ecs:${source.region}:${source.account}:service/${source.cluster}/${source.service}` },
      { Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions'], Resource: '*' },
    ],
  };
}

export interface Mode {
  /** The README heading above the mode's policy. */
  heading: string;
  inputs: Record<string, string>;
  policy: PolicyDocument;
}

export const MODES = {
  create: {
    heading: 'Build and push, repository created when missing (default)',
    inputs: {},
    policy: {
      Version: '2012-10-17',
      Statement: [login, { Effect: 'Allow', Action: ['ecr:DescribeRepositories', 'ecr:CreateRepository', 'ecr:PutLifecyclePolicy', ...push], Resource: ARN }],
    },
  },
  existing: {
    heading: 'Build and push to an existing repository (`create-repository: false`)',
    inputs: { 'create-repository': 'false' },
    policy: {
      Version: '2012-10-17',
      Statement: [login, { Effect: 'Allow', Action: ['ecr:DescribeRepositories', ...push], Resource: ARN }],
    },
  },
  buildOnly: {
    heading: 'Build and check only (`push: false`)',
    inputs: { push: 'false' },
    policy: {
      Version: '2012-10-17',
      Statement: [login, { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: ARN }],
    },
  },
} satisfies Record<string, Mode>;

/**
 * The policy as moto can check it: moto compares the Resource of a statement outside S3 with
 * `*`, so a statement naming the repository's ARN would match nothing there. The actions stay
 * exactly the README's; only the resources widen, and moto cannot tell a wrong ARN from a right one.
 */
export function resourcesWidened(policy: PolicyDocument): PolicyDocument {
  return { ...policy, Statement: policy.Statement.map((statement) => ({ ...statement, Resource: '*' })) };
}

/** The first ```json block under each `### heading` of the README's IAM section. */
export function readmePolicies(readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')): Map<string, unknown> {
  const section = readme.split(/^## IAM policy$/m)[1]?.split(/^## /m)[0] ?? '';
  const policies = new Map<string, unknown>();
  for (const part of section.split(/^### /m).slice(1)) {
    const heading = part.slice(0, part.indexOf('\n')).trim();
    const block = /```json\n([\s\S]*?)```/.exec(part);
    if (block) policies.set(heading, JSON.parse(block[1]));
  }
  return policies;
}
