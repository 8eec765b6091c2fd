// The build output is read once: the hashing pass also finds each page's references and the
// service workers the scripts register, so the reference check reads no page of the build again.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { readBuild } from '../src/build-pass.js';
import { contentTypeFor, contentTypeRules } from '../src/headers.js';
import { readPageReferences } from '../src/pages.js';
import { hashSums, READ_WHOLE } from '../src/hash.js';
import { listSource, localSources } from '../src/scan.js';
import type { SiteFile } from '../src/plan.js';

const SITE = {
  'index.html': '<base href="/app/"><script type="module" src="assets/index-a1b2c3d4.js"></script><link rel="stylesheet" href="/assets/site-00000000.css">',
  'docs/index.html': '<img src="../images/logo.png">',
  'app/assets/index-a1b2c3d4.js': 'navigator.serviceWorker.register("/push-worker.js")',
  'assets/site-00000000.css': 'body{}',
  'assets/vendor-11111111.js': 'export const x = 1',
  'images/logo.png': 'png',
  'push-worker.js': 'self.addEventListener("push", () => {})',
};

async function build(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'build-pass-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

test('one pass gives the hashes, each page as written and what the scripts register, a script past the read-whole size included', async () => {
  const large = `${'x'.repeat(READ_WHOLE)};navigator.serviceWorker.register("/big-worker.js")`;
  const dir = await build({ ...SITE, 'assets/large-22222222.js': large });
  const listed = await listSource(dir, { requireIndex: true });
  const pass = await readBuild(listed, 2);
  expect(pass).toMatchObject(await hashSums(listed, 2));
  expect(Object.fromEntries(pass.links)).toEqual({
    'index.html': {
      base: '/app/',
      references: [
        { raw: 'assets/index-a1b2c3d4.js', kind: 'script' },
        { raw: '/assets/site-00000000.css', kind: 'style' },
      ],
    },
    'docs/index.html': { references: [{ raw: '../images/logo.png', kind: 'image' }] },
  });
  expect(pass.registered.sort()).toEqual(['/big-worker.js', '/push-worker.js']);
});

test('a page without an extension is read for its references when a content-type rule types it text/html', async () => {
  const dir = await build({ ...SITE, about: '<script src="/assets/vendor-11111111.js"></script>' });
  const listed = await listSource(dir, { requireIndex: true });
  expect((await readBuild(listed, 2)).links.has('about')).toBe(false);
  const rules = contentTypeRules('about: text/html; charset=utf-8');
  const pass = await readBuild(listed, 2, (name) => contentTypeFor(name, rules));
  expect(pass.links.get('about')).toEqual({ references: [{ raw: '/assets/vendor-11111111.js', kind: 'script' }] });
});

test('the reference check reads no page the build pass parsed, and asks S3 for nothing', async () => {
  const dir = await build(SITE);
  const listed = await listSource(dir, { requireIndex: true });
  const pass = await readBuild(listed, 2);
  const sourceOf = localSources(dir);
  const files: SiteFile[] = listed.map((file, i) => ({
    name: file.name,
    size: pass.sizes[i],
    sha256: pass.sums[i],
    contentType: contentTypeFor(file.name),
    cacheControl: 'no-cache',
    entry: false,
    source: sourceOf(file),
    links: pass.links.get(file.name),
  }));
  // Gone from disk after the pass: a second read would fail.
  await rm(join(dir, 'index.html'));
  await rm(join(dir, 'docs/index.html'));
  const requests: string[] = [];
  const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  s3.middlewareStack.add(
    (_next, context) => async () => {
      requests.push(context.commandName ?? '');
      throw new Error('no request expected');
    },
    { step: 'initialize', name: 'refuseRequests' },
  );
  const site = { bucket: 'shop', prefix: '', releases: { bucket: 'shop', prefix: '_releases/' }, tier: 'frontend' };
  const { references, unreadable } = await readPageReferences(s3, site, files, [], 2);
  expect(references.map((reference) => [reference.from, reference.candidates[0]])).toEqual([
    ['docs/index.html', 'images/logo.png'],
    ['index.html', 'app/assets/index-a1b2c3d4.js'],
    ['index.html', 'assets/site-00000000.css'],
  ]);
  expect(unreadable).toEqual([]);
  expect(requests).toEqual([]);
});
