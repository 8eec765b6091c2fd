import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFile, hashSource, hashSums, READ_WHOLE } from '../src/hash.js';
import { listSource } from '../src/scan.js';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe('hashSource', () => {
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

test('hashSums: the SHA-256 and size of each file as it is on disk when read, in the listing order; each visit sees that file\'s bytes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hash-'));
  const contents: Record<string, Buffer> = {
    'index.html': Buffer.from('<h1>shop</h1>'),
    'empty.txt': Buffer.alloc(0),
    'a.js': randomBytes(70_000),
    'b.js': Buffer.from('short'), // read after a longer file, into the same buffer
    'fits.bin': randomBytes(READ_WHOLE),
    'big.bin': randomBytes(READ_WHOLE + 3),
    'grows.js': Buffer.from('small when listed'),
  };
  for (const [name, bytes] of Object.entries(contents)) await writeFile(join(dir, name), bytes);
  const listed = await listSource(dir, { requireIndex: true });
  // A build still writing: the file outgrows one read after it was listed, and is streamed instead.
  contents['grows.js'] = randomBytes(READ_WHOLE + 10);
  await writeFile(join(dir, 'grows.js'), contents['grows.js']);
  const seen = new Map<string, Buffer>();
  const { sums, sizes } = await hashSums(listed, 2, (index, bytes) => seen.set(listed[index].name, Buffer.from(bytes)));
  expect(Object.fromEntries(listed.map((file, i) => [file.name, [sums[i], sizes[i]]]))).toEqual(Object.fromEntries(Object.entries(contents).map(([name, bytes]) => [name, [sha256(bytes), bytes.length]])));
  // Files read whole are visited with their own bytes; the large and the grown one are streamed.
  expect([...seen.keys()].sort()).toEqual(['a.js', 'b.js', 'empty.txt', 'fits.bin', 'index.html']);
  for (const [name, bytes] of seen) expect([name, bytes.equals(contents[name])]).toEqual([name, true]);
  expect((await hashSource(listed, 2)).map((file) => file.sha256)).toEqual(sums);
});

test.each([
  ['sha256', 'a small file', 1_000],
  ['md5', 'a small file', 1_000],
  ['sha256', 'a file past the read-whole size (streamed)', READ_WHOLE + 5],
  ['md5', 'a file past the read-whole size (streamed)', READ_WHOLE + 5],
] as const)('hashFile %s of %s is the digest of its bytes', async (algorithm, _name, size) => {
  const dir = await mkdtemp(join(tmpdir(), 'hash-file-'));
  const content = randomBytes(size);
  await writeFile(join(dir, 'file.bin'), content);
  expect(await hashFile(join(dir, 'file.bin'), algorithm, size)).toBe(createHash(algorithm).update(content).digest('hex'));
});
