// How a workflow job holds the deploy role: aws-actions/configure-aws-credentials asks GitHub for
// an OIDC token and trades it with STS AssumeRoleWithWebIdentity for the role's session keys.
// moto's STS gives the session without checking the token's signature or the role's trust
// policy (that the trust policy admits only the configured repository and environment is shown
// by stack.test.ts on the template); what matters here is that every later call is made with
// the assumed role's session, whose permissions moto takes from the role's own policies.
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Moto } from '@tandem/standins/moto';

export interface SessionCredentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with the claims GitHub puts in a job's OIDC token (unsigned: moto does not verify it). */
export function githubToken(repository: string, environment: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'sts.amazonaws.com',
    sub: `repo:${repository}:environment:${environment}`,
    repository,
    environment,
    iat: now,
    exp: now + 3600,
  };
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** The deploy role's session, as configure-aws-credentials gets it for a job. */
export async function assumeDeployRole(moto: Moto, roleArn: string, token: string): Promise<SessionCredentials> {
  const sts = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { Credentials: session } = await sts.send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'GitHubActions', WebIdentityToken: token, DurationSeconds: 3600 }),
  );
  if (!session?.AccessKeyId || !session.SecretAccessKey || !session.SessionToken) throw new Error(`STS gave no session for ${roleArn}`);
  return { AWS_ACCESS_KEY_ID: session.AccessKeyId, AWS_SECRET_ACCESS_KEY: session.SecretAccessKey, AWS_SESSION_TOKEN: session.SessionToken };
}
