// The front end's part of the chain, deploy.yml's two jobs and rollback.yml, run through the
// actions' bundles against the resources moto's CloudFormation made from the committed
// template, with moto's IAM enforcement on and the caller holding exactly the policies the
// stack attached to its deploy role (read back from moto's IAM). moto matches resources only for
// S3: the S3 statements run as the stack scoped them, the others with `*` (as in the actions'
// own least-privilege tests). The caller is an IAM user with those policies, not the role
// assumed through GitHub's OIDC provider.
import type { Stack } from '@aws-sdk/client-cloudformation';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { enforcePolicy, relaxPolicy, type Credentials, type PolicyDocument } from '@tandem/standins/iam';
import { MOTO_S3_IAM } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';
import { makeSite } from '../../actions/build-and-sync-frontend/test/site.js';
import { createStack, motoSettings, outputsOf } from './moto-stack.js';

let stack: Stack;
let outputs: Record<string, string>;
let rolePolicies: Record<string, PolicyDocument>;

const moto = useMoto({ script: MOTO_S3_IAM, endpoint: false, reset: 'file' });
beforeAll(async () => {
  stack = await createStack(moto);
  outputs = outputsOf(stack);
  rolePolicies = await policiesOfRole(outputs.AWSROLEARN.split('/').pop()!);
}, 120_000);
afterEach(async () => relaxPolicy(moto));

async function policiesOfRole(role: string): Promise<Record<string, PolicyDocument>> {
  const iam = new IAMClient(motoSettings(moto));
  const found: Record<string, PolicyDocument> = {};
  for (const attached of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? []) {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: Policy!.DefaultVersionId }));
    found[attached.PolicyName!] = JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as PolicyDocument;
  }
  return found;
}

/** moto compares a statement's Resource with `*` outside S3: those resources widen, S3's stay. */
function forMoto(policies: PolicyDocument[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: policies.flatMap((policy) => policy.Statement).map((statement) => {
      const resources = [statement.Resource].flat();
      return resources.every((resource) => resource.startsWith('arn:aws:s3:::')) ? statement : { ...statement, Resource: '*' };
    }),
  };
}

const site = (v: number) => makeSite({ 'index.html': `<script src="/assets/index-0000000${v}.js"></script> v${v}`, [`assets/index-0000000${v}.js`]: `console.log(${v})` });

function step(action: string, deployer: Credentials, inputs: Record<string, string>): Promise<BundleRun> {
  return runBundle(action, { inputs: { 'max-attempts': '2', ...inputs }, env: { ...deployer, AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1' } });
}

/** deploy.yml's front-end jobs for one release: stage the assets, publish, refresh CloudFront. */
async function deploy(deployer: Credentials, release: string, v: number): Promise<BundleRun[]> {
  const bucket = outputs.FRONTENDBUCKET;
  const staged = await step('build-and-sync-frontend', deployer, { bucket, 'build-command': 'none', 'source-dir': await site(v), 'release-id': release, publish: 'assets' });
  const published = await step('build-and-sync-frontend', deployer, { bucket, 'restore-release': release });
  const refreshed = await step('invalidate-cdn', deployer, { 'distribution-id': outputs.DISTRIBUTIONID, 'changed-keys': published.outputs['changed-keys'] ?? '[]', wait: 'true' });
  return [staged, published, refreshed];
}

async function live(admin: Credentials): Promise<string> {
  const s3 = new S3Client({ ...motoSettings(moto), forcePathStyle: true, credentials: { accessKeyId: admin.AWS_ACCESS_KEY_ID, secretAccessKey: admin.AWS_SECRET_ACCESS_KEY } });
  const pointer = await s3.send(new GetObjectCommand({ Bucket: outputs.FRONTENDBUCKET, Key: '_releases/current.json' }));
  const index = await s3.send(new GetObjectCommand({ Bucket: outputs.FRONTENDBUCKET, Key: 'index.html' }));
  return `${JSON.parse((await pointer.Body?.transformToString()) ?? '{}').current} ${await index.Body?.transformToString()}`;
}

test('the stack attached one policy per action to its deploy role', () => {
  expect(Object.keys(rolePolicies)).toHaveLength(5);
});

test("two releases and a rollback of the front end run under the deploy role's policies", async () => {
  const { admin, deployer } = await enforcePolicy(moto, forMoto(Object.values(rolePolicies)));
  const runs = [...(await deploy(deployer, 'r1', 1)), ...(await deploy(deployer, 'r2', 2))];
  expect(await live(admin)).toBe('r2 <script src="/assets/index-00000002.js"></script> v2');
  // rollback.yml's front end: restore the previous release, then refresh CloudFront.
  const restored = await step('build-and-sync-frontend', deployer, { bucket: outputs.FRONTENDBUCKET, 'restore-release': 'previous' });
  const refreshed = await step('invalidate-cdn', deployer, { 'distribution-id': outputs.DISTRIBUTIONID, 'changed-keys': restored.outputs['changed-keys'] ?? '[]', wait: 'true' });
  runs.push(restored, refreshed);
  expect(runs.map((run) => [run.code, run.errors])).toEqual(runs.map(() => [0, []]));
  // Each refresh invalidated what its release changed, and waited for it.
  const refreshes = [runs[2], runs[5], refreshed];
  expect(refreshes.map((run) => [Boolean(run.outputs['invalidation-id']), run.outputs.paths?.includes('/index.html')])).toEqual(refreshes.map(() => [true, true]));
  expect(await live(admin)).toBe('r1 <script src="/assets/index-00000001.js"></script> v1');
}, 240_000);

test("verify-shared-storage's probe of the stack's service and media bucket runs under the deploy role's policies", async () => {
  const { deployer } = await enforcePolicy(moto, forMoto(Object.values(rolePolicies)));
  // Without `image`: the image check needs the Django image, which no step here built.
  const run = await step('verify-shared-storage', deployer, { cluster: outputs.ECSCLUSTER, service: outputs.ECSSERVICE });
  expect([run.code, run.errors]).toEqual([0, []]);
  // The probe wrote, read back and deleted an object in the stack's media bucket, under the role.
  // (moto's CloudFormation leaves the bucket's versioning and Block Public Access off, which the
  // action warns about; the template sets both, see stack.test.ts.)
  expect(run.summary).toMatch(/<td>media-probe<\/td><td>✅ pass<\/td>/);
  expect(run.summary).toMatch(/<td>media-bucket-exists<\/td><td>✅ pass<\/td>/);
}, 120_000);

test("enforcement is on: without the front end's policy the same step is refused", async () => {
  const others = Object.entries(rolePolicies).filter(([name]) => !name.includes('BuildAndSyncFrontend')).map(([, policy]) => policy);
  expect(others).toHaveLength(4);
  const { deployer } = await enforcePolicy(moto, forMoto(others));
  const run = await step('build-and-sync-frontend', deployer, { bucket: outputs.FRONTENDBUCKET, 'build-command': 'none', 'source-dir': await site(3), 'release-id': 'r3', publish: 'assets' });
  expect(run.code).not.toBe(0);
  expect(run.errors.join('\n')).toMatch(/denied|AccessDenied|Access Denied/i);
}, 120_000);
