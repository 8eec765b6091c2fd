import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { findLeaks } from '@tandem/standins/leaks';
import { useMoto } from '@tandem/standins/use-moto';
import { body, createBucket, makeSite, s3Client } from '../site.js';

// The bundle's runs (deploy, stage, publish, dry run, rollback, and two that fail) with AWS keys,
// a session token and a GitHub token in the environment: none of them shows anywhere the run
// wrote (stdout before a mask command, stderr, outputs, summary, GITHUB_ENV, GITHUB_STATE).
const SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAQ7EXAMPLE5ZX3KEY',
  AWS_SECRET_ACCESS_KEY: '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',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENwithSomeLength0123456789==',
  GITHUB_TOKEN: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'eyJ0eXAiOiJKV1QiEXAMPLEoidcREQUESTtoken42',
  ACTIONS_RUNTIME_TOKEN: 'eyJ0eXAiOiJKV1QiEXAMPLEruntimeTOKEN4242',
};
let s3: S3Client;

const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  s3 = s3Client();
  await createBucket(s3, 'shop-site');
});

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

test('the install and the build run without the credentials, and with what build-env names', async () => {
  const out = await mkdtemp(join(tmpdir(), 'build-env-'));
  // The build writes its whole environment to a file, as a hostile install script could send it away.
  const build = (file: string) => `env > ${join(out, file)} && mkdir -p dist && echo '<h1>v</h1>' > dist/index.html`;
  const step = (inputs: Record<string, string>) =>
    runBundle('build-and-sync-frontend', {
      inputs: { bucket: 'shop-site', 'release-id': 'b1', ...inputs },
      env: { ...SECRETS, AWS_ENDPOINT_URL: moto.endpoint, ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/', VITE_API_URL: 'https://api.example.com' },
    });
  const plain = await step({ 'build-command': build('plain.env') });
  const passing = await step({ 'build-command': build('passing.env'), 'build-env': 'GITHUB_TOKEN' });
  expect([plain.code, passing.code]).toEqual([0, 0]);
  const seen = async (file: string) => Object.fromEntries((await readFile(join(out, file), 'utf8')).split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const plainEnv = await seen('plain.env');
  expect(Object.keys(plainEnv).filter((name) => name in SECRETS || /^(AWS_(?!REGION)|ACTIONS_)/.test(name))).toEqual([]);
  expect(Object.values(plainEnv).filter((value) => Object.values(SECRETS).includes(value))).toEqual([]);
  expect(plainEnv).toMatchObject({ VITE_API_URL: 'https://api.example.com', AWS_REGION: 'us-east-1' });
  // The log names what was withheld (names only; the values were checked above not to show).
  const withheld = /The build runs without ([A-Z0-9_, ]+) \(/.exec(plain.stdout)?.[1].split(', ') ?? [];
  expect(withheld).toEqual(expect.arrayContaining([...Object.keys(SECRETS), 'ACTIONS_ID_TOKEN_REQUEST_URL', 'GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STATE']));
  expect(withheld).not.toContain('VITE_API_URL');
  expect((await seen('passing.env')).GITHUB_TOKEN).toBe(SECRETS.GITHUB_TOKEN);
  expect([plain, passing].flatMap((run) => findLeaks(run, Object.values(SECRETS)))).toEqual([]);
}, 60_000);
