import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { makeClient } from '@tandem/kit';
import { useMoto } from '@tandem/standins/use-moto';
import { byS3Order, listingSplits, listObjects, listWritten } from '../src/bucket.js';

// The listing follows ContinuationToken to the last page: moto pages ListObjectsV2 by MaxKeys
// (at most 1,000, as AWS), so a listing that stopped after one page would miss keys here too.
let s3: S3Client;
const BUCKET = 'shop-site';
let pages: number;

useMoto();
beforeAll(() => {
  s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 3 }, 'test');
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ListObjectsV2Command') pages += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countPages' },
  );
});
beforeEach(async () => {
  pages = 0;
  await s3.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: BUCKET }));
});

async function put(keys: readonly string[]): Promise<void> {
  const limit = pLimit(16);
  await Promise.all(keys.map((Key) => limit(() => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' })))));
  pages = 0;
}

test('a small page size: every page is read, the excluded keys left out, names relative to the prefix', async () => {
  await put(['shop/a.html', 'shop/b.js', 'shop/c/d.css', 'shop/_releases/current.json', 'shop/e.png', 'other/x']);
  const listed = await listObjects(s3, BUCKET, 'shop/', 'bucket', (key) => key.startsWith('shop/_releases/'), 2);
  expect(listed.map((object) => object.name)).toEqual(['a.html', 'b.js', 'c/d.css', 'e.png']);
  expect(pages).toBe(3);
});

test('1,001 keys at the bucket root: two pages of AWS size, all keys', async () => {
  const keys = Array.from({ length: 1001 }, (_, i) => `assets/chunk-${String(i).padStart(4, '0')}.js`);
  await put(keys);
  const listed = await listObjects(s3, BUCKET, '', 'bucket');
  expect(listed).toHaveLength(1001);
  expect(listed[1000].name).toBe('assets/chunk-1000.js');
  expect(pages).toBe(2);
}, 120_000);

test("the site's listing keeps only name, size and ETag of each object; the manifests' listing keeps when each was written", async () => {
  await put(['shop/a.js', 'shop/_releases/manifests/r1.json']);
  const before = Date.now();
  const [listed] = await listObjects(s3, BUCKET, 'shop/', 'bucket', (key) => key.startsWith('shop/_releases/'));
  // A Date's time per object is 24 bytes of heap that 100,000 objects carry for nothing.
  expect(Object.keys(listed).sort()).toEqual(['described', 'etag', 'name', 'size']);
  const [manifest] = await listWritten(s3, BUCKET, 'shop/_releases/manifests/', 'releases-bucket');
  expect(manifest.name).toBe('r1.json');
  expect(Math.abs(manifest.lastModified - before)).toBeLessThan(60_000);
});

describe('a large site is listed in ranges read at once', () => {
  // Names whose order differs between JavaScript (UTF-16) and S3 (UTF-8 bytes): a character past
  // U+FFFF sorts before U+E000 in the first and after it in the second.
  const ASTRAL = '\u{1F370}';
  const PRIVATE = '\uE000';

  test.each([
    ['too few names for two ranges', 9_999, 0],
    ['two ranges', 10_000, 1],
    ['four ranges at 20,416 names', 20_416, 3],
    ['at most eight ranges', 100_000, 7],
  ])('listingSplits: %s', (_name, count, splits) => {
    const names = Array.from({ length: count }, (_, i) => `p/${String(i).padStart(6, '0')}.html`);
    const picked = listingSplits(names);
    expect(picked).toHaveLength(splits);
    // Spread evenly: each range holds about as many names.
    for (const [i, split] of picked.entries()) expect(Number(split.slice(2, 8))).toBe(Math.floor(((i + 1) * count) / (splits + 1)));
  });

  test("listingSplits gives its splits in S3's order where JavaScript's differs", () => {
    const names = [...Array.from({ length: 5_000 }, (_, i) => `${ASTRAL}/${i}`), ...Array.from({ length: 5_000 }, (_, i) => `${PRIVATE}/${i}`), ...Array.from({ length: 5_000 }, (_, i) => `a/${i}`)];
    const picked = listingSplits(names);
    // Picked at the first of the astral names and the first of the private ones, JavaScript's order; S3's puts them the other way.
    expect(picked.map((split) => split.split('/')[0])).toEqual([PRIVATE, ASTRAL]);
    expect([...picked].sort(byS3Order)).toEqual(picked);
  });

  test('the ranges together list every key once, in order, whatever the splits: at a key, between keys, past the last', async () => {
    const names = [
      ...Array.from({ length: 120 }, (_, i) => `assets/${String(i).padStart(3, '0')}.js`),
      ...Array.from({ length: 40 }, (_, i) => `docs/${i}/index.html`),
      `${ASTRAL}.png`,
      `${PRIVATE}.png`,
      'café/menu.json',
      'index.html',
    ];
    await put([...names.map((name) => `shop/${name}`), 'shop/_releases/current.json', 'other/x', 'shop.html']);
    const reserved = (key: string) => key.startsWith('shop/_releases/');
    const whole = await listObjects(s3, BUCKET, 'shop/', 'bucket', reserved, 25);
    expect(whole).toHaveLength(names.length);
    const splits = ['assets/050.js', 'assets/050.jsx', 'café/menu.json', 'docs/3/index.html', 'index.html', PRIVATE, `${PRIVATE}.png`, `${ASTRAL}.png`, `${ASTRAL}zzz`].sort(byS3Order);
    pages = 0;
    const ranged = await listObjects(s3, BUCKET, 'shop/', 'bucket', reserved, 25, splits);
    expect(ranged).toEqual(whole);
    // Each of the 10 ranges reads its own pages and at most one page past its end.
    expect(pages).toBeLessThanOrEqual(Math.ceil(names.length / 25) + 10);
  });
});
