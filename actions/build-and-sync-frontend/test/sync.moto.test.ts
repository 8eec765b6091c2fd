import { randomBytes, createHash } from 'node:crypto';
import { testContext } from '@tandem/standins/context';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { InputReader, makeClient, tableInputs } from '@tandem/kit';
import { readInputs } from '../src/inputs.js';
import { run } from '../src/run.js';
import { BASIC_SITE, body, head, heldAt, inputs, makeSite, snapshot, testDeps, useSiteBucket } from './site.js';

let s3: S3Client;
const BUCKET = 'shop-site';
useSiteBucket(BUCKET, (client) => (s3 = client));

const SITE = {
  ...BASIC_SITE,
  'assets/engine-12345678.wasm': Buffer.from([0, 97, 115, 109]),
  'manifest.webmanifest': '{}',
  'sw.js': 'self.addEventListener("fetch", () => {})',
  'favicon.ico': Buffer.from([0, 0, 1, 0]),
};

test('a first deploy uploads every file with its headers, hash record and release record', async () => {
  const dir = await makeSite(SITE);
  const deps = testDeps();
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': dir }), deps, testContext());
  expect(result.plan.uploads).toHaveLength(8);
  const keys = Object.keys(await snapshot(s3, BUCKET)).sort();
  expect(keys).toEqual([...Object.keys(SITE), '_releases/current.json', '_releases/manifests/r1.json'].sort());
  expect(await head(s3, BUCKET, 'index.html')).toMatchObject({
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'no-cache',
    sha256: createHash('sha256').update(SITE['index.html']).digest('hex'),
  });
  expect(await head(s3, BUCKET, 'assets/index-a1b2c3d4.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=31536000, immutable' });
  expect(await head(s3, BUCKET, 'assets/engine-12345678.wasm')).toMatchObject({ contentType: 'application/wasm' });
  expect(await head(s3, BUCKET, 'manifest.webmanifest')).toMatchObject({ contentType: 'application/manifest+json; charset=utf-8', cacheControl: 'no-cache' });
  const manifest = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r1.json'));
  expect(manifest).toMatchObject({ schema: 'tandem-release/1', tier: 'frontend', release: 'r1', commit: 'abc' });
  expect(manifest.files['index.html']).toMatchObject({ entry: true, etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  expect(manifest.files['assets/index-a1b2c3d4.js'].entry).toBe(false);
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json'))).toMatchObject({ current: 'r1', history: [{ release: 'r1', kind: 'deploy' }] });
});

test('the upload order puts every asset before any entry point, and index.html last', async () => {
  const dir = await makeSite(SITE);
  const deps = testDeps();
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': dir, concurrency: '1' }), deps, testContext());
  const order = result.applied?.timings.map((timing) => timing.name) ?? [];
  const firstEntry = order.findIndex((name) => ['about/index.html', 'sw.js', 'manifest.webmanifest', 'index.html'].includes(name));
  expect(order.slice(0, firstEntry).sort()).toEqual(['assets/engine-12345678.wasm', 'assets/index-a1b2c3d4.js', 'assets/index-e5f6a7b8.css', 'favicon.ico']);
  expect(order[order.length - 1]).toBe('index.html');
});

test('a fresh build (every mtime new) with one file changed uploads exactly that file, without a HeadObject', async () => {
  const first = await makeSite(SITE);
  await run(inputs({ bucket: BUCKET, 'source-dir': first }), testDeps(), testContext());
  const fresh = await makeSite({ ...SITE, 'about/index.html': '<h1>ABOUT</h1>' });
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': fresh, 'release-id': 'r2' }), testDeps(), testContext());
  expect(result.plan.uploads.map((upload) => upload.file.name)).toEqual(['about/index.html']);
  expect(result.plan.unchanged).toHaveLength(7);
  expect(result.heads).toBe(0);
  expect(result.changedKeys).toEqual(['about/index.html']);
  expect(await body(s3, BUCKET, 'about/index.html')).toBe('<h1>ABOUT</h1>');
});

test('files named __proto__ and constructor are recorded like any other, and a redeploy trusts the record', async () => {
  // A computed key: a literal __proto__ key would set the object's prototype instead.
  const site = { ...SITE, ['__proto__']: 'a file', 'docs/constructor': 'another' };
  const dir = await makeSite(site);
  await run(inputs({ bucket: BUCKET, 'source-dir': dir }), testDeps(), testContext());
  const text = await body(s3, BUCKET, '_releases/manifests/r1.json');
  const files = (JSON.parse(text) as { files: Record<string, { sha256: string }> }).files;
  expect(Object.hasOwn(files, '__proto__')).toBe(true);
  expect(files.__proto__.sha256).toBe(createHash('sha256').update('a file').digest('hex'));
  expect(files['docs/constructor'].sha256).toBe(createHash('sha256').update('another').digest('hex'));
  const again = await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(site), 'release-id': 'r2' }), testDeps(), testContext());
  expect(again.plan.uploads).toEqual([]);
  expect(again.heads).toBe(0);
});

test('a same-size change (which --size-only misses) is uploaded', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(SITE) }), testDeps(), testContext());
  const changed = { ...SITE, 'sw.js': SITE['sw.js'].replace('fetch', 'FETCH') };
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(changed), 'release-id': 'r2' }), testDeps(), testContext());
  expect(result.plan.uploads.map((upload) => upload.file.name)).toEqual(['sw.js']);
});

test('a headers-only change rewrites metadata server-side, keys with space, unicode, +, % and # included', async () => {
  const odd = { 'index.html': 'home', 'files/a b+c%20d#e.txt': 'odd', 'files/ünï cödé.txt': 'unicode', 'files/100%.txt': 'pct' };
  const dir = await makeSite(odd);
  await run(inputs({ bucket: BUCKET, 'source-dir': dir, prefix: 'shop' }), testDeps(), testContext());
  const listed = Object.keys(await snapshot(s3, BUCKET)).filter((key) => key.startsWith('shop/files/')).sort();
  expect(listed).toEqual(['shop/files/100%.txt', 'shop/files/a b+c%20d#e.txt', 'shop/files/ünï cödé.txt']);
  const before = await snapshot(s3, BUCKET);

  const rerun = await run(inputs({ bucket: BUCKET, 'source-dir': dir, prefix: 'shop', 'release-id': 'r2' }), testDeps(), testContext());
  expect(rerun.plan.unchanged).toHaveLength(4);

  const result = await run(inputs({ bucket: BUCKET, 'source-dir': dir, prefix: 'shop', 'release-id': 'r3', 'cache-control': 'files/**: public, max-age=600' }), testDeps(), testContext());
  expect(result.plan.uploads).toHaveLength(0);
  expect(result.plan.updates.map((update) => update.file.name).sort()).toEqual(['files/100%.txt', 'files/a b+c%20d#e.txt', 'files/ünï cödé.txt']);
  expect(result.changedKeys.sort()).toEqual(listed);
  for (const key of listed) {
    expect(await head(s3, BUCKET, key)).toMatchObject({ cacheControl: 'public, max-age=600', contentType: 'text/plain; charset=utf-8', etag: before[key].etag });
  }
  expect(await body(s3, BUCKET, 'shop/files/a b+c%20d#e.txt')).toBe('odd');
});

test('a Cache-Control rule changed and changed back: each release leaves its own headers live, though the kept records disagree', async () => {
  const dir = await makeSite({ 'index.html': 'home', 'notes.txt': 'notes' });
  const deploy = (release: string, rules = '') => run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': release, 'cache-control': rules }), testDeps(), testContext());
  await deploy('r1');
  const changed = await deploy('r2', 'notes.txt: public, max-age=600');
  expect(changed.plan.updates.map((update) => update.file.name)).toEqual(['notes.txt']);
  // r1 and r2 recorded notes.txt under one ETag with other headers: only a HeadObject says which are live.
  const back = await deploy('r3');
  expect({ updates: back.plan.updates.map((update) => update.file.name), heads: back.heads }).toEqual({ updates: ['notes.txt'], heads: 1 });
  expect(await head(s3, BUCKET, 'notes.txt')).toMatchObject({ cacheControl: 'public, max-age=0, must-revalidate' });
  const again = await deploy('r4');
  expect({ updates: again.plan.updates, unchanged: again.plan.unchanged.length, heads: again.heads }).toEqual({ updates: [], unchanged: 2, heads: 1 });
});

test('a multipart upload records the content hash, and the next run trusts it, with or without the release record', async () => {
  const big = randomBytes(17 * 1024 * 1024);
  const dir = await makeSite({ 'index.html': 'x', 'video/intro.mp4': big });
  const deps = testDeps();
  await run(inputs({ bucket: BUCKET, 'source-dir': dir }), deps, testContext());
  const stored = await head(s3, BUCKET, 'video/intro.mp4');
  expect(stored.etag).toMatch(/-\d+"$/);
  expect(stored.sha256).toBe(createHash('sha256').update(big).digest('hex'));
  expect(stored.contentType).toBe('video/mp4');

  const again = await run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2' }), testDeps(), testContext());
  expect(again.plan.unchanged).toHaveLength(2);
  expect(again.heads).toBe(0);

  await rm(join(dir, 'index.html'));
  await writeFile(join(dir, 'index.html'), 'x');
  const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  for (const key of ['_releases/manifests/r1.json', '_releases/manifests/r2.json', '_releases/current.json']) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  const unrecorded = await run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r3' }), testDeps(), testContext());
  expect(unrecorded.plan.unchanged.map((item) => item.file.name).sort()).toEqual(['index.html', 'video/intro.mp4']);
  expect(unrecorded.heads).toBe(2);
});

test('objects another tool uploaded are compared by their MD5 ETag: no HeadObject for changed ones, one for equal ones', async () => {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'index.html', Body: SITE['index.html'] }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sw.js', Body: 'an older worker' }));
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(SITE) }), testDeps(), testContext());
  expect(result.heads).toBe(1);
  expect(result.plan.updates.map((update) => `${update.file.name}: ${update.reason}`)).toEqual(['index.html: content-type, cache-control, hash record']);
  expect(result.plan.uploads.filter((upload) => upload.reason === 'changed').map((upload) => upload.file.name)).toEqual(['sw.js']);
  expect(await head(s3, BUCKET, 'index.html')).toMatchObject({ cacheControl: 'no-cache', sha256: createHash('sha256').update(SITE['index.html']).digest('hex') });
});

test('a dry run prints the full plan and writes nothing', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(SITE) }), testDeps(), testContext());
  const before = await snapshot(s3, BUCKET);
  const context = testContext();
  const changed = { ...SITE, 'about/index.html': 'new' };
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(changed), 'release-id': 'r2', 'dry-run': 'true' }), testDeps(), context);
  expect(result.applied).toBeUndefined();
  expect(await snapshot(s3, BUCKET)).toEqual(before);
  const log = context.log.text();
  expect(log).toContain('Dry run: would publish release r2');
  expect(log).toContain('replace    about/index.html');
  expect(log).toContain('unchanged  assets/index-a1b2c3d4.js');
  expect(log).toContain('Dry run: nothing was written.');
});

describe('refusals leave the bucket untouched', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeEach(async () => {
    await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(SITE) }), testDeps(), testContext());
    before = await snapshot(s3, BUCKET);
  });
  afterEach(async () => {
    expect(await snapshot(s3, BUCKET)).toEqual(before);
  });

  test('a missing source directory', async () => {
    await expect(run(inputs({ bucket: BUCKET, 'source-dir': '/nonexistent/build', 'release-id': 'r2' }), testDeps(), testContext())).rejects.toThrow(
      "Input 'source-dir': /nonexistent/build does not exist",
    );
  });

  test('an empty source directory', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'empty-'));
    await mkdir(join(empty, 'assets'));
    await expect(run(inputs({ bucket: BUCKET, 'source-dir': empty, 'release-id': 'r2' }), testDeps(), testContext())).rejects.toThrow('is empty: refusing to publish an empty site');
  });

  test('no index.html', async () => {
    const dir = await makeSite({ 'assets/a.js': 'x' });
    await expect(run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2' }), testDeps(), testContext())).rejects.toThrow('has no index.html');
  });

  test('a symlink out of the source directory', async () => {
    const dir = await makeSite({ 'index.html': 'x' });
    await symlink('/etc/passwd', join(dir, 'passwd.txt'));
    await expect(run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2' }), testDeps(), testContext())).rejects.toThrow(/'passwd.txt' is a symlink to \/etc\/passwd, outside the source directory/);
  });

  test('more deletions than max-deletes', async () => {
    const dir = await makeSite({ 'index.html': 'x' });
    const promise = run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2', 'max-deletes': '3', 'keep-releases': '1', 'prune-after': '0s' }), testDeps(), testContext({ clock: heldAt({ now: Date.now() + 60_000 }) }));
    await expect(promise).rejects.toThrow("Input 'max-deletes': the plan would delete 7 objects, more than max-deletes (3); nothing was changed");
  });

  test('a file under the reserved release prefix', async () => {
    const dir = await makeSite({ 'index.html': 'x', '_releases/current.json': '{}' });
    await expect(run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2' }), testDeps(), testContext())).rejects.toThrow("Input 'releases-prefix'");
  });

  test('a bucket that does not exist names the input', async () => {
    const dir = await makeSite(SITE);
    await expect(run(inputs({ bucket: 'no-such-bucket-here', 'source-dir': dir, 'release-id': 'r2' }), testDeps(), testContext())).rejects.toThrow(
      "Input 'bucket': bucket 'no-such-bucket-here' does not exist",
    );
  });
});

test('a site without index.html is published when require-index is false', async () => {
  const dir = await makeSite({ 'data/a.json': '{}' });
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': dir, 'require-index': 'false' }), testDeps(), testContext());
  expect(result.plan.uploads).toHaveLength(1);
});

test('a symlink inside the source directory is published as the file it names', async () => {
  const dir = await makeSite({ 'index.html': 'x', 'assets/a.js': 'a' });
  await symlink(join(dir, 'assets/a.js'), join(dir, 'latest.js'));
  await run(inputs({ bucket: BUCKET, 'source-dir': dir }), testDeps(), testContext());
  expect(await body(s3, BUCKET, 'latest.js')).toBe('a');
});

// A bucket named as the site's domain, as S3 website hosting has it. On a local endpoint the SDK
// would address it as the host www.shop-example.com.127.0.0.1, which is no URL.
test('a bucket whose name has dots is published through a local endpoint', async () => {
  const env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL };
  const given = readInputs(new InputReader(tableInputs({ bucket: 'www.shop-example.com', 'build-command': 'none', 'release-id': 'r1', 'source-dir': await makeSite(BASIC_SITE) })), env);
  expect(given.aws.pathStyle).toBe(true);
  const dotted = makeClient(S3Client, given.aws, 'test');
  await dotted.send(new CreateBucketCommand({ Bucket: 'www.shop-example.com' }));
  const result = await run(given, testDeps(), testContext());
  expect(result.plan.uploads).toHaveLength(Object.keys(BASIC_SITE).length);
  expect(Object.keys(await snapshot(dotted, 'www.shop-example.com'))).toEqual(expect.arrayContaining(Object.keys(BASIC_SITE)));
});

test('a rule that lets browsers keep the pages a year is published as asked, with a warning', async () => {
  const used = testContext();
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(BASIC_SITE), 'cache-control': '**/*.html: public, max-age=31536000' }), testDeps(), used);
  expect(await head(s3, BUCKET, 'index.html')).toMatchObject({ cacheControl: 'public, max-age=31536000' });
  expect(used.log.text('warning')).toContain(
    "cache-control gives 2 page(s) and manifest(s) 'public, max-age=31536000' (about/index.html, index.html): browsers keep them for 1y without asking, so returning visitors would not see a new release until then",
  );
});
