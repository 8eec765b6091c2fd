import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testContext } from '@tandem/standins/context';
import { runBundle } from '@tandem/standins/harness';
import { enforcePolicy, relaxPolicy, type PolicyDocument } from '@tandem/standins/iam';
import { MOTO_S3_IAM } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';
import { run } from '../../src/run.js';
import { createBucket, inputs, makeSite, s3Client, testDeps } from '../site.js';
import { policies, promoteSourceReads, README_NAMES } from './policy.js';

// A promotion through the bundle with moto's IAM enforcement on, under this bucket's deploy policy
// plus the README's reads of the source, and failing without either of those reads.
const BUCKET = README_NAMES.bucket;
const SOURCE = 'shop-staging';
const moto = useMoto({ script: MOTO_S3_IAM });
beforeEach(async () => {
  await relaxPolicy(moto);
  await createBucket(s3Client(), BUCKET);
  await createBucket(s3Client(), SOURCE);
});

const SOURCE_READS = promoteSourceReads({ bucket: SOURCE, prefix: '' });

/** The JSON block after the README's "Promote (`promote-from`):" paragraph. */
function readmeSourceReads(): unknown {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const at = readme.indexOf('\nPromote (`promote-from`):');
  if (at < 0) throw new Error('README has no Promote policy paragraph');
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(readme.slice(at))?.[1] ?? 'null');
}

async function attempt(reads: PolicyDocument['Statement']) {
  const site = await makeSite({ 'index.html': '<script src="/assets/index-00000001.js"></script> v1', 'assets/index-00000001.js': 'console.log(1)' });
  await run(inputs({ bucket: SOURCE, 'source-dir': site, 'release-id': 'r1' }), testDeps(), testContext());
  const deploy = policies(README_NAMES).deploy;
  const { admin, deployer } = await enforcePolicy(moto, { ...deploy, Statement: [...deploy.Statement, ...reads] });
  const result = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: BUCKET, 'promote-from': SOURCE, 'max-attempts': '2', 'lock-wait': '0s' },
    env: { ...deployer, AWS_ENDPOINT_URL: moto.endpoint },
  });
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: admin.AWS_ACCESS_KEY_ID, secretAccessKey: admin.AWS_SECRET_ACCESS_KEY } });
  const index = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'index.html' })).then((response) => response.Body?.transformToString(), () => undefined);
  return { result, live: index?.includes('v1') === true };
}

test('the README shows exactly these reads of the source', () => {
  expect(readmeSourceReads()).toEqual({ Version: '2012-10-17', Statement: SOURCE_READS });
});

test('a promotion succeeds under the deploy policy plus the source reads', async () => {
  const { result, live } = await attempt(SOURCE_READS);
  expect([result.code, result.errors, result.warnings]).toEqual([0, [], []]);
  expect(live).toBe(true);
}, 60_000);

test.each(SOURCE_READS.map((statement) => [statement.Action as string, statement] as const))('fails without %s on the source, nothing promoted', async (_action, statement) => {
  const { result, live } = await attempt(SOURCE_READS.filter((other) => other !== statement));
  expect(result.code).not.toBe(0);
  expect(result.errors.join('\n')).toMatch(/denied|AccessDenied|Access Denied/i);
  expect(live).toBe(false);
}, 60_000);
