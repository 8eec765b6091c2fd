import type { S3Client } from '@aws-sdk/client-s3';
import { testContext } from '@tandem/standins/context';
import { run } from '../src/run.js';
import { body, createBucket, failingAfter, head, heldAt, inputs, makeSite, snapshot, testDeps, useSiteBucket } from './site.js';

let s3: S3Client;
const BUCKET = 'shop-site';
const HOUR = 3_600_000;

useSiteBucket(BUCKET, (client) => (s3 = client));

/** A build of version `v`: its index.html names its own hashed chunk, as Vite's does. */
function build(v: number, extra: Record<string, string> = {}) {
  const chunk = `assets/index-0000000${v}.js`;
  return makeSite({ 'index.html': `<script src="/${chunk}"></script> v${v}`, [chunk]: `console.log(${v})`, 'favicon.ico': 'icon', ...extra });
}

const live = async () => Object.keys(await snapshot(s3, BUCKET)).filter((key) => !key.startsWith('_releases/')).sort();

test('old chunks outlive the deploy that replaced them, for keep-releases releases and prune-after', async () => {
  const clock = { now: Date.now() };
  const deploy = async (v: number) => {
    clock.now += 2 * HOUR;
    return run(inputs({ bucket: BUCKET, 'source-dir': await build(v), 'release-id': `r${v}`, 'keep-releases': '2', 'prune-after': '90m' }), testDeps(), testContext({ clock: heldAt(clock) }));
  };
  await deploy(1);
  const second = await deploy(2);
  expect(second.plan.retained).toEqual(['assets/index-00000001.js']);
  expect(second.plan.deletes).toEqual([]);
  const third = await deploy(3);
  // r1 is neither among the last two releases nor was it live in the last 90 minutes.
  expect(third.plan.deletes.map((item) => item.name)).toEqual(['assets/index-00000001.js']);
  expect(third.changedKeys).toContain('assets/index-00000001.js');
  expect(await live()).toEqual(['assets/index-00000002.js', 'assets/index-00000003.js', 'favicon.ico', 'index.html']);

  // A release still open in someone's tab within prune-after keeps its chunk, however many releases follow.
  clock.now += 5 * 60_000;
  const fourth = await run(
    inputs({ bucket: BUCKET, 'source-dir': await build(4), 'release-id': 'r4', 'keep-releases': '1', 'prune-after': '3h' }),
    testDeps(),
    testContext({ clock: heldAt(clock) }),
  );
  expect(fourth.plan.retained.sort()).toEqual(['assets/index-00000002.js', 'assets/index-00000003.js']);
});

const FOREIGN = ['media/upload-1.jpg', 'media/upload-2.jpg', 'other/index.html', 'robots-old.txt'];
const stored = async () => Object.keys(await snapshot(s3, BUCKET)).filter((key) => key.startsWith('_releases/objects/')).sort();

test('a site at the bucket root owns only what its releases listed: foreign objects stay, its own old assets and stored copies go', async () => {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  for (const key of FOREIGN) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `not the site's: ${key}` }));
  const clock = { now: Date.now() };
  const deploy = async (v: number) => {
    clock.now += 2_000;
    return run(inputs({ bucket: BUCKET, prefix: '', 'source-dir': await build(v), 'release-id': `r${v}`, 'keep-releases': '1', 'prune-after': '1s' }), testDeps(), testContext({ clock: heldAt(clock) }));
  };
  const first = await deploy(1);
  expect(first.plan.foreign).toEqual(FOREIGN);
  const second = await deploy(2);
  // r1 was live until this run: its chunk stays, and its index.html is kept in the store before being overwritten.
  expect(second.plan.retained).toEqual(['assets/index-00000001.js']);
  expect(await stored()).toHaveLength(1);
  const third = await deploy(3);
  expect(third.plan.deletes.map((item) => item.name)).toEqual(['assets/index-00000001.js']);
  expect(third.plan.retained).toEqual(['assets/index-00000002.js']);
  expect(third.plan.foreign).toEqual(FOREIGN);
  // r1's stored index.html went with r1; r2's (replaced by this run) is the one copy left.
  expect(third.plan.storeDeletes).toHaveLength(1);
  const r2Index = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r2.json')).files['index.html'].sha256;
  expect(await stored()).toEqual([`_releases/objects/sha256/${r2Index}`]);
  expect(await live()).toEqual(['assets/index-00000002.js', 'assets/index-00000003.js', 'favicon.ico', 'index.html', ...FOREIGN].sort());
  for (const key of FOREIGN) expect(await body(s3, BUCKET, key)).toBe(`not the site's: ${key}`);
});

test('ownership comes from every manifest, also those past the window: a bucket deployed before keeps its history', async () => {
  const clock = { now: Date.now() };
  const deploy = async (v: number, keep = '5') => {
    clock.now += 2 * HOUR;
    return run(inputs({ bucket: BUCKET, 'source-dir': await build(v), 'release-id': `r${v}`, 'keep-releases': keep, 'prune-after': '1h' }), testDeps(), testContext({ clock: heldAt(clock) }));
  };
  // Four releases kept by a generous policy, then a strict one: r1..r3 are past the window and
  // only their manifests say their chunks were the site's.
  for (const v of [1, 2, 3, 4]) await deploy(v);
  const fifth = await deploy(5, '1');
  expect(fifth.plan.deletes.map((item) => item.name).sort()).toEqual(['assets/index-00000001.js', 'assets/index-00000002.js', 'assets/index-00000003.js']);
  expect(fifth.plan.foreign).toEqual([]);
});

test('a deploy killed after its first uploads leaves them owned: pruned with its window, never foreign', async () => {
  const clock = { now: Date.now() };
  const options = { 'keep-releases': '1', 'prune-after': '1s', concurrency: '1' };
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'release-id': 'r1', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  // Four writes: the lock, the manifest naming r2's files, r1's index.html into the store, r2's
  // largest chunk (assets go largest first). Then the runner dies, before any other asset.
  const v2 = await build(2, { 'assets/vendor-00000002.js': 'x'.repeat(100) });
  const killed = run(inputs({ bucket: BUCKET, 'source-dir': v2, 'release-id': 'r2', ...options }), testDeps({ s3: failingAfter(4) }), testContext({ clock: heldAt(clock) }));
  await expect(killed).rejects.toThrow('runner killed');
  expect(await body(s3, BUCKET, 'assets/vendor-00000002.js')).toBe('x'.repeat(100));
  clock.now += 2 * HOUR;
  const third = await run(inputs({ bucket: BUCKET, 'source-dir': await build(3), 'release-id': 'r3', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(third.plan.foreign).toEqual([]);
  clock.now += 2 * HOUR;
  const fourth = await run(inputs({ bucket: BUCKET, 'source-dir': await build(4), 'release-id': 'r4', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(fourth.plan.foreign).toEqual([]);
  expect(await live()).toEqual(['assets/index-00000003.js', 'assets/index-00000004.js', 'favicon.ico', 'index.html']);
});

test('restore-release previous brings the earlier release back with server-side copies only, and can roll forward again', async () => {
  const v1 = await build(1, { 'robots.txt': 'v1' });
  await run(inputs({ bucket: BUCKET, 'source-dir': v1, 'release-id': 'r1' }), testDeps(), testContext());
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(2, { 'robots.txt': 'v2' }), 'release-id': 'r2' }), testDeps(), testContext());
  expect(await body(s3, BUCKET, 'index.html')).toContain('v2');
  const keysBefore = await live();

  const deps = testDeps();
  const restored = await run(inputs({ bucket: BUCKET, 'restore-release': 'previous', 'release-id': 'r3', 'source-dir': '/nonexistent' }), deps, testContext());
  expect(restored.release).toBe('r1');
  expect(restored.plan.uploads.map((upload) => upload.file.source.kind)).toEqual(['stored', 'stored']);
  expect(restored.plan.deletes).toEqual([]);
  expect(await body(s3, BUCKET, 'index.html')).toContain('v1');
  expect(await body(s3, BUCKET, 'robots.txt')).toBe('v1');
  expect(await head(s3, BUCKET, 'index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
  expect(await live()).toEqual(keysBefore);
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json'))).toMatchObject({
    current: 'r1',
    history: [{ release: 'r1' }, { release: 'r2' }, { release: 'r1', kind: 'restore' }],
  });
  expect(restored.changedKeys.sort()).toEqual(['index.html', 'robots.txt']);

  const forward = await run(inputs({ bucket: BUCKET, 'restore-release': 'r2' }), testDeps(), testContext());
  expect(forward.release).toBe('r2');
  expect(await body(s3, BUCKET, 'index.html')).toContain('v2');
  expect(await body(s3, BUCKET, 'robots.txt')).toBe('v2');
});

test('a restore refuses, untouched, a release it cannot rebuild from the bucket, and an unknown id', async () => {
  const clock = { now: Date.now() };
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'release-id': 'r1', 'keep-releases': '1', 'prune-after': '1h' }), testDeps(), testContext({ clock: heldAt(clock) }));
  clock.now += 2 * HOUR;
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2', 'keep-releases': '1', 'prune-after': '1h' }), testDeps(), testContext({ clock: heldAt(clock) }));
  clock.now += 2 * HOUR;
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(3), 'release-id': 'r3', 'keep-releases': '1', 'prune-after': '1h' }), testDeps(), testContext({ clock: heldAt(clock) }));
  const before = await snapshot(s3, BUCKET);
  // r1 is past the window: its chunk was pruned, and its stored index.html with it.
  await expect(run(inputs({ bucket: BUCKET, 'restore-release': 'r1' }), testDeps(), testContext({ clock: heldAt(clock) }))).rejects.toThrow(
    "Input 'restore-release': release cannot be restored from the bucket alone: 2 file(s) are gone (assets/index-00000001.js, index.html)",
  );
  await expect(run(inputs({ bucket: BUCKET, 'restore-release': 'r9' }), testDeps(), testContext({ clock: heldAt(clock) }))).rejects.toThrow("no release 'r9' is recorded in this bucket (recent releases: r1, r2, r3)");
  expect(await snapshot(s3, BUCKET)).toEqual(before);
});

test('with no earlier release, previous is refused', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1) }), testDeps(), testContext());
  await expect(run(inputs({ bucket: BUCKET, 'restore-release': 'previous' }), testDeps(), testContext())).rejects.toThrow('there is no previous release to go back to');
});

test('a run killed half-way leaves the previous release serving, and running it again converges', async () => {
  const v1 = await build(1, { 'about/index.html': 'about v1' });
  await run(inputs({ bucket: BUCKET, 'source-dir': v1, 'release-id': 'r1' }), testDeps(), testContext());
  const v2 = await build(2, { 'about/index.html': 'about v2', 'assets/extra-00000002.js': 'more', 'assets/more-00000002.css': 'x' });
  for (const writes of [1, 3, 5]) {
    const killed = run(inputs({ bucket: BUCKET, 'source-dir': v2, 'release-id': 'r2', concurrency: '1' }), testDeps({ s3: failingAfter(writes) }), testContext());
    await expect(killed).rejects.toThrow('runner killed');
    // Entry points go last: until they do, the old pages are served and every chunk they name is there.
    const index = await body(s3, BUCKET, 'index.html');
    const named = /src="\/([^"]+)"/.exec(index)?.[1] ?? '';
    expect(await body(s3, BUCKET, named)).toMatch(/console\.log/);
  }
  const rerun = await run(inputs({ bucket: BUCKET, 'source-dir': v2, 'release-id': 'r2' }), testDeps(), testContext());
  expect(rerun.plan.uploads.length).toBeLessThan(5);
  const again = await run(inputs({ bucket: BUCKET, 'source-dir': v2, 'release-id': 'r2' }), testDeps(), testContext());
  expect(again.plan.uploads).toEqual([]);
  expect(again.plan.updates).toEqual([]);
  expect(await body(s3, BUCKET, 'index.html')).toContain('v2');
  expect(await body(s3, BUCKET, 'about/index.html')).toBe('about v2');
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json')).current).toBe('r2');
  const manifest = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r2.json'));
  for (const [name, file] of Object.entries(manifest.files as Record<string, { etag: string }>)) {
    expect((await head(s3, BUCKET, name)).etag).toBe(file.etag);
  }
  // r1 can still be restored: its pages were kept before being overwritten.
  await run(inputs({ bucket: BUCKET, 'restore-release': 'r1' }), testDeps(), testContext());
  expect(await body(s3, BUCKET, 'about/index.html')).toBe('about v1');
});

test('the release record can live in another bucket', async () => {
  await createBucket(s3, 'shop-releases');
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'releases-bucket': 'shop-releases' }), testDeps(), testContext());
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2', 'releases-bucket': 'shop-releases' }), testDeps(), testContext());
  expect(Object.keys(await snapshot(s3, BUCKET)).some((key) => key.startsWith('_releases'))).toBe(false);
  expect(Object.keys(await snapshot(s3, 'shop-releases')).sort()).toEqual([
    '_releases/current.json',
    '_releases/manifests/r1.json',
    '_releases/manifests/r2.json',
    expect.stringMatching(/^_releases\/objects\/sha256\/[0-9a-f]{64}$/),
  ]);
  await run(inputs({ bucket: BUCKET, 'restore-release': 'previous', 'releases-bucket': 'shop-releases' }), testDeps(), testContext());
  expect(await body(s3, BUCKET, 'index.html')).toContain('v1');
});
