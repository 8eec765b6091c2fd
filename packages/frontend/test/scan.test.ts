import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeThrown } from '@tandem/kit';
import { escapedName, hashSource, listSource } from '../src/scan.js';

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
