import { testContext } from '@tandem/standins/context';
import { S3Client, HeadObjectCommand } from '@aws-sdk/client-s3';
import { runBundle } from '@tandem/standins/harness';
import { actionsOf, enforcePolicy, relaxPolicy, without, type Credentials, type PolicyDocument } from '@tandem/standins/iam';
import { MOTO_S3_IAM } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';
import { run } from '../../src/run.js';
import { createBucket, inputs, makeSite, s3Client, testDeps } from '../site.js';
import { policies, readmePolicies, README_NAMES, type Mode } from './policy.js';

// Each mode's scenario runs through the bundle under exactly the README's policy, with moto's IAM
// enforcement on (S3 resources are matched, down to the lock's key), and fails without any one of
// its actions. s3:AbortMultipartUpload is the exception: only a multipart upload that fails calls
// it, which no scenario here can bring about under enforcement; it stays in the policy so a
// failed large upload can clean up its parts.
const BUCKET = README_NAMES.bucket;
const POLICIES = policies(README_NAMES);

const moto = useMoto({ script: MOTO_S3_IAM });
beforeAll(() => {
  // moto 5.2's S3 authorisation differs from AWS's in two places this action meets (see the script).
});
beforeEach(async () => {
  await relaxPolicy(moto);
  await createBucket(s3Client(), BUCKET);
});

function release(v: number) {
  return makeSite({ 'index.html': `<script src="/assets/index-0000000${v}.js"></script> v${v}`, [`assets/index-0000000${v}.js`]: `console.log(${v})`, 'favicon.svg': `<svg>${v}</svg>` });
}

const RETENTION = { 'keep-releases': '1', 'prune-after': '0s' };

/** Set up with moto's default keys before enforcement: r1 and r2 published. */
async function twoReleases(): Promise<void> {
  await run(inputs({ bucket: BUCKET, 'source-dir': await release(1), 'release-id': 'r1' }), testDeps(), testContext());
  await run(inputs({ bucket: BUCKET, 'source-dir': await release(2), 'release-id': 'r2' }), testDeps(), testContext());
}

const adminClient = (admin: Credentials) =>
  new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: admin.AWS_ACCESS_KEY_ID, secretAccessKey: admin.AWS_SECRET_ACCESS_KEY } });

const exists = (s3: S3Client, key: string) => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(() => true, () => false);

interface Scenario {
  inputs: () => Promise<Record<string, string>>;
  /** The end state the run must leave, read with the admin's keys. */
  check: (s3: S3Client) => Promise<boolean>;
}

const current = async (s3: S3Client) => JSON.parse(await bodyOf(s3, '_releases/current.json')).current as string;
async function bodyOf(s3: S3Client, key: string): Promise<string> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  return (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString()) ?? '';
}

const SCENARIOS: Record<Mode, Scenario> = {
  // r3 published in one run, pruning r1's chunk.
  deploy: {
    inputs: async () => ({ 'source-dir': await release(3), 'release-id': 'r3', ...RETENTION }),
    check: async (s3) => (await current(s3)) === 'r3' && !(await exists(s3, 'assets/index-00000001.js')) && !(await exists(s3, '_releases/lock.json')),
  },
  // r3 staged: its chunk up, its page in the store, r2 still served.
  stage: {
    inputs: async () => ({ 'source-dir': await release(3), 'release-id': 'r3', publish: 'assets' }),
    check: async (s3) =>
      (await current(s3)) === 'r2' && (await exists(s3, 'assets/index-00000003.js')) && (await bodyOf(s3, 'index.html')).includes('v2') && (await exists(s3, '_releases/manifests/r3.json')) && !(await exists(s3, '_releases/lock.json')),
  },
  rollback: {
    inputs: async () => ({ 'restore-release': 'previous' }),
    check: async (s3) => (await current(s3)) === 'r1' && (await bodyOf(s3, 'index.html')).includes('v1') && !(await exists(s3, '_releases/lock.json')),
  },
  dryRun: {
    inputs: async () => ({ 'source-dir': await release(3), 'release-id': 'r3', 'dry-run': 'true' }),
    check: async (s3) => (await current(s3)) === 'r2' && !(await exists(s3, 'assets/index-00000003.js')),
  },
};

async function attempt(mode: Mode, policy: PolicyDocument) {
  await twoReleases();
  const given = await SCENARIOS[mode].inputs();
  const { admin, deployer } = await enforcePolicy(moto, policy);
  const result = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: BUCKET, 'build-command': 'none', 'max-attempts': '2', 'lock-wait': '0s', ...given },
    env: { ...deployer, AWS_ENDPOINT_URL: moto.endpoint },
  });
  const ended = await SCENARIOS[mode].check(adminClient(admin));
  return { result, ended };
}

test('the README shows exactly these policies', () => {
  expect(readmePolicies()).toEqual(POLICIES);
});

describe.each(Object.keys(POLICIES) as Mode[])('%s', (mode) => {
  test('succeeds under exactly the README policy', async () => {
    const { result, ended } = await attempt(mode, POLICIES[mode]);
    expect([result.code, result.errors, result.warnings]).toEqual([0, [], []]);
    expect(ended).toBe(true);
  }, 60_000);

  const necessary = actionsOf(POLICIES[mode]).filter((action) => action !== 's3:AbortMultipartUpload');
  test.each(necessary)(`fails without %s`, async (action) => {
    const { result, ended } = await attempt(mode, without(POLICIES[mode], action));
    // Either the step fails, or it leaves the bucket other than the scenario must (a lock left behind).
    expect(result.code !== 0 || !ended).toBe(true);
    if (result.code !== 0) expect(result.errors.join('\n')).toMatch(/denied|AccessDenied|Access Denied/i);
  }, 60_000);
});

test('publishing a staged release runs under the deploy policy', async () => {
  await twoReleases();
  await run(inputs({ bucket: BUCKET, 'source-dir': await release(3), 'release-id': 'r3', publish: 'assets' }), testDeps(), testContext());
  const { admin, deployer } = await enforcePolicy(moto, POLICIES.deploy);
  const result = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: BUCKET, 'restore-release': 'r3', 'max-attempts': '2', ...RETENTION },
    env: { ...deployer, AWS_ENDPOINT_URL: moto.endpoint },
  });
  expect([result.code, result.errors]).toEqual([0, []]);
  const s3 = adminClient(admin);
  expect(await current(s3)).toBe('r3');
  expect(await exists(s3, 'assets/index-00000001.js')).toBe(false);
}, 60_000);

