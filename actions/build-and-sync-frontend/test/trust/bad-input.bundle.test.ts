import { symlink, writeFile } from 'node:fs/promises';
import { testContext } from '@tandem/standins/context';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { run } from '../../src/run.js';
import { createBucket, inputs, makeSite, s3Client, snapshot, testDeps } from '../site.js';

// A catalogue of bad inputs, each through the bundle: refused with a message naming the input and
// the fix, with zero write calls (every call passes a fault proxy at rate 0) and the bucket as it was.
const BUCKET = 'shop-site';
let proxy: FaultProxy;
let s3: S3Client;
let site: string;
let before: Awaited<ReturnType<typeof snapshot>>;

const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint);
  s3 = s3Client();
  await createBucket(s3, BUCKET);
  site = await makeSite({ 'index.html': '<script src="/assets/index-00000001.js"></script>', 'assets/index-00000001.js': 'console.log(1)' });
  await run(inputs({ bucket: BUCKET, 'source-dir': site, 'release-id': 'r1' }), testDeps(), testContext());
  before = await snapshot(s3, BUCKET);
});
afterAll(async () => {
  await proxy?.stop();
});

/** name, inputs, the message, and the build output when not the good one. */
type Case = [string, Record<string, string>, string, (() => Promise<string>) | undefined];

const CASES: Case[] = [
  ['an s3:// URL for the bucket', { bucket: 's3://shop-site' }, "Input 'bucket': 's3://shop-site' is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens", undefined],
  ['upper case and an underscore in the bucket', { bucket: 'Shop_Site' }, "Input 'bucket': 'Shop_Site' is not an S3 bucket name", undefined],
  ['a bucket that does not exist', { bucket: 'no-such-bucket' }, "Input 'bucket': bucket 'no-such-bucket' does not exist (or is in another account): check the name", undefined],
  ['an ARN for the releases bucket', { 'releases-bucket': 'arn:aws:s3:::shop-releases' }, "Input 'releases-bucket': 'arn:aws:s3:::shop-releases' is not an S3 bucket name", undefined],
  ['a releases bucket that does not exist', { 'releases-bucket': 'no-such-releases' }, "Input 'releases-bucket': bucket 'no-such-releases' does not exist", undefined],
  ['a typo in dry-run', { 'dry-run': 'yes' }, "Input 'dry-run': expected true or false, got 'yes'", undefined],
  ['a typo in require-index', { 'require-index': 'ture' }, "Input 'require-index': expected true or false, got 'ture'", undefined],
  ['a bare number for prune-after', { 'prune-after': '7' }, "Input 'prune-after': '7' has no unit", undefined],
  ['a word for lock-wait', { 'lock-wait': 'forever' }, "Input 'lock-wait':", undefined],
  ['a typo in publish', { publish: 'asset' }, "Input 'publish': expected one of 'all', 'assets', got 'asset'", undefined],
  ['publish: assets with restore-release', { publish: 'assets', 'restore-release': 'r1' }, "Input 'publish': is 'assets' together with restore-release", undefined],
  ['a release id with a slash', { 'release-id': '../r2' }, "Input 'release-id': '../r2' is not a release id: 1 to 128 letters, digits", undefined],
  ['a restore-release that is no id', { 'restore-release': 'last one' }, "Input 'restore-release': 'last one' is neither 'previous' nor a release id", undefined],
  ['zero keep-releases', { 'keep-releases': '0' }, "Input 'keep-releases':", undefined],
  ['concurrency past 64', { concurrency: '65' }, "Input 'concurrency':", undefined],
  ['a word for max-attempts', { 'max-attempts': 'many' }, "Input 'max-attempts':", undefined],
  ['an S3 URL for prefix', { prefix: 's3://shop-site/web' }, "Input 'prefix': 's3://shop-site/web' is an S3 URL: give the key prefix alone, 'web'; the bucket has an input of its own", undefined],
  ['an empty segment in prefix', { prefix: 'shop//web' }, "Input 'prefix': 'shop//web' has an empty, '.' or '..' segment", undefined],
  ['a cache rule without a colon', { 'cache-control': '*.html no-cache' }, "Input 'cache-control': expected 'pattern: value' on each line, got '*.html no-cache'", undefined],
  ['a bare extension for a Content-Type', { 'content-type': 'about: html' }, "Input 'content-type': the value of 'about', 'html', is not a media type (type/subtype, then '; name=value' parameters): did you mean 'text/html; charset=utf-8'?", undefined],
  ['a cache value with a control character', { 'cache-control': '*.html: no-cache\u0007' }, "Input 'cache-control': the value of '*.html' must be printable ASCII", undefined],
  ['a value instead of a name in build-env', { 'build-env': 'SENTRY_AUTH_TOKEN=sntrys_abc' }, "Input 'build-env': 'SENTRY_AUTH_TOKEN=…' is not an environment variable name: give names only", undefined],
  ['the bucket\'s S3 endpoint for its name', { bucket: 'shop-site.s3.eu-west-1.amazonaws.com' }, "Input 'bucket': 'shop-site.s3.eu-west-1.amazonaws.com' is the bucket's S3 endpoint: give its name alone (shop-site)", undefined],
  ['two entry points on one line', { 'entry-points': 'index.html about.html' }, "Input 'entry-points': 'index.html about.html' holds 2 patterns separated by spaces: give them one per line (a space inside a name is matched by '?')", undefined],
  ['a URL path in service-workers', { 'service-workers': '/push-worker.js' }, "Input 'service-workers': '/push-worker.js' starts with '/': name the file relative to the site's root, e.g. 'push-worker.js'", undefined],
  ['promote-from with restore-release', { 'promote-from': 'shop-staging', 'restore-release': 'r1' }, "Input 'promote-from': is set together with restore-release: a promotion copies a release from another bucket", undefined],
  ['promote-from with a build command of its own', { 'promote-from': 'shop-staging', 'build-command': 'npm run build' }, "Input 'promote-from': is set together with build-command 'npm run build': a promotion builds nothing", undefined],
  ['promote-from that is no bucket name', { 'promote-from': 'Shop_Staging/web' }, "Input 'promote-from': 'Shop_Staging' is not an S3 bucket name", undefined],
  ['promote-from naming the site itself', { 'promote-from': BUCKET }, "Input 'promote-from': names this step's own site (s3://shop-site/)", undefined],
  ['promote-from-region that is no region', { 'promote-from': 'shop-staging', 'promote-from-region': 'EU' }, "Input 'promote-from-region': 'EU' is not an AWS region such as us-east-1", undefined],
  // The source is read, never written: r9 is not in its release history.
  ['a release that never served in the source', { prefix: 'production', 'promote-from': BUCKET, 'release-id': 'r9' }, "Input 'release-id': release 'r9' never served in s3://shop-site/: its release history is r1", undefined],
  ['a source dir that does not exist', { 'source-dir': '/nonexistent/dist' }, "Input 'source-dir': /nonexistent/dist does not exist: did the build write its output somewhere else?", undefined],
  ['a build output without index.html', {}, "has no index.html: is this the build output? Set require-index: false to publish a site without one", () => makeSite({ 'app.js': 'x' })],
  ['a file under the release record', {}, "Input 'releases-prefix': '_releases/x.json' lies under the release record's prefix '_releases/': set releases-prefix to another name", () =>
    makeSite({ 'index.html': 'v2', '_releases/x.json': '{}' })],
  ['a symlink out of the build output', {}, "Input 'source-dir': 'etc' is a symlink to /etc, outside the source directory: refusing to publish files from elsewhere", async () => {
    const dir = await makeSite({ 'index.html': 'v2' });
    await symlink('/etc', join(dir, 'etc'));
    return dir;
  }],
  ['a file name that is not UTF-8', {}, "Input 'source-dir': 'assets/bad\\xff\\xfe.txt' is not a valid UTF-8 file name, so it cannot be an S3 key: rename it in the build output", async () => {
    const dir = await makeSite({ 'index.html': 'v2', 'assets/ok.js': 'x' });
    await writeFile(Buffer.concat([Buffer.from(join(dir, 'assets/bad')), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'x');
    return dir;
  }],
];

test.each(CASES)('%s', async (_name, given, message, prepare) => {
  const source = prepare ? await prepare() : site;
  const callsBefore = proxy.calls.length;
  const result = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: BUCKET, 'build-command': 'none', 'source-dir': source, 'release-id': 'r2', ...given },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toContain(message);
  expect(result.outputs).toEqual({});
  expect(proxy.calls.slice(callsBefore).filter((call) => !/^S3 (GET|HEAD) /.test(call))).toEqual([]);
  expect(await snapshot(s3, BUCKET)).toEqual(before);
});

test(`the catalogue holds ${CASES.length} bad inputs`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(20);
  expect(proxy.writes()).toEqual([]);
});
