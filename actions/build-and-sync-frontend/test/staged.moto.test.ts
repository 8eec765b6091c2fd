import { testContext } from '@tandem/standins/context';
import { type S3Client } from '@aws-sdk/client-s3';
import { run } from '../src/run.js';
import { body, head, heldAt, inputs, makeSite, served, testDeps, useSiteBucket } from './site.js';

// publish: assets stages a release while the back end rolls out; restore-release publishes it.
let s3: S3Client;
const BUCKET = 'shop-site';
const HOUR = 3_600_000;

useSiteBucket(BUCKET, (client) => (s3 = client));

/** Release `v`: a page naming its own chunk, a favicon whose content changes, robots.txt, and a page only v2+ has. */
function build(v: number) {
  const chunk = `assets/index-0000000${v}.js`;
  return makeSite({
    'index.html': `<script src="/${chunk}"></script> v${v}`,
    [chunk]: `console.log(${v})`,
    'favicon.svg': `<svg>${v}</svg>`,
    'robots.txt': `User-agent: * v${v}`,
    'logo.png': 'same logo',
    ...(v >= 2 ? { 'pricing/index.html': `pricing v${v}` } : {}),
  });
}

const servedNow = () => served(s3, BUCKET);

// A manifest no pointer names dates from when S3 wrote it (real time, to the second): each test's
// clock puts the staging runs at the real time and the other runs hours around it.
const realTime = (offsetHours: number) => Date.now() + offsetHours * HOUR;

const pointer = async () => JSON.parse(await body(s3, BUCKET, '_releases/current.json'));

test('staged, then published with restore-release: nothing live changes until then, and changed-keys names every page that differs from the live release', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'release-id': 'r1' }), testDeps(), testContext());
  const before = await servedNow();

  const staged = await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2', publish: 'assets' }), testDeps(), testContext());
  expect(staged.plan.uploads.map((upload) => upload.file.name)).toEqual(['assets/index-00000002.js']);
  expect(staged.staged.map((item) => item.file.name).sort()).toEqual(['favicon.svg', 'index.html', 'pricing/index.html', 'robots.txt']);
  expect(staged.plan.deletes).toEqual([]);
  expect(staged.changedKeys).toEqual([]);
  // Every object r1 served is served byte for byte with the same headers; only the new chunk is added.
  const during = await servedNow();
  const { ['assets/index-00000002.js']: added, ...rest } = during;
  expect(rest).toEqual(before);
  expect(added.cacheControl).toBe('public, max-age=31536000, immutable');
  expect(await pointer()).toMatchObject({ current: 'r1', history: [{ release: 'r1' }] });
  const manifest = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r2.json'));
  expect(Object.keys(manifest.files).sort()).toEqual(['assets/index-00000002.js', 'favicon.svg', 'index.html', 'logo.png', 'pricing/index.html', 'robots.txt']);
  expect(manifest.files['index.html'].etag).toBe('');

  const published = await run(inputs({ bucket: BUCKET, 'restore-release': 'r2' }), testDeps(), testContext());
  expect(published.release).toBe('r2');
  expect(published.firstPublication).toBe(true);
  expect(published.previous).toBe('r1');
  expect(published.plan.uploads.map((upload) => upload.file.source.kind)).toEqual(['stored', 'stored', 'stored', 'stored']);
  // The chunk went up with the staging run, so only a comparison with r1 finds the rest; the new page is listed for a cached 404.
  expect(published.changedKeys.sort()).toEqual(['favicon.svg', 'index.html', 'pricing/index.html', 'robots.txt']);
  expect(await body(s3, BUCKET, 'index.html')).toBe('<script src="/assets/index-00000002.js"></script> v2');
  expect(await body(s3, BUCKET, 'favicon.svg')).toBe('<svg>2</svg>');
  expect(await head(s3, BUCKET, 'pricing/index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
  expect(await pointer()).toMatchObject({ current: 'r2', history: [{ release: 'r1', kind: 'deploy' }, { release: 'r2', kind: 'deploy' }] });
  // The record now holds the ETags S3 gave the copies: the next run trusts the listing.
  const recorded = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r2.json'));
  for (const [name, file] of Object.entries(recorded.files as Record<string, { etag: string }>)) expect((await head(s3, BUCKET, name)).etag).toBe(file.etag);

  // A deploy of the same build afterwards has nothing to do.
  const again = await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2' }), testDeps(), testContext());
  expect([again.plan.uploads, again.plan.updates, again.changedKeys, again.heads]).toEqual([[], [], [], 0]);
  // And r1 can be rolled back to, from the copies kept when r2 replaced its files.
  const back = await run(inputs({ bucket: BUCKET, 'restore-release': 'previous' }), testDeps(), testContext());
  expect(back.release).toBe('r1');
  expect(back.firstPublication).toBe(false);
  expect(back.plan.deletes).toEqual([]);
  expect(back.changedKeys.sort()).toEqual(['favicon.svg', 'index.html', 'robots.txt']);
  const { ['assets/index-00000002.js']: _chunk, ['pricing/index.html']: _page, ...restored } = await servedNow();
  expect(restored).toEqual(before);
});

test('staged while the back end fails: never published, the bucket serves the previous release byte for byte, and the next release publishes over it', async () => {
  const clock = { now: realTime(-2) };
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'release-id': 'r1' }), testDeps(), testContext({ clock: heldAt(clock) }));
  const before = await servedNow();
  clock.now = realTime(0);
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2', publish: 'assets' }), testDeps(), testContext({ clock: heldAt(clock) }));
  // The back end failed: no restore-release run.
  const { ['assets/index-00000002.js']: _added, ...after } = await servedNow();
  expect(after).toEqual(before);
  expect((await pointer()).current).toBe('r1');

  // The next release is staged and published; r2's chunk stays while it is within the window.
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(3), 'release-id': 'r3', publish: 'assets', 'keep-releases': '1', 'prune-after': '90m' }), testDeps(), testContext({ clock: heldAt(clock) }));
  clock.now = realTime(1);
  const published = await run(inputs({ bucket: BUCKET, 'restore-release': 'r3', 'keep-releases': '1', 'prune-after': '90m' }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(published.plan.deletes).toEqual([]);
  expect(published.plan.retained.sort()).toEqual(['assets/index-00000001.js', 'assets/index-00000002.js']);
  expect(await body(s3, BUCKET, 'index.html')).toContain('v3');
  expect((await pointer()).history.map((entry: { release: string }) => entry.release)).toEqual(['r1', 'r3']);
});

test('pruning after a staged-but-never-published release: the live release is kept while it is live, the staged one goes with its window', async () => {
  const clock = { now: realTime(-2) };
  const options = { 'keep-releases': '1', 'prune-after': '90m' };
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'release-id': 'r1', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  clock.now = realTime(0);
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2', publish: 'assets', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  // Three hours later r3 is deployed in one run: r1 was live until this moment, so its chunk stays
  // for open pages; a staged manifest does not end r1's time.
  clock.now = realTime(3);
  const third = await run(inputs({ bucket: BUCKET, 'source-dir': await build(3), 'release-id': 'r3', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(third.plan.deletes).toEqual([]);
  expect(third.plan.retained.sort()).toEqual(['assets/index-00000001.js', 'assets/index-00000002.js']);
  // Past the window, r1's chunk and the never-published r2's chunk are pruned; r2 cannot be published any more.
  clock.now = realTime(5);
  const fourth = await run(inputs({ bucket: BUCKET, 'source-dir': await build(4), 'release-id': 'r4', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(fourth.plan.deletes.map((item) => item.name).sort()).toEqual(['assets/index-00000001.js', 'assets/index-00000002.js']);
  expect(fourth.plan.retained).toEqual(['assets/index-00000003.js']);
  // The files r2 staged in the release store went with its window too.
  expect(fourth.plan.storeDeletes.length).toBeGreaterThan(0);
  await expect(run(inputs({ bucket: BUCKET, 'restore-release': 'r2', ...options }), testDeps(), testContext({ clock: heldAt(clock) }))).rejects.toThrow(
    "Input 'restore-release': release cannot be restored from the bucket alone: 5 file(s) are gone (assets/index-00000002.js, favicon.svg, index.html, pricing/index.html, robots.txt)",
  );
});

test('publishing a staged release prunes like a deploy; a rollback never deletes', async () => {
  const clock = { now: realTime(-4) };
  const options = { 'keep-releases': '1', 'prune-after': '1h' };
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(1), 'release-id': 'r1', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  clock.now = realTime(-2);
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(2), 'release-id': 'r2', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  clock.now = realTime(0);
  await run(inputs({ bucket: BUCKET, 'source-dir': await build(3), 'release-id': 'r3', publish: 'assets', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  const published = await run(inputs({ bucket: BUCKET, 'restore-release': 'r3', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(published.plan.deletes.map((item) => item.name)).toEqual(['assets/index-00000001.js']);
  expect(published.changedKeys).toContain('assets/index-00000001.js');
  const rollback = await run(inputs({ bucket: BUCKET, 'restore-release': 'r2', ...options }), testDeps(), testContext({ clock: heldAt(clock) }));
  expect(rollback.plan.deletes).toEqual([]);
  expect(await body(s3, BUCKET, 'index.html')).toContain('v2');
});

test('publish: assets is refused together with restore-release, and a typo in it is refused', () => {
  expect(() => inputs({ bucket: BUCKET, 'restore-release': 'r1', publish: 'assets' })).toThrow("Input 'publish': is 'assets' together with restore-release");
  expect(() => inputs({ bucket: BUCKET, publish: 'asset' })).toThrow("Input 'publish': expected one of 'all', 'assets', got 'asset'");
});
