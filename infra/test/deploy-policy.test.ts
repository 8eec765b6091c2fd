import * as frontend from '../../actions/build-and-sync-frontend/test/trust/policy.js';
import * as image from '../../actions/build-push-django-image/test/trust/policy.js';
import * as cdn from '../../actions/invalidate-cdn/test/trust/policies.js';
import * as rollout from '../../actions/rolling-deploy-behind-elb/test/trust/policy.js';
import * as storage from '../../actions/verify-shared-storage/test/trust/policy.js';
import { deployStatements, distinct, swap, type DeployNames, type Statement } from '../src/deploy-policy.js';

// The README examples' names: with them, the role's policies must be the actions' own documents.
const n = rollout.README_NAMES;
const names: DeployNames = {
  region: n.region,
  account: n.account,
  siteBucket: frontend.README_NAMES.bucket,
  mediaBucket: storage.README_PLACE.bucket,
  lockBucket: n.lockBucket,
  distributionId: cdn.EXAMPLE_DISTRIBUTION,
  repository: image.REPOSITORY,
  cluster: n.cluster,
  services: [{ name: n.service, family: n.family, logGroup: n.logGroup }],
  taskRole: n.taskRole,
  executionRole: n.executionRole,
  databaseSecret: storage.README_PLACE.databaseSecret,
};

/** Every (action, resource) pair a set of statements allows, for comparing grants. */
function grants(statements: Statement[]): Set<string> {
  const pairs = new Set<string>();
  for (const s of statements) for (const action of [s.Action].flat()) for (const resource of [s.Resource].flat()) pairs.add(`${action} ${resource} ${JSON.stringify(s.Condition ?? null)}`);
  return pairs;
}

describe("the deploy role's policies are the actions' least-privilege documents", () => {
  const role = deployStatements({ ...names, region: image.REGION, account: image.ACCOUNT });

  test('build-and-sync-frontend: the deploy mode, which holds stage and rollback', () => {
    const modes = frontend.policies(frontend.README_NAMES);
    expect(role.BuildAndSyncFrontend).toEqual(modes.deploy.Statement);
    for (const mode of [modes.stage, modes.rollback, modes.dryRun]) {
      for (const grant of grants(mode.Statement)) {
        const [action] = grant.split(' ');
        const site = `arn:aws:s3:::${frontend.README_NAMES.bucket}/*`;
        // A grant on the lock key is held by the deploy mode's grant on every key.
        expect(grants(modes.deploy.Statement).has(grant) || grants(modes.deploy.Statement).has(`${action} ${site} null`)).toBe(true);
      }
    }
  });

  test('build-push-django-image: the existing-repository mode (the stack makes the repository)', () => {
    expect(role.BuildPushDjangoImage).toEqual(image.MODES.existing.policy.Statement);
  });

  test('invalidate-cdn: the deploy mode', () => {
    expect(role.InvalidateCdn).toEqual(cdn.POLICIES.deploy.Statement);
  });

  test('verify-shared-storage: the probe mode deploy.yml runs', () => {
    const place = { ...storage.README_PLACE, region: image.REGION, account: image.ACCOUNT, cluster: n.cluster, service: n.service };
    expect(role.VerifySharedStorage).toEqual(storage.policyOf('probe', place).Statement);
  });

  test('rolling-deploy-behind-elb: deploy with migrate and lock (deploy.yml), rollback with lock (rollback.yml)', () => {
    const p = rollout.policies({ ...n, region: image.REGION, account: image.ACCOUNT, repository: image.REPOSITORY });
    expect(grants(role.RollingDeployBehindElb)).toEqual(grants([...p.deploy.Statement, ...p.migrate, ...p.rollback.Statement, ...p.lock]));
  });
});

describe("promote.yml's reads of the environment it promotes from", () => {
  test("are the two actions' documented promote policies, for the source's names", () => {
    const source = image.PROMOTE_SOURCE;
    const siteBucket = 'shop-staging';
    const role = deployStatements({ ...names, region: image.REGION, account: image.ACCOUNT, promoteFrom: { ...source, siteBucket } });
    expect(role.PromoteFromSource).toEqual([...frontend.promoteSourceReads({ bucket: siteBucket, prefix: '' }), ...image.promoteSourcePolicy(source).Statement]);
    // The README's promote blocks are these documents for these names (checked in each action's trust tests).
    expect(grants(role.PromoteFromSource)).toEqual(
      new Set([
        'ecr:GetAuthorizationToken * null',
        's3:ListBucket arn:aws:s3:::shop-staging null',
        's3:GetObject arn:aws:s3:::shop-staging/* null',
        ...['DescribeImages', 'GetLifecyclePolicy', 'BatchGetImage', 'GetDownloadUrlForLayer'].map((action) => `ecr:${action} arn:aws:ecr:us-east-1:123456789012:repository/shop-backend null`),
        'ecs:DescribeServices arn:aws:ecs:us-east-1:123456789012:service/staging/shop-web null',
        'ecs:DescribeTaskDefinition * null',
        'ecs:ListTaskDefinitions * null',
      ]),
    );
  });

  test('are not granted to an environment that promotes from none', () => {
    expect(Object.keys(deployStatements(names))).not.toContain('PromoteFromSource');
  });
});

describe('scoping to the stack', () => {
  test("an example ARN with no stand-in of this stack is refused, so nothing slips in unscoped", () => {
    expect(() => swap([{ Effect: 'Allow', Action: 'ecr:PutImage', Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/other' }], {})).toThrow(
      "deploy policy: no resource of this stack stands for 'arn:aws:ecr:eu-west-1:123456789012:repository/other'",
    );
  });

  test("the stack's names replace the examples' in every ARN", () => {
    const role = deployStatements({ ...names, siteBucket: 'b-site', mediaBucket: 'b-media', lockBucket: 'b-locks', distributionId: 'EDIST', repository: 'repo', cluster: 'c', region: 'us-east-2', account: '210987654321' });
    const text = JSON.stringify(role);
    for (const example of [frontend.README_NAMES.bucket, storage.README_PLACE.bucket, n.lockBucket, cdn.EXAMPLE_DISTRIBUTION, `repository/${image.REPOSITORY}`, image.ACCOUNT, 'eu-west-1']) expect(text).not.toContain(example);
    expect(text).toContain('arn:aws:cloudfront::210987654321:distribution/EDIST');
    expect(text).toContain('arn:aws:ecr:us-east-2:210987654321:repository/repo');
    expect(text).toContain('arn:aws:s3:::b-locks/tandem-deploy/locks/ecs/c/');
  });

  test('the same grant from two modes is given once', () => {
    const statement: Statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    expect(distinct([statement, { ...statement, Sid: 'Again' }, { ...statement, Resource: 'arn:aws:s3:::c/*' }])).toHaveLength(2);
  });
});
