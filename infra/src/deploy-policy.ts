// The deploy role's permissions, taken from the same policy data the actions' least-privilege
// tests run under (actions/*/test/trust/): one source of truth. Each action's documents are
// written for the README's example names; here they are made again for this stack's names
// (functions that take names), or their example ARNs are swapped for this stack's (documents
// written with fixed ARNs). A resource the swap does not know fails the synth, so a change to an
// action's policy cannot slip in unscoped.
import * as frontend from '../../actions/build-and-sync-frontend/test/trust/policy.js';
import * as image from '../../actions/build-push-django-image/test/trust/policy.js';
import * as cdn from '../../actions/invalidate-cdn/test/trust/policies.js';
import * as rollout from '../../actions/rolling-deploy-behind-elb/test/trust/policy.js';
import * as storage from '../../actions/verify-shared-storage/test/trust/policy.js';
import type { PolicyDocument } from '@tandem/standins/iam';

export type Statement = PolicyDocument['Statement'][number];

/** The names of what the stack made; CloudFormation references (tokens) are fine. */
export interface DeployNames {
  region: string;
  account: string;
  siteBucket: string;
  mediaBucket: string;
  lockBucket: string;
  distributionId: string;
  repository: string;
  cluster: string;
  /** The services deploy.yml rolls out: web, and the worker when there is one. */
  services: Array<{ name: string; family: string; logGroup: string }>;
  taskRole: string;
  executionRole: string;
  /** Name of the Secrets Manager secret holding DATABASE_URL. */
  databaseSecret: string;
  /** The environment promote.yml copies releases from (same account): its site, repository and web service. */
  promoteFrom?: { region: string; siteBucket: string; repository: string; cluster: string; service: string };
}

/** The statements the deploy role needs, per action of deploy.yml and rollback.yml, and promote.yml's reads of its source. */
export function deployStatements(n: DeployNames): Record<string, Statement[]> {
  // deploy.yml stages assets, then publishes the release; rollback.yml restores one. `deploy`
  // holds every permission of `stage` and `rollback` (checked in deploy-policy.test.ts).
  const site = frontend.policies({ bucket: n.siteBucket, prefix: '' }).deploy.Statement;

  // The stack makes the repository, so the image action finds it and never creates one.
  const imageArn = `arn:aws:ecr:${image.REGION}:${image.ACCOUNT}:repository/${image.REPOSITORY}`;
  const push = swap(image.MODES.existing.policy.Statement, { [imageArn]: `arn:aws:ecr:${n.region}:${n.account}:repository/${n.repository}` });

  const exampleDistribution = `arn:aws:cloudfront::${cdn.ACCOUNT}:distribution/${cdn.EXAMPLE_DISTRIBUTION}`;
  const refresh = swap(cdn.POLICIES.deploy.Statement, { [exampleDistribution]: `arn:aws:cloudfront::${n.account}:distribution/${n.distributionId}` });

  // deploy.yml probes the media store (verify-shared-storage's default mode).
  const verify = n.services.flatMap((service) =>
    storage.policyOf('probe', { ...storage.README_PLACE, region: n.region, account: n.account, bucket: n.mediaBucket, cluster: n.cluster, service: service.name, databaseSecret: n.databaseSecret }).Statement,
  );

  // deploy.yml: an image deploy with migrate-command and the lock; rollback.yml: rollback-to
  // with the lock.
  const roll = n.services.flatMap((service) => {
    const p = rollout.policies({
      region: n.region,
      account: n.account,
      cluster: n.cluster,
      service: service.name,
      family: service.family,
      repository: n.repository,
      taskRole: n.taskRole,
      executionRole: n.executionRole,
      logGroup: service.logGroup,
      lockBucket: n.lockBucket,
    });
    return [...p.deploy.Statement, ...p.migrate, ...p.rollback.Statement, ...p.lock];
  });

  // promote.yml: the front end reads the source's site and release store; the image is pulled
  // from the source's repository once its web service is seen to have served it.
  const from = n.promoteFrom;
  const promote = from
    ? [...frontend.promoteSourceReads({ bucket: from.siteBucket, prefix: '' }), ...image.promoteSourcePolicy({ ...from, account: n.account }).Statement]
    : [];

  return {
    BuildAndSyncFrontend: distinct(site),
    BuildPushDjangoImage: distinct(push),
    VerifySharedStorage: distinct(verify),
    RollingDeployBehindElb: distinct(roll),
    InvalidateCdn: distinct(refresh),
    ...(promote.length > 0 ? { PromoteFromSource: distinct(promote) } : {}),
  };
}

/** The statements with each example ARN replaced by this stack's; an unknown ARN is refused. */
export function swap(statements: Statement[], arns: Record<string, string>): Statement[] {
  const one = (resource: string): string => {
    if (resource === '*') return resource;
    const found = arns[resource];
    if (found === undefined) throw new Error(`deploy policy: no resource of this stack stands for '${resource}'`);
    return found;
  };
  return statements.map((statement) => ({
    ...statement,
    Resource: Array.isArray(statement.Resource) ? statement.Resource.map(one) : one(statement.Resource),
  }));
}

/** Statements without repeats: the same permission from two modes is granted once. */
export function distinct(statements: Statement[]): Statement[] {
  const seen = new Set<string>();
  const kept = statements.filter((statement) => {
    const key = JSON.stringify({ ...statement, Sid: undefined });
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // A statement given once a service (web, worker) keeps its Sid with a number after the first:
  // IAM requires the Sids of one policy to differ.
  const sids = new Map<string, number>();
  return kept.map((statement) => {
    if (!statement.Sid) return statement;
    const count = (sids.get(statement.Sid) ?? 0) + 1;
    sids.set(statement.Sid, count);
    return count === 1 ? statement : { ...statement, Sid: `${statement.Sid}${count}` };
  });
}
