import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Moto } from './moto.js';

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Sid?: string; Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: string | string[]; Condition?: unknown }>;
}

export interface Credentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

const ADMIN: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

async function userWith(iam: IAMClient, name: string, policy: PolicyDocument): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policy) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: created.Policy?.Arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { AWS_ACCESS_KEY_ID: key.AccessKey?.AccessKeyId ?? '', AWS_SECRET_ACCESS_KEY: key.AccessKey?.SecretAccessKey ?? '' };
}

/**
 * Creates an administrator (for the test's own setup and checks) and a deployer holding exactly
 * `policy`, then turns moto's IAM enforcement on: from then on every call is checked against the
 * caller's policies, and unknown keys are refused.
 */
export async function enforcePolicy(moto: Moto, policy: PolicyDocument): Promise<{ admin: Credentials; deployer: Credentials }> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const suffix = Math.random().toString(36).slice(2, 8);
  const admin = await userWith(iam, `admin-${suffix}`, ADMIN);
  const deployer = await userWith(iam, `deployer-${suffix}`, policy);
  const response = await moto.api('reset-auth', '0');
  if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`);
  return { admin, deployer };
}

/** Turns enforcement off again (after a billion more calls, in effect never). */
export async function relaxPolicy(moto: Moto): Promise<void> {
  await moto.api('reset-auth', String(1_000_000_000));
}

/** The policy with one action removed from whichever statement lists it: for proving minimality. */
export function without(policy: PolicyDocument, action: string): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => ({
      ...statement,
      Action: (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).filter((candidate) => candidate !== action),
    })).filter((statement) => (statement.Action as string[]).length > 0),
  };
}

export function actionsOf(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
}
