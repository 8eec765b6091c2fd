// deploy.yml's back-end job and rollback.yml's back end, run through the actions' bundles against
// the resources moto's CloudFormation made from the committed template, holding the stack's
// deploy role the way a workflow job holds it: through AssumeRoleWithWebIdentity with a GitHub
// OIDC token, then moto's IAM enforcement on. moto matches resources only for S3, so the role's
// non-S3 statements are set to `*` in moto (its S3 statements stay as the stack scoped them); the
// per-action least-privilege tests show each of those actions necessary.
//
// The image is built from the example Django project on the local Django base and pushed to a
// local registry that accepts moto's ECR login (nothing is pulled or pushed off this machine);
// its ECR calls (GetAuthorizationToken, DescribeRepositories, DescribeImages, ...) go to moto.
import type { Stack } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  DetachRolePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { exampleWorkspace } from '../../actions/build-push-django-image/test/workspace.js';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { relaxPolicy, type PolicyDocument } from '@tandem/standins/iam';
import { MOTO_AWS, type Moto } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';
import { createStack, motoSettings, outputsOf } from './moto-stack.js';
import { assumeDeployRole, githubToken, type SessionCredentials } from './oidc.js';
import { readEnvironmentsFile } from '../src/app.js';

let moto: Moto;
let registry: Registry;
let stack: Stack;
let outputs: Record<string, string>;
let workspace: string;
let base: string;

const { repository = '', environment: ENVIRONMENT = 'production' } = readEnvironmentsFile()[0];

/** moto compares a statement's Resource with `*` outside S3: those resources widen, S3's stay. */
function forMoto(policy: PolicyDocument): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => {
      const resources = [statement.Resource].flat();
      return resources.every((resource) => resource.startsWith('arn:aws:s3:::')) ? statement : { ...statement, Resource: '*' };
    }),
  };
}

/** Replaces each of the role's policies in moto by its moto-readable form (a new default version). */
async function widenRolePolicies(role: string): Promise<string[]> {
  const iam = new IAMClient(motoSettings(moto));
  const names: string[] = [];
  for (const attached of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? []) {
    const arn = attached.PolicyArn!;
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId }));
    const document = JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as PolicyDocument;
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(forMoto(document)), SetAsDefault: true }));
    const { Versions } = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    for (const version of Versions ?? []) if (!version.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version.VersionId }));
    names.push(attached.PolicyName!);
  }
  return names;
}

beforeAll(async () => {
  await ensureDocker();
  moto = await sharedMoto({ script: MOTO_AWS, env: { MOTO_ROLLOUT_SECONDS: '1' } });
  [workspace, base] = await Promise.all([exampleWorkspace(), ensureDjangoBaseImage()]);
  stack = await createStack(moto);
  outputs = outputsOf(stack);
  // The registry holds the base image's layer from the start (see registry-seed.ts): a push moves the shop's own layers.
  registry = await startRegistry({ holding: { image: base, repositories: [outputs.ECRREPOSITORY] } });
  expect(await widenRolePolicies(outputs.AWSROLEARN.split('/').pop()!)).toHaveLength(5);
}, 900_000);
afterAll(async () => {
  if (moto) await relaxPolicy(moto);
  await Promise.all([moto?.stop(), registry?.stop()]);
});

function step(action: string, session: SessionCredentials, sha: string, inputs: Record<string, string>): Promise<BundleRun> {
  return runBundle(action, {
    workspace,
    sha,
    inputs: { 'max-attempts': '2', ...inputs },
    env: { ...session, AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1' },
    timeoutMs: 600_000,
  });
}

/** deploy.yml's back-end job for one commit: build and push the image, then migrate and roll out. */
async function deploy(session: SessionCredentials, sha: string): Promise<BundleRun[]> {
  const image = await step('build-push-django-image', session, sha, {
    repository: outputs.ECRREPOSITORY,
    registry: registry.address,
    'build-args': `BASE_IMAGE=${base}\nINSTALL_REQUIREMENTS=false`,
    // The Django checks run in a local container and call no AWS API: the role's permissions,
    // what this test is about, are the same without them (they are tested in the action's own files).
    'django-checks': 'false',
  });
  if (image.code !== 0) return [image];
  const rollout = await step('rolling-deploy-behind-elb', session, sha, {
    cluster: outputs.ECSCLUSTER,
    service: outputs.ECSSERVICE,
    image: image.outputs.image,
    'release-id': sha,
    'migrate-command': 'python manage.py migrate --noinput',
    'lock-bucket': outputs.DEPLOYLOCKBUCKET,
    // As deploy.yml: the stack's services start at 0 tasks, and the first deploy raises them.
    'minimum-tasks': '2',
    'poll-interval': '200ms',
    'wait-timeout': '2m',
  });
  return [image, rollout];
}

async function desiredCount(): Promise<number | undefined> {
  await relaxPolicy(moto);
  const ecs = new ECSClient(motoSettings(moto));
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: outputs.ECSCLUSTER, services: [outputs.ECSSERVICE] }));
  return services![0].desiredCount;
}

/** The service's rollout target, read with enforcement off (the test's own keys are no IAM user's). */
async function serving(): Promise<string> {
  await relaxPolicy(moto);
  const ecs = new ECSClient(motoSettings(moto));
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: outputs.ECSCLUSTER, services: [outputs.ECSSERVICE] }));
  return services![0].taskDefinition!;
}

test("two releases and a rollback of the back end run under the deploy role, held through GitHub's OIDC provider", async () => {
  const session = await assumeDeployRole(moto, outputs.AWSROLEARN, githubToken(repository, ENVIRONMENT));
  expect(session.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  await moto.api('reset-auth', '0');

  const first = await deploy(session, 'a'.repeat(40));
  const second = await deploy(session, 'b'.repeat(40));
  const runs = [...first, ...second];
  expect(runs.map((run) => [run.code, run.errors])).toEqual([0, 0, 0, 0].map(() => [0, []]));
  const [, r1, , r2] = runs;
  expect(r2.outputs['previous-task-definition-arn']).toBe(r1.outputs['task-definition-arn']);
  expect(await serving()).toBe(r2.outputs['task-definition-arn']);
  expect(await desiredCount()).toBe(2);

  // rollback.yml's back end: the previous release, by its record.
  await moto.api('reset-auth', '0');
  const back = await step('rolling-deploy-behind-elb', session, 'c'.repeat(40), {
    cluster: outputs.ECSCLUSTER,
    service: outputs.ECSSERVICE,
    'rollback-to': 'previous',
    'lock-bucket': outputs.DEPLOYLOCKBUCKET,
    'poll-interval': '200ms',
    'wait-timeout': '2m',
  });
  expect([back.code, back.errors]).toEqual([0, []]);
  expect(await serving()).toBe(r1.outputs['task-definition-arn']);
}, 900_000);

test("enforcement is on: the role's session without its rollout policy is refused the rollout", async () => {
  await relaxPolicy(moto);
  const iam = new IAMClient(motoSettings(moto));
  const role = outputs.AWSROLEARN.split('/').pop()!;
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? [];
  const rollout = attached.find((policy) => /RollingDeploy/i.test(policy.PolicyName ?? ''))!;
  expect(rollout).toBeDefined();
  await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: rollout.PolicyArn }));
  try {
    const session = await assumeDeployRole(moto, outputs.AWSROLEARN, githubToken(repository, ENVIRONMENT));
    await moto.api('reset-auth', '0');
    const run = await step('rolling-deploy-behind-elb', session, 'd'.repeat(40), { cluster: outputs.ECSCLUSTER, service: outputs.ECSSERVICE, 'rollback-to': 'previous', 'poll-interval': '200ms' });
    expect(run.code).not.toBe(0);
    // The rollout's first reads go out together, so the refusal names whichever of them came back first.
    expect(run.errors.join('\n')).toMatch(/(ListTaskDefinitions|DescribeServices|DescribeTaskDefinition) \(ECS\)|DescribeTargetGroup\w* \(ElasticLoadBalancingV2\)/);
    // moto answers an ECS denial with an XML body the SDK cannot read as ECS's JSON; the same call
    // with the session's keys shows what it was: HTTP 403.
    const ecs = new ECSClient({ ...motoSettings(moto), maxAttempts: 1, credentials: { accessKeyId: session.AWS_ACCESS_KEY_ID, secretAccessKey: session.AWS_SECRET_ACCESS_KEY, sessionToken: session.AWS_SESSION_TOKEN } });
    const refused = await ecs.send(new ListTaskDefinitionsCommand({})).then(() => undefined, (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode);
    expect(refused).toBe(403);
  } finally {
    await relaxPolicy(moto);
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: rollout.PolicyArn }));
  }
}, 300_000);
