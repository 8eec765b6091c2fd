import { createHash } from 'node:crypto';
// One promotion as the runner runs it: the bundle deploys a built site to staging (us-east-1),
// then promotes what serves there to production (eu-west-1) with no checkout and no build.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeClient } from '@tandem/kit';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { body, makeSite, snapshot } from './site.js';

const ACTION = 'build-and-sync-frontend';
const STAGING = 'shop-staging';
const PRODUCTION = 'shop-production';
const moto = useMoto({ buckets: [STAGING] });
let production: S3Client;
let staging: S3Client;

beforeAll(() => {
  staging = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 3 }, 'test');
  production = makeClient(S3Client, { region: 'eu-west-1', maxAttempts: 3 }, 'test');
});
beforeEach(async () => {
  await production.send(new CreateBucketCommand({ Bucket: PRODUCTION, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
});

const sha256 = async (s3: S3Client, bucket: string, key: string) =>
  createHash('sha256').update(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray()).digest('hex');

test('promote-from: the release serving in staging goes live in production, copied server-side, every object byte for byte', async () => {
  const site = await makeSite({ 'index.html': '<script src="/assets/app-1a2b3c4d.js"></script>', 'assets/app-1a2b3c4d.js': 'console.log(1)', 'logo.svg': '<svg/>' });
  const deployed = await runBundle(ACTION, {
    sha: 'aaaa1111',
    inputs: { bucket: STAGING, 'build-command': 'none', 'source-dir': site, 'aws-region': 'us-east-1' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
  });
  expect(deployed.errors).toEqual([]);

  // The promoting job has no checkout: an empty workspace, and another commit checked out.
  const empty = await mkdtemp(join(tmpdir(), 'workspace-'));
  const promoted = await runBundle(ACTION, {
    workspace: empty,
    sha: 'ffff9999',
    inputs: { bucket: PRODUCTION, 'aws-region': 'eu-west-1', 'promote-from': STAGING, 'promote-from-region': 'us-east-1' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
  });
  expect(promoted.errors).toEqual([]);
  expect(promoted.code).toBe(0);
  expect(promoted.outputs).toMatchObject({ 'release-id': 'aaaa1111', 'promoted-from': 's3://shop-staging/', uploaded: '3', 'previous-release-id': '' });
  expect(promoted.stdout).toContain('promoted aaaa1111 from s3://shop-staging/ (us-east-1): nothing built or uploaded from the runner');
  expect(promoted.summary).toContain('promoted aaaa1111 from s3://shop-staging/ (us-east-1)');

  const keys = Object.keys(await snapshot(production, PRODUCTION)).filter((key) => !key.startsWith('_releases/'));
  expect(keys.sort()).toEqual(['assets/app-1a2b3c4d.js', 'index.html', 'logo.svg']);
  for (const key of keys) expect(await sha256(production, PRODUCTION, key)).toBe(await sha256(staging, STAGING, key));
  const pointer = JSON.parse(await body(production, PRODUCTION, '_releases/current.json'));
  expect(pointer.history).toEqual([expect.objectContaining({ release: 'aaaa1111', promotedFrom: { bucket: STAGING, prefix: '', region: 'us-east-1', release: 'aaaa1111' } })]);

  const refused = await runBundle(ACTION, {
    workspace: empty,
    inputs: { bucket: PRODUCTION, 'aws-region': 'eu-west-1', 'promote-from': STAGING, 'promote-from-region': 'us-east-1', 'release-id': 'bbbb2222' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
  });
  expect(refused.code).not.toBe(0);
  expect(refused.errors.join('\n')).toContain("release 'bbbb2222' never served in s3://shop-staging/: its release history is aaaa1111");
});
