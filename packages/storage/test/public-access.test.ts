import type { Grant } from '@aws-sdk/client-s3';
import { publicAccessCheck, publicGrants, publicStatements } from '@tandem/storage';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const BUCKET = 'arn:aws:s3:::shop-media';

test.each([
  ['ListBucket to *', policy({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: BUCKET }), 1],
  ['s3:* to AWS *', policy({ Sid: 'All', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`] }), 1],
  ['s3:List* with a wildcard resource', policy({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['s3:List*'], Resource: 'arn:aws:s3:::shop-*' }), 1],
  ['a single statement, not a list', JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } }), 1],
  ['GetObject only (public reads of known keys)', policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` }), 0],
  ['ListBucket for one account', policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:ListBucket', Resource: BUCKET }), 0],
  ['ListBucket to * from one VPC endpoint', policy({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }), 0],
  ['a Deny', policy({ Effect: 'Deny', Principal: '*', Action: 's3:ListBucket', Resource: BUCKET }), 0],
  ['another bucket', policy({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::other' }), 0],
  ['not JSON', '{', 0],
])('%s: %i public statement(s)', (_name, text, count) => {
  expect(publicStatements(text, 's3:ListBucket', BUCKET)).toHaveLength(count);
});

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
test.each<[Grant[], number]>([
  [[{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }], 1],
  [[{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'FULL_CONTROL' }], 1],
  [[{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ_ACP' }], 0],
  [[{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' }], 0],
])('grants %j: %i public', (grants, count) => {
  expect(publicGrants(grants)).toHaveLength(count);
});

const ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const PUBLIC_LIST = policy({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: BUCKET });
const PUBLIC_ACL: Grant[] = [{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }];

test.each([
  ['everything blocked', { block: ON, grants: [] }, 'pass'],
  ['no block, nothing public', { grants: [] }, 'warn'],
  ['partial block, nothing public', { block: { BlockPublicAcls: true }, grants: [] }, 'warn'],
  ['public listing by policy', { policy: PUBLIC_LIST, grants: [] }, 'fail'],
  ['public listing by ACL', { grants: PUBLIC_ACL }, 'fail'],
  ['public policy, neutralised by RestrictPublicBuckets', { block: ON, policy: PUBLIC_LIST, grants: [] }, 'pass'],
  ['public ACL, neutralised by IgnorePublicAcls', { block: { IgnorePublicAcls: true }, grants: PUBLIC_ACL }, 'warn'],
  ['public ACL, with only the policy settings on', { block: { BlockPublicPolicy: true, RestrictPublicBuckets: true }, grants: PUBLIC_ACL }, 'fail'],
])('%s: %s', (_name, facts, result) => {
  const check = publicAccessCheck({ bucket: 'shop-media', ...facts });
  expect(check.result).toBe(result);
  if (result !== 'pass') expect(check.fix).toContain('Block Public Access');
});
