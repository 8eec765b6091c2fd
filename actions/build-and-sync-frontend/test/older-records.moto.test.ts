import type { S3Client } from '@aws-sdk/client-s3';
import { testContext } from '@tandem/standins/context';
import { run } from '../src/run.js';
import { body, heldAt, inputs, makeSite, snapshot, testDeps, useSiteBucket } from './site.js';

// prune-after keeps every release live within it: a site deployed often keeps many more releases
// than keep-releases. A redeploy reads the newest kept records beside the listing, and the older
// ones only when the newer leave an object or a stored copy unaccounted for; then they decide
// what stays, what is kept in the release store and what may go, as if all had been read.
let s3: S3Client;
const BUCKET = 'shop-site';
const HOUR = 3_600_000;

useSiteBucket(BUCKET, (client) => (s3 = client));

const stored = async () => Object.keys(await snapshot(s3, BUCKET)).filter((key) => key.startsWith('_releases/objects/')).sort();

function deployer() {
  const clock = { now: Date.now() };
  return async (release: string, files: Record<string, string>) => {
    clock.now += HOUR;
    const context = testContext({ clock: heldAt(clock) });
    const result = await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(files), 'release-id': release, 'keep-releases': '2', 'prune-after': '7d' }), testDeps(), context);
    return { result, log: context.log.text() };
  };
}

test('a redeploy whose newer records account for every object and stored copy reads no older one', async () => {
  const deploy = deployer();
  for (let v = 1; v <= 6; v += 1) await deploy(`r${v}`, { 'index.html': `<p>v${v % 2}</p>`, 'app.css': 'body{}' });
  const { result, log } = await deploy('r7', { 'index.html': '<p>v1</p>', 'app.css': 'body{}' });
  expect(result.plan.uploads.map((upload) => upload.file.name)).toEqual(['index.html']);
  expect(log).not.toContain('older kept release record');
  // keep-releases 2 and the live release: r5 and r6 of the six kept.
  expect(log).toContain('from 2 release record(s)');
});

test("an older kept release's file, retained live and now replaced, is kept in the store, and that release comes back whole", async () => {
  const deploy = deployer();
  await deploy('r1', { 'index.html': '<p>1</p>', 'legacy.js': 'one' });
  for (let v = 2; v <= 4; v += 1) await deploy(`r${v}`, { 'index.html': `<p>${v}</p>` });
  // legacy.js is r1's alone (retained: r1 was live within prune-after); r5 brings back the name with new content.
  const { result, log } = await deploy('r5', { 'index.html': '<p>5</p>', 'legacy.js': 'five' });
  expect(log).toContain('Reading 2 older kept release record(s): the newer ones do not account for legacy.js');
  expect(result.plan.preserve.map((item) => item.name)).toContain('legacy.js');
  expect(await body(s3, BUCKET, 'legacy.js')).toBe('five');
  const restored = await run(inputs({ bucket: BUCKET, 'restore-release': 'r1' }), testDeps(), testContext());
  expect(restored.release).toBe('r1');
  expect(await body(s3, BUCKET, 'legacy.js')).toBe('one');
  expect(await body(s3, BUCKET, 'index.html')).toBe('<p>1</p>');
});

test('a stored copy only an older kept release needs is not pruned, and that release comes back', async () => {
  const deploy = deployer();
  await deploy('r1', { 'index.html': '<p>one</p>' });
  // r2 replaces r1's page: r1's is kept in the store.
  await deploy('r2', { 'index.html': '<p>two</p>' });
  const copies = await stored();
  expect(copies).toHaveLength(1);
  for (let v = 3; v <= 5; v += 1) await deploy(`r${v}`, { 'index.html': '<p>two</p>', [`page-${v}.html`]: `${v}` });
  // Neither the files nor r4 and r5 name r1's page: only r1's own record says it is needed.
  const { result, log } = await deploy('r6', { 'index.html': '<p>two</p>' });
  expect(log).toContain('older kept release record(s)');
  expect(result.plan.storeDeletes).toEqual([]);
  expect(await stored()).toEqual(copies);
  await run(inputs({ bucket: BUCKET, 'restore-release': 'r1' }), testDeps(), testContext());
  expect(await body(s3, BUCKET, 'index.html')).toBe('<p>one</p>');
});
