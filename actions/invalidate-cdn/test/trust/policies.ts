import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyDocument } from '@tandem/standins/iam';

// The IAM policy per mode, in one place: the README's JSON blocks must equal these (checked in
// least-privilege.moto.test.ts), and the least-privilege tests run the action under them.

export const ACCOUNT = '123456789012';
export const EXAMPLE_DISTRIBUTION = 'E2QWRUHAPOMQZL';
const DISTRIBUTION_ARN = `arn:aws:cloudfront::${ACCOUNT}:distribution/${EXAMPLE_DISTRIBUTION}`;

export type Mode = 'deploy' | 'dry-run';

export const POLICIES: Record<Mode, PolicyDocument> = {
  deploy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['cloudfront:GetDistribution', 'cloudfront:ListInvalidations', 'cloudfront:GetInvalidation', 'cloudfront:CreateInvalidation'],
        Resource: DISTRIBUTION_ARN,
      },
    ],
  },
  'dry-run': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['cloudfront:GetDistribution', 'cloudfront:ListInvalidations', 'cloudfront:GetInvalidation'],
        Resource: DISTRIBUTION_ARN,
      },
    ],
  },
};

/** README headings of the IAM section, by mode. */
export const HEADINGS: Record<Mode, string> = { deploy: 'Deploy', 'dry-run': 'Dry run' };

/**
 * moto checks resources only for S3: for CloudFront it compares each statement's Resource with
 * `*`, so the distribution's ARN would refuse every call. The policy runs under moto with `*`
 * in its place; the actions are checked exactly, the resource is not.
 */
export function forMoto(policy: PolicyDocument): PolicyDocument {
  return { ...policy, Statement: policy.Statement.map((statement) => ({ ...statement, Resource: '*' })) };
}

/** The first JSON block under each `### heading` of the README's IAM section. */
export function readmePolicies(readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')): Record<string, unknown> {
  const section = readme.split(/^## IAM policy$/m)[1]?.split(/^## /m)[0] ?? '';
  const found: Record<string, unknown> = {};
  for (const part of section.split(/^### /m).slice(1)) {
    const heading = part.slice(0, part.indexOf('\n')).trim();
    const block = /```json\n([\s\S]*?)```/.exec(part)?.[1];
    if (block) found[heading] = JSON.parse(block);
  }
  return found;
}
