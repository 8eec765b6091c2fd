import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeThrown } from '@tandem/kit';
import { localPath } from '../src/plan.js';
import { escapedName, hashSource, hashSums, listSource, localSources } from '../src/scan.js';

// Linux file names are bytes; S3 keys are UTF-8. A name that is not UTF-8 is created here with a
// Buffer path, as a build tool that writes raw bytes would.

async function siteWith(badDir: Buffer | undefined, badFile: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scan-'));
  await writeFile(join(dir, 'index.html'), '<h1>shop</h1>');
  let parent = Buffer.from(dir);
  if (badDir) {
    parent = Buffer.concat([parent, Buffer.from('/'), badDir]);
    await mkdir(parent);
  }
  await writeFile(Buffer.concat([parent, Buffer.from('/'), badFile]), 'x');
  return dir;
}

test.each([
  ['bytes that are not UTF-8', Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]), 'bad\\xff\\xfe.txt'],
  ['a Latin-1 é', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x63, 0x73, 0x73]), 'caf\\xe9.css'],
  ['a cut UTF-8 sequence', Buffer.from([0x61, 0xe2, 0x82]), 'a\\xe2\\x82'],
])('escapedName: %s', (_, bytes, shown) => {
  expect(escapedName(bytes)).toBe(shown);
});

test('a file name that is not UTF-8 is refused, naming its bytes and source-dir', async () => {
  const dir = await siteWith(undefined, Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]));
  const error = await listSource(dir, { requireIndex: true }).catch((thrown: unknown) => thrown);
  expect(describeThrown(error).message).toBe("Input 'source-dir': 'bad\\xff\\xfe.txt' is not a valid UTF-8 file name, so it cannot be an S3 key: rename it in the build output");
});

test('a folder whose name is not UTF-8 is refused too, naming the path to it', async () => {
  const dir = await siteWith(Buffer.from([0x69, 0x6d, 0x67, 0xc0]), Buffer.from('ok.png'));
  await mkdir(join(dir, 'assets'));
  const error = await listSource(dir, { requireIndex: true }).catch((thrown: unknown) => thrown);
  expect(describeThrown(error).message).toMatch(/^Input 'source-dir': 'img\\xc0' is not a valid UTF-8 file name/);
});

test('UTF-8 names (accents, emoji, spaces) are listed as they are', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-'));
  await writeFile(join(dir, 'index.html'), 'x');
  await mkdir(join(dir, 'café'));
  await writeFile(join(dir, 'café', 'menu 🍰.json'), '{}');
  const listed = await listSource(dir, { requireIndex: true });
  expect(listed.map((file) => file.name)).toEqual(['café/menu 🍰.json', 'index.html']);
});

describe('hashSource', () => {
  const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

  test.each([
    ['an empty file', 0],
    ['a small file', 1_000],
    ['a file of exactly the read-whole size', 1024 * 1024],
    ['a file one byte past it (streamed)', 1024 * 1024 + 1],
    ['a 3 MiB file (streamed)', 3 * 1024 * 1024],
  ])('%s gets the SHA-256 of its bytes', async (_, size) => {
    const dir = await mkdtemp(join(tmpdir(), 'hash-'));
    const content = randomBytes(size);
    await writeFile(join(dir, 'index.html'), content);
    const [file] = await hashSource(await listSource(dir, { requireIndex: true }));
    expect(file).toMatchObject({ name: 'index.html', size, sha256: sha256(content) });
  });

  test('small and streamed files mixed keep the listing order, each with its own hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hash-'));
    const contents = new Map([
      ['a-big.bin', randomBytes(2 * 1024 * 1024 + 7)],
      ['b.js', randomBytes(10)],
      ['index.html', randomBytes(300)],
      ['z-big.bin', randomBytes(1024 * 1024 + 1)],
    ]);
    for (const [name, content] of contents) await writeFile(join(dir, name), content);
    const hashed = await hashSource(await listSource(dir, { requireIndex: true }), 1);
    expect(hashed.map((file) => [file.name, file.sha256])).toEqual([...contents].map(([name, content]) => [name, sha256(content)]));
  });

  test('the event loop gets turns while a large site is hashed: the bucket reads running meanwhile are not held up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hash-'));
    await writeFile(join(dir, 'index.html'), 'x');
    // 48 MiB in small files: SHA-256 alone takes over 30 ms of it at 1.5 GB/s, several slices.
    const chunk = randomBytes(256 * 1024);
    await Promise.all(Array.from({ length: 192 }, (_, i) => writeFile(join(dir, `chunk-${i}.js`), chunk)));
    const listed = await listSource(dir, { requireIndex: true });
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 0);
    await hashSource(listed);
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(0);
  });
});

test('every file of the build output shares one source, so 100,000 files hold no path each; a symlinked file keeps its own', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sources-'));
  await writeFile(join(dir, 'index.html'), '<h1>shop</h1>');
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'a.js'), 'a');
  await writeFile(join(dir, 'b.js'), 'b');
  await symlink(join(dir, 'b.js'), join(dir, 'assets', 'link.js'));
  const listed = await listSource(dir, { requireIndex: true });
  const sourceOf = localSources(dir);
  const sources = new Map(listed.map((file) => [file.name, sourceOf(file)]));
  expect(listed.map((file) => file.name)).toEqual(['assets/a.js', 'assets/link.js', 'b.js', 'index.html']);
  expect(sources.get('assets/a.js')).toBe(sources.get('index.html'));
  expect(sources.get('b.js')).toBe(sources.get('index.html'));
  expect(sources.get('assets/link.js')).toEqual({ kind: 'file', path: join(dir, 'b.js') });
  for (const file of listed) expect(localPath({ name: file.name, source: sources.get(file.name) ?? { kind: 'none' } })).toBe(file.path);
});

test('hashSums: the SHA-256 of each listed file in the listing order, as hashSource gives them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hash-'));
  await writeFile(join(dir, 'index.html'), 'x');
  await writeFile(join(dir, 'big.bin'), randomBytes(1024 * 1024 + 3));
  const listed = await listSource(dir, { requireIndex: true });
  expect(await hashSums(listed, 2)).toEqual((await hashSource(listed, 2)).map((file) => file.sha256));
});
