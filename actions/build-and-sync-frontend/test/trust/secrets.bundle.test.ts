import type { S3Client } from '@aws-sdk/client-s3';
import { runBundle, type BundleRun } from '../../../../test/support/harness.js';
import { findLeaks } from '../../../../test/support/leaks.js';
import { startMoto, useMotoEndpoint, type Moto } from '../../../../test/support/moto.js';
import { body, createBucket, makeSite, s3Client } from '../site.js';

// The bundle's runs (deploy, stage, publish, dry run, rollback, and two that fail) with AWS keys,
// a session token and a GitHub token in the environment: none of them shows anywhere the run
// wrote (stdout before a mask command, stderr, outputs, summary, GITHUB_ENV, GITHUB_STATE).
const SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAQ7EXAMPLE5ZX3KEY',
  AWS_SECRET_ACCESS_KEY: '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',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENwithSomeLength0123456789==',
  GITHUB_TOKEN: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
};
let moto: Moto;
let s3: S3Client;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEndpoint(moto);
  s3 = s3Client();
  await createBucket(s3, 'shop-site');
});
afterAll(async () => moto?.stop());

test('no secret shows in any run', async () => {
  const release = (v: number) => makeSite({ 'index.html': `<script src="/assets/index-0000000${v}.js"></script> v${v}`, [`assets/index-0000000${v}.js`]: `console.log(${v})` });
  const step = (inputs: Record<string, string>) =>
    runBundle('build-and-sync-frontend', { inputs: { bucket: 'shop-site', 'build-command': 'none', ...inputs }, env: { ...SECRETS, AWS_ENDPOINT_URL: moto.endpoint } });
  const runs: Array<[string, BundleRun]> = [
    ['deploy', await step({ 'source-dir': await release(1), 'release-id': 'r1' })],
    ['stage', await step({ 'source-dir': await release(2), 'release-id': 'r2', publish: 'assets' })],
    ['publish', await step({ 'restore-release': 'r2' })],
    ['dry run', await step({ 'source-dir': await release(3), 'release-id': 'r3', 'dry-run': 'true' })],
    ['rollback', await step({ 'restore-release': 'previous' })],
    ['a missing bucket', await step({ bucket: 'no-such-bucket', 'source-dir': await release(3), 'release-id': 'r3' })],
    ['an unknown release', await step({ 'restore-release': 'r9' })],
  ];
  expect(runs.map(([name, run]) => [name, run.code])).toEqual([
    ['deploy', 0],
    ['stage', 0],
    ['publish', 0],
    ['dry run', 0],
    ['rollback', 0],
    ['a missing bucket', 1],
    ['an unknown release', 1],
  ]);
  expect(await body(s3, 'shop-site', 'index.html')).toContain('v1');
  expect(runs.flatMap(([name, run]) => findLeaks(run, Object.values(SECRETS)).map((leak) => ({ name, ...leak })))).toEqual([]);
}, 120_000);
