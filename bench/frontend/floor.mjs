// The floor a sync can reach: one process that lists the bucket, hashes every file and puts
// what differs, nothing else (no release record, no lock, no headers beyond Content-Type). Plain
// JavaScript, no TypeScript loader, so it starts the way a bundled action does.
// Run: node bench/frontend/floor.mjs ENDPOINT BUCKET DIR CONCURRENCY; prints one JSON line.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { S3Client, PutObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';

const [endpoint, bucket, dir, concurrency = '16'] = process.argv.slice(2);
// No checksum beyond what S3 requires (the SDK's default computes a CRC32 of every body in
// JavaScript), and as many sockets as requests in flight (the SDK's agent stops at 50).
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint,
  forcePathStyle: true,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  requestHandler: { httpAgent: { maxSockets: Math.max(50, Number(concurrency)) } },
});

async function walk(folder, out = []) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else out.push({ key: relative(dir, path), path });
  }
  return out;
}

/** MD5 of every file, 8 reads in flight: the reads yield, so the listing's pages are read meanwhile. */
async function md5sOf(files, width = 8) {
  const md5s = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < files.length; i = next++) md5s[i] = createHash('md5').update(await readFile(files[i].path)).digest('hex');
    }),
  );
  return md5s;
}

async function listing() {
  const etags = new Map();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) for (const item of page.Contents ?? []) etags.set(item.Key, item.ETag?.replaceAll('"', ''));
  return etags;
}

const started = performance.now();
// The listing and the hashing overlap: the listing waits on the server, the hashing on the disk and the CPU.
const listed = listing();
const files = await walk(dir);
// The ETag of a single-part upload is the MD5 of its bytes: that is what the listing can be compared with.
const md5s = await md5sOf(files);
const hashed = performance.now();
const etags = await listed;
const changed = files.filter((file, i) => etags.get(file.key) !== md5s[i]);
let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    for (let i = next++; i < changed.length; i = next++) {
      const body = readFileSync(changed[i].path);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: changed[i].key, Body: body, ContentLength: body.length }));
    }
  }),
);
console.log(JSON.stringify({ uploaded: changed.length, files: files.length, hashMs: Math.round(hashed - started), ms: Math.round(performance.now() - started) }));
