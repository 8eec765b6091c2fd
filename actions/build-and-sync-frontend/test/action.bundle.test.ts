import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { appWorkspace, body, head, makeSite, s3Client, snapshot } from './site.js';

const ACTION = 'build-and-sync-frontend';
const BUCKET = 'shop-site';
let s3: S3Client;

const moto = useMoto({ buckets: [BUCKET] });
beforeAll(() => {
  s3 = s3Client();
});

function deploy(dir: string, inputs: Record<string, string>, options: { version?: string; sha?: string } = {}) {
  return runBundle(ACTION, {
    workspace: dir,
    sha: options.sha,
    inputs: { bucket: BUCKET, 'working-directory': 'app', ...inputs },
    env: { AWS_ENDPOINT_URL: moto.endpoint, BUILD_VERSION: options.version ?? '1' },
  });
}

test('build-command auto runs npm ci and the build script, then publishes dist/ by content', async () => {
  const dir = await appWorkspace();
  const first = await deploy(dir, { prefix: 'web' }, { sha: 'aaaa1111' });
  expect(first.errors).toEqual([]);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('built version 1');
  expect(first.outputs).toMatchObject({ 'release-id': 'aaaa1111', uploaded: '5', updated: '0', deleted: '0', unchanged: '0', 'manifest-key': 'web/_releases/manifests/aaaa1111.json' });
  // New keys not immutable by name are listed: CloudFront may hold a cached 404 for them.
  expect(JSON.parse(first.outputs['changed-keys']).sort()).toEqual(['web/index.html', 'web/manifest.webmanifest', 'web/robots.txt']);
  expect(first.summary).toContain('Release aaaa1111 to s3://shop-site/web/');
  const v1Index = await body(s3, BUCKET, 'web/index.html');
  expect(await head(s3, BUCKET, 'web/manifest.webmanifest')).toMatchObject({ contentType: 'application/manifest+json; charset=utf-8', cacheControl: 'no-cache' });

  const second = await deploy(dir, { prefix: 'web' }, { version: '2', sha: 'bbbb2222' });
  expect(second.code).toBe(0);
  expect(second.outputs).toMatchObject({ 'release-id': 'bbbb2222', uploaded: '2', unchanged: '3', deleted: '0', retained: '1', 'previous-release-id': 'aaaa1111' });
  expect(JSON.parse(second.outputs['changed-keys'])).toEqual(['web/index.html']);
  expect(second.stdout).toMatch(/retain\s+web\/assets\/index-[0-9a-f]{8}\.js/);
  expect(second.summary).toContain('<th>phase</th>');

  const back = await runBundle(ACTION, { workspace: dir, inputs: { bucket: BUCKET, prefix: 'web', 'restore-release': 'previous' }, env: { AWS_ENDPOINT_URL: moto.endpoint } });
  expect(back.code).toBe(0);
  expect(back.stdout).not.toContain('built version');
  expect(back.outputs).toMatchObject({ 'release-id': 'aaaa1111', uploaded: '1', deleted: '0' });
  expect(await body(s3, BUCKET, 'web/index.html')).toBe(v1Index);
});

test('publish: assets stages the release while the page stays; restore-release of the same id publishes it and names what changed', async () => {
  const dir = await appWorkspace();
  expect((await deploy(dir, {}, { sha: 'aaaa1111' })).code).toBe(0);
  const v1Index = await body(s3, BUCKET, 'index.html');

  const staged = await deploy(dir, { publish: 'assets' }, { version: '2', sha: 'bbbb2222' });
  expect(staged.errors).toEqual([]);
  expect(staged.outputs).toMatchObject({ 'release-id': 'bbbb2222', uploaded: '1', staged: '1', updated: '0', deleted: '0', 'changed-keys': '[]', 'previous-release-id': 'aaaa1111' });
  expect(staged.stdout).toMatch(/stage\s+index\.html \(entry point; goes live with restore-release: bbbb2222\)/);
  expect(staged.stdout).toContain('nothing live changed. Publish it with restore-release: bbbb2222');
  expect(staged.summary).toContain('Release bbbb2222 (staged)');
  expect(await body(s3, BUCKET, 'index.html')).toBe(v1Index);
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json')).current).toBe('aaaa1111');

  // The publishing job has no checkout and no build: the copy comes from the release store.
  const empty = await mkdtemp(join(tmpdir(), 'workspace-'));
  const published = await runBundle(ACTION, { workspace: empty, sha: 'bbbb2222', inputs: { bucket: BUCKET, 'restore-release': 'bbbb2222' }, env: { AWS_ENDPOINT_URL: moto.endpoint } });
  expect(published.errors).toEqual([]);
  expect(published.outputs).toMatchObject({ 'release-id': 'bbbb2222', uploaded: '1', 'previous-release-id': 'aaaa1111' });
  expect(JSON.parse(published.outputs['changed-keys'])).toEqual(['index.html']);
  expect(published.stdout).toContain('Published release bbbb2222');
  expect(published.summary).toContain('Release bbbb2222 (staged, now published)');
  expect(await body(s3, BUCKET, 'index.html')).toMatch(/app version|index-[0-9a-f]{8}\.js/);
  expect(await body(s3, BUCKET, 'index.html')).not.toBe(v1Index);
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json')).history.map((entry: { kind: string }) => entry.kind)).toEqual(['deploy', 'deploy']);
});

test('a site at the bucket root prunes its own old chunks and never the 4 foreign objects beside it', async () => {
  const foreign = ['media/upload-1.jpg', 'media/upload-2.jpg', 'other/index.html', 'robots-old.txt'];
  for (const key of foreign) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `not the site's: ${key}` }));
  const release = async (v: number) => {
    const dir = await makeSite({ 'index.html': `<script src="/assets/index-0000000${v}.js"></script>`, [`assets/index-0000000${v}.js`]: `console.log(${v})` });
    // prune-after is 1s: the previous release must have been replaced more than a second ago.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    return runBundle(ACTION, {
      inputs: { bucket: BUCKET, prefix: '', 'build-command': 'none', 'source-dir': dir, 'release-id': `r${v}`, 'keep-releases': '1', 'prune-after': '1s' },
      env: { AWS_ENDPOINT_URL: moto.endpoint },
    });
  };
  const runs = [await release(1), await release(2), await release(3)];
  expect(runs.map((run) => [run.code, run.outputs.deleted, run.outputs.foreign])).toEqual([
    [0, '0', '4'],
    [0, '0', '4'],
    [0, '1', '4'],
  ]);
  expect(runs[2].stdout).toMatch(/delete\s+assets\/index-00000001\.js/);
  expect(runs[2].stdout).toContain('foreign    4 object(s) under the prefix that no release of this site wrote, left alone: media/upload-1.jpg, media/upload-2.jpg, other/index.html, robots-old.txt');
  expect(runs[2].summary).toContain('<code>media/upload-1.jpg</code>');
  const keys = Object.keys(await snapshot(s3, BUCKET)).filter((key) => !key.startsWith('_releases/'));
  expect(keys.sort()).toEqual(['assets/index-00000002.js', 'assets/index-00000003.js', 'index.html', ...foreign].sort());
  for (const key of foreign) expect(await body(s3, BUCKET, key)).toBe(`not the site's: ${key}`);
});

test('a dry run prints the plan and writes nothing', async () => {
  const dir = await appWorkspace();
  const run = await deploy(dir, { 'dry-run': 'true' });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Dry run: would publish release');
  expect(run.stdout).toMatch(/add\s+index\.html/);
  expect(run.outputs.uploaded).toBe('5');
  expect(await snapshot(s3, BUCKET)).toEqual({});
});

test('content-type rules type a page without an extension, which is then checked and published as a page; the app-site association is JSON', async () => {
  const site = (script: string) =>
    makeSite({
      'index.html': '<a href="/about">About</a>',
      about: `<script src="${script}"></script>`,
      'assets/app-0000000a.js': 'console.log(1)',
      '.well-known/apple-app-site-association': '{"applinks":{"details":[]}}',
    });
  const publish = (dir: string, release: string) =>
    runBundle(ACTION, {
      inputs: { bucket: BUCKET, 'build-command': 'none', 'source-dir': dir, 'release-id': release, 'content-type': 'about: text/html; charset=utf-8' },
      env: { AWS_ENDPOINT_URL: moto.endpoint },
    });
  // Typed as a page, 'about' is read for its references like index.html: a missing chunk is refused.
  const refused = await publish(await site('/assets/app-0000000b.js'), 'r1');
  expect(refused.code).toBe(1);
  expect(refused.errors.join('\n')).toContain("about loads '/assets/app-0000000b.js' (as a script): assets/app-0000000b.js is neither in this release nor in the bucket");
  expect(await snapshot(s3, BUCKET)).toEqual({});
  const published = await publish(await site('/assets/app-0000000a.js'), 'r2');
  expect(published.errors).toEqual([]);
  expect(published.code).toBe(0);
  expect(await head(s3, BUCKET, 'about')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=0, must-revalidate' });
  expect(await head(s3, BUCKET, '.well-known/apple-app-site-association')).toMatchObject({ contentType: 'application/json' });
  // A page goes up with the entry points, after the chunks it loads.
  const manifest = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r2.json'));
  expect(manifest.files.about).toMatchObject({ contentType: 'text/html; charset=utf-8', entry: true });
  expect(manifest.files['assets/app-0000000a.js']).toMatchObject({ entry: false });
});

test('in a monorepo, build-command auto installs from the workspace root\'s lockfile and builds the app in its folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'workspace-'));
  await cp(join(import.meta.dirname, '../../../test/fixtures/frontend/monorepo'), dir, { recursive: true });
  const run = await runBundle(ACTION, {
    workspace: dir,
    inputs: { bucket: BUCKET, 'working-directory': 'apps/web', 'release-id': 'r1' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Installing from the lockfile of the workspace root . (run in apps/web, npm installs the whole workspace)');
  expect(run.outputs).toMatchObject({ uploaded: '2' });
  // The page was built with the workspace's own package, linked by the install.
  expect(await body(s3, BUCKET, 'index.html')).toContain('<p>Hello from the workspace package</p>');
});

test('exclude keeps source maps off the site; a page that loads a left-out file is refused before any write', async () => {
  const files = {
    'index.html': '<script type="module" src="/assets/index-0000000c.js"></script>',
    'assets/index-0000000c.js': 'console.log(1)\n//# sourceMappingURL=index-0000000c.js.map',
    'assets/index-0000000c.js.map': '{"version":3}',
    'robots.txt': 'User-agent: *',
  };
  const publish = (dir: string, exclude: string) =>
    runBundle(ACTION, { inputs: { bucket: BUCKET, 'build-command': 'none', 'source-dir': dir, 'release-id': 'r1', exclude }, env: { AWS_ENDPOINT_URL: moto.endpoint } });
  const refused = await publish(await makeSite(files), '**/*.map\nassets/index-*.js');
  expect(refused.code).toBe(1);
  expect(refused.errors.join('\n')).toContain("index.html loads '/assets/index-0000000c.js' (as a script): assets/index-0000000c.js is neither in this release nor in the bucket");
  expect(await snapshot(s3, BUCKET)).toEqual({});
  const published = await publish(await makeSite(files), '**/*.map');
  expect(published.errors).toEqual([]);
  expect(published.stdout).toContain('Left out by exclude: 1 file(s) (assets/index-0000000c.js.map)');
  expect(published.outputs.uploaded).toBe('3');
  const keys = Object.keys(await snapshot(s3, BUCKET)).filter((key) => !key.startsWith('_releases/'));
  expect(keys.sort()).toEqual(['assets/index-0000000c.js', 'index.html', 'robots.txt']);
});
