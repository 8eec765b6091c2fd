import { InputReader, tableInputs } from '@tandem/kit';
import { readInputs } from '../src/inputs.js';

const read = (values: Record<string, string>, env: NodeJS.ProcessEnv = { AWS_REGION: 'eu-west-1', GITHUB_SHA: 'abc123' }) =>
  readInputs(new InputReader(tableInputs({ bucket: 'shop-site', ...values })), env);

test('defaults', () => {
  const inputs = read({});
  expect(inputs).toMatchObject({
    bucket: 'shop-site',
    prefix: '',
    buildCommand: 'auto',
    buildEnv: [],
    releaseId: 'abc123',
    keepReleases: 5,
    pruneAfter: 7 * 86_400_000,
    maxDeletes: 500,
    concurrency: 16,
    dryRun: false,
    requireIndex: true,
    releasesBucket: 'shop-site',
    releasesPrefix: '_releases/',
    aws: { region: 'eu-west-1', maxAttempts: 8 },
  });
});

test.each([
  ['/web/', 'web/', 'web/_releases/'],
  ['web', 'web/', 'web/_releases/'],
  ['a/b', 'a/b/', 'a/b/_releases/'],
])('prefix %j is %j, with the release record under it', (prefix, normalized, releases) => {
  expect(read({ prefix })).toMatchObject({ prefix: normalized, releasesPrefix: releases });
});

test('in another bucket the release record sits at releases-prefix itself', () => {
  expect(read({ prefix: 'web', 'releases-bucket': 'shop-releases', 'releases-prefix': 'frontend' })).toMatchObject({ releasesBucket: 'shop-releases', releasesPrefix: 'frontend/' });
});

test.each([
  [{ bucket: '' }, "Input 'bucket': is required"],
  [{ bucket: 's3://shop' }, "Input 'bucket': 's3://shop' is not an S3 bucket name"],
  [{ bucket: 'arn:aws:s3:::shop' }, 'is not an S3 bucket name'],
  [{ bucket: 'Shop_Site' }, 'is not an S3 bucket name'],
  [{ bucket: 'ab' }, 'is not an S3 bucket name'],
  [{ bucket: '192.168.1.1' }, 'is not an S3 bucket name'],
  [{ bucket: 'my..bucket' }, 'is not an S3 bucket name'],
  // S3's reserved suffix for Multi-Region Access Points: the earlier pattern let it through.
  [{ bucket: 'shop-site.mrap' }, "Input 'bucket': 'shop-site.mrap' is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit (the suffix '.mrap' is reserved by S3)"],
  [{ 'releases-bucket': 'Bad' }, "Input 'releases-bucket'"],
  [{ prefix: 'a/../b' }, "Input 'prefix': 'a/../b' has an empty, '.' or '..' segment"],
  [{ 'release-id': 'feature/x' }, "Input 'release-id': 'feature/x' is not a release id"],
  [{ 'restore-release': '../x' }, "Input 'restore-release': '../x' is neither 'previous' nor a release id"],
  [{ 'keep-releases': '0' }, "Input 'keep-releases': must be at least 1"],
  [{ concurrency: '100' }, "Input 'concurrency': must be at most 64"],
  [{ 'max-deletes': '-1' }, "Input 'max-deletes': must be at least 0"],
  [{ 'prune-after': '7' }, "Input 'prune-after': '7' has no unit"],
  [{ 'dry-run': 'yes' }, "Input 'dry-run': expected true or false"],
  [{ 'require-index': 'no' }, "Input 'require-index': expected true or false"],
  [{ 'cache-control': 'nocolon' }, "Input 'cache-control'"],
  [{ prefix: 's3://shop-site/web' }, "Input 'prefix': 's3://shop-site/web' is an S3 URL: give the key prefix alone, 'web'; the bucket has an input of its own"],
  [{ 'content-type': 'about: html' }, "Input 'content-type': the value of 'about', 'html', is not a media type (type/subtype, then '; name=value' parameters): did you mean 'text/html; charset=utf-8'?"],
  // Globs written on one line: taken as one, each would match no file, and say nothing.
  [{ 'entry-points': 'index.html about.html' }, "Input 'entry-points': 'index.html about.html' holds 2 patterns separated by spaces: give them one per line (a space inside a name is matched by '?')"],
  [{ 'service-workers': 'sw.js workbox-*.js' }, "Input 'service-workers': 'sw.js workbox-*.js' holds 2 patterns separated by spaces: give them one per line or separated by commas"],
  [{ 'unchecked-paths': 'api/** media/' }, "Input 'unchecked-paths': 'api/** media/' holds 2 patterns separated by spaces"],
  [{ 'build-env': 'SENTRY_AUTH_TOKEN\nAWS REGION' }, "Input 'build-env': 'AWS REGION' is not an environment variable name"],
  [{ 'build-env': 'SENTRY_AUTH_TOKEN=sntrys_abc' }, "Input 'build-env': 'SENTRY_AUTH_TOKEN=…' is not an environment variable name"],
  [{ 'build-env': '$SENTRY_AUTH_TOKEN' }, "Input 'build-env': '$SENTRY_AUTH_TOKEN' would be the variable's value: give its name alone (SENTRY_AUTH_TOKEN)"],
  [{ 'service-workers': 'push-worker.js\n/sw-v2.js' }, "Input 'service-workers': '/sw-v2.js' starts with '/'"],
  [{ exclude: '/assets/*.map' }, "Input 'exclude': '/assets/*.map' starts with '/': name the file relative to the site's root, e.g. 'assets/*.map'"],
  [{ exclude: '**/*.map **/*.txt' }, "Input 'exclude': '**/*.map **/*.txt' holds 2 patterns separated by spaces"],
])('%j is refused: %s', (values, message) => {
  expect(() => read(values)).toThrow(message);
});

test('without GITHUB_SHA a release id must be given', () => {
  expect(() => read({}, { AWS_REGION: 'us-east-1' })).toThrow("Input 'release-id': is empty and GITHUB_SHA is not set");
});

test('a valid bucket with dots and dashes is accepted', () => {
  expect(read({ bucket: 'www.example-shop.com' }).bucket).toBe('www.example-shop.com');
});

test('build-env: names, one per line or comma-separated; a value given by mistake is never echoed', () => {
  expect(read({ 'build-env': 'AWS_PROFILE, GITHUB_TOKEN\nSENTRY_AUTH_TOKEN' }).buildEnv).toEqual(['AWS_PROFILE', 'GITHUB_TOKEN', 'SENTRY_AUTH_TOKEN']);
  expect(() => read({ 'build-env': 'TOKEN=sntrys_secret' })).not.toThrow(/sntrys_secret/);
});

test('service-workers: globs, one per line or comma-separated, matched against names relative to the prefix', () => {
  const named = read({ 'service-workers': 'push-worker.js, workers/*.js' }).serviceWorkers;
  expect(['push-worker.js', 'workers/a.js', 'app/push-worker.js', 'sw.js'].map(named)).toEqual([true, true, false, false]);
  expect(read({}).serviceWorkers('push-worker.js')).toBe(false);
});

test('unchecked-paths: globs of paths served from other origins; a URL path is refused', () => {
  const unchecked = read({ 'unchecked-paths': 'api/**, media/**' }).uncheckedPaths;
  expect(['api/logo.png', 'media/a/b.jpg', 'assets/app.js'].map(unchecked)).toEqual([true, true, false]);
  expect(() => read({ 'unchecked-paths': '/api/**' })).toThrow("Input 'unchecked-paths': '/api/**' starts with '/'");
});

describe('promote-from', () => {
  test.each([
    ['shop-staging', { bucket: 'shop-staging', prefix: '', region: 'eu-west-1', releases: { bucket: 'shop-staging', prefix: '_releases/' } }],
    ['shop-staging/web', { bucket: 'shop-staging', prefix: 'web/', region: 'eu-west-1', releases: { bucket: 'shop-staging', prefix: 'web/_releases/' } }],
    ['/shop-staging/a/b/', { bucket: 'shop-staging', prefix: 'a/b/', region: 'eu-west-1', releases: { bucket: 'shop-staging', prefix: 'a/b/_releases/' } }],
    // As the AWS CLI writes a site's place.
    ['s3://shop-staging/web', { bucket: 'shop-staging', prefix: 'web/', region: 'eu-west-1', releases: { bucket: 'shop-staging', prefix: 'web/_releases/' } }],
  ])('%j is the source site, its record under its prefix, in the step\'s region; release-id defaults to current', (value, source) => {
    expect(read({ 'promote-from': value, 'build-command': 'none' })).toMatchObject({ promoteFrom: source, releaseId: 'current' });
  });

  test('promote-from-region names the source\'s region; release-id names the release', () => {
    expect(read({ 'promote-from': 'shop-staging', 'promote-from-region': 'us-east-1', 'release-id': 'abc123' })).toMatchObject({ promoteFrom: { region: 'us-east-1' }, releaseId: 'abc123' });
  });

  test('without GITHUB_SHA a promotion still has its release: current', () => {
    expect(read({ 'promote-from': 'shop-staging' }, { AWS_REGION: 'eu-west-1' })).toMatchObject({ releaseId: 'current' });
  });

  test.each([
    [{ 'promote-from': 'shop-staging', 'restore-release': 'previous' }, "Input 'promote-from': is set together with restore-release"],
    [{ 'promote-from': 'shop-staging', 'build-command': 'npm run build' }, "Input 'promote-from': is set together with build-command 'npm run build': a promotion builds nothing"],
    [{ 'promote-from': 'Shop_Staging/web' }, "Input 'promote-from': 'Shop_Staging' is not an S3 bucket name"],
    [{ 'promote-from': 'arn:aws:s3:::shop-staging' }, "Input 'promote-from': 'arn:aws:s3:::shop-staging' is not an S3 bucket name"],
    [{ 'promote-from': 'shop-staging/a/../b' }, "Input 'promote-from': 'a/../b' has an empty, '.' or '..' segment"],
    [{ 'promote-from': 'shop-site' }, "Input 'promote-from': names this step's own site (s3://shop-site/)"],
    [{ 'promote-from': 'shop-site/web/', prefix: 'web' }, "Input 'promote-from': names this step's own site (s3://shop-site/web/)"],
    [{ 'promote-from': 'shop-staging', 'promote-from-region': 'Europe' }, "Input 'promote-from-region': 'Europe' is not an AWS region such as us-east-1"],
  ])('%j is refused: %s', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });

  test("build-command 'auto', the default the runner passes when the workflow gives none, builds nothing and is not refused", () => {
    expect(read({ 'promote-from': 'shop-staging', 'build-command': 'auto' })).toMatchObject({ promoteFrom: { bucket: 'shop-staging' } });
  });

  test('the same bucket under another prefix is another site', () => {
    expect(read({ 'promote-from': 'shop-site/staging', 'build-command': 'none' })).toMatchObject({ promoteFrom: { bucket: 'shop-site', prefix: 'staging/' } });
  });
});
