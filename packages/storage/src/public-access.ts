import type { Grant, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { fail, pass, warn, type Check } from './checks.js';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function wildcard(pattern: string, text: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`, 'i').test(text);
}

function everyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && 'AWS' in principal) return list((principal as { AWS: string | string[] }).AWS).includes('*');
  return false;
}

/**
 * Statements of a bucket policy that let anyone call `action` on `resource`. A statement with a
 * Condition (source VPC endpoint, IP range, organization) is not counted: it names who may call.
 */
export function publicStatements(policyText: string, action: string, resource: string): string[] {
  let policy: { Statement?: Statement | Statement[] };
  try {
    policy = JSON.parse(policyText) as typeof policy;
  } catch {
    return [];
  }
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  return statements
    .filter((statement) => statement.Effect === 'Allow' && everyone(statement.Principal) && !statement.Condition)
    .filter((statement) => list(statement.Action).some((pattern) => wildcard(pattern, action)))
    .filter((statement) => list(statement.Resource).some((pattern) => wildcard(pattern, resource)))
    .map((statement, index) => (statement as { Sid?: string }).Sid ?? `statement ${index + 1}`);
}

const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

/** ACL grants that let anyone (or any AWS account) list the bucket. */
export function publicGrants(grants: readonly Grant[]): string[] {
  return grants
    .filter((grant) => PUBLIC_GROUPS.includes(grant.Grantee?.URI ?? '') && (grant.Permission === 'READ' || grant.Permission === 'FULL_CONTROL'))
    .map((grant) => `${grant.Permission} to ${grant.Grantee?.URI?.split('/').pop()}`);
}

export interface PublicAccessFacts {
  bucket: string;
  /** Undefined when the bucket has no Block Public Access configuration. */
  block?: PublicAccessBlockConfiguration;
  policy?: string;
  grants: readonly Grant[];
}

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** media-public-access: nobody outside the account can list the media bucket. */
export function publicAccessCheck(facts: PublicAccessFacts): Check {
  const { bucket, block = {} } = facts;
  const listing = [
    ...(block.RestrictPublicBuckets ? [] : publicStatements(facts.policy ?? '{}', 's3:ListBucket', `arn:aws:s3:::${bucket}`).map((sid) => `bucket policy ${sid}`)),
    ...(block.IgnorePublicAcls ? [] : publicGrants(facts.grants).map((grant) => `ACL grant ${grant}`)),
  ];
  if (listing.length) {
    return fail(
      'media-public-access',
      `anyone can list every upload in ${bucket} (${listing.join(', ')})`,
      `Remove s3:ListBucket for Principal "*" from the bucket policy and public ACL grants, then turn on all four Block Public Access settings (aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true); serve media through CloudFront or presigned URLs`,
    );
  }
  const missing = SETTINGS.filter((setting) => block[setting] !== true);
  if (missing.length) {
    return warn(
      'media-public-access',
      `nothing lets the public list ${bucket} today, but Block Public Access is off at the bucket (${missing.join(', ')}), so a later policy or ACL could open it (account-level settings are not read)`,
      `Turn on all four Block Public Access settings for ${bucket}`,
    );
  }
  return pass('media-public-access', `Block Public Access is on for ${bucket} (all four settings)`);
}
