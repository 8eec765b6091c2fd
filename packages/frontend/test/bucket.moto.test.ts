import { ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { makeClient } from '@tandem/kit';
import { useMoto } from '@tandem/standins/use-moto';
import { listObjects, listWritten } from '../src/bucket.js';

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

test("the listing reads what the SDK's own reading gives: keys with entities, spaces and past ASCII, sizes, ETags, times", async () => {
  const keys = ['shop/a&b <c> "d" \'e\'.html', 'shop/ lead and trail ', 'shop/café/été.html', 'shop/ｆｕｌｌ/😀.svg', 'shop/x+y=z%20.js', ...Array.from({ length: 5 }, (_, i) => `shop/p${i}.html`)];
  const limit = pLimit(8);
  await Promise.all(keys.map((Key, i) => limit(() => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x'.repeat(i + 1) })))));
  const listed = await listObjects(s3, BUCKET, 'shop/', 'bucket', () => false, 3);
  const sdk: Array<{ name: string; size: number; etag: string }> = [];
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket: BUCKET, Prefix: 'shop/' })) {
    for (const item of page.Contents ?? []) sdk.push({ name: (item.Key ?? '').slice('shop/'.length), size: item.Size ?? 0, etag: item.ETag ?? '' });
  }
  expect(sdk).toHaveLength(keys.length);
  expect(listed.map(({ name, size, etag }) => ({ name, size, etag }))).toEqual(sdk);
  const written = await listWritten(s3, BUCKET, 'shop/', 'bucket');
  const [first] = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'shop/', MaxKeys: 1 }))).Contents ?? [];
  expect(written[0]).toEqual({ name: (first.Key ?? '').slice('shop/'.length), lastModified: first.LastModified?.getTime() });
});
