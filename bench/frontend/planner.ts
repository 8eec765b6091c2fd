// The planner on a generated 100,000-file site, in a process of its own so its peak memory is
// its own: listing completion from the kept releases' records, the plan, and the phases.
// Prints one JSON line. Run: npx tsx bench/frontend/planner.ts FILES DIR write, then
// npx tsx bench/frontend/planner.ts FILES DIR [KEPT] (the benchmark runs it bundled, with
// --expose-gc, so that the heap figures count live objects only).
//
// The input is held as the action holds it: local files with one shared source (no path each)
// and no MD5 (the action computes one only where no record settles an object), the kept
// releases' manifests (the last KEPT releases, 1 by default; the action keeps 5) read from their
// JSON files by readManifests' reader (whole up to 8 MiB, else streamed), as readManifests reads
// each object's body, and merged by recordedFiles; the listing as listObjects keeps it (name,
// size, ETag), its strings flat as a parser leaves them.
import { hash } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  RELEASE_SCHEMA,
  byName,
  cacheControlFor,
  cacheRules,
  contentTypeFor,
  describeRemote,
  entryPointMatcher,
  manifestReader,
  manifestText,
  planSync,
  recordedFiles,
  uploadPhases,
  type FileSource,
  type ReleaseManifest,
  type RemoteObject,
  type SiteFile,
} from '@tandem/frontend';

const count = Number(process.argv[2] ?? 100_000);
// One-shot hashes: a Hash object per value would hold native memory until a collection finds it.
const hex = (value: string, algorithm: 'sha256' | 'md5') => hash(algorithm, value, 'hex');
const rules = cacheRules('');
const isEntry = entryPointMatcher([]);
const build: FileSource = { kind: 'build', dir: '/build' };

const nameOf = (i: number) => (i % 10 === 0 ? `docs/s${i % 97}/page-${i}/index.html` : `assets/chunk-${i}-${hex(String(i), 'md5').slice(0, 8)}.js`);
const sizeOf = (i: number) => 1000 + (i % 5000);
const previous = (i: number) => i % 1000 !== 2;

/** The site's files, as the scan gives them to the planner. */
function localFiles(): SiteFile[] {
  const files: SiteFile[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = nameOf(i);
    // One file in a thousand changed since the last release; one in a thousand is new.
    const version = i % 1000 === 1 ? 'v2' : 'v1';
    files.push({ name, size: sizeOf(i), sha256: hex(`${name}${version}`, 'sha256'), contentType: contentTypeFor(name), cacheControl: cacheControlFor(rules, name), entry: isEntry(name), source: build });
  }
  return files;
}

/** Releases the fixture records: the last is the previous release, each earlier one differs from the next in one file of a thousand. */
const RELEASES = 5;
const versionIn = (i: number, release: number) => (i % 1000 === 3 && release < RELEASES ? `v1-r${release}` : 'v1');

/** A kept release's manifest as its JSON text, as the action writes it. */
function keptManifest(files: readonly SiteFile[], release: number): string {
  const manifest: ReleaseManifest = { schema: RELEASE_SCHEMA, tier: 'frontend', release: `r${release}`, createdAt: '2026-11-30T00:00:00.000Z', bucket: 'shop', prefix: '', files: {} };
  for (let i = 0; i < count; i += 1) {
    if (!previous(i)) continue;
    const { name, size, contentType, cacheControl, entry } = files[i];
    const version = versionIn(i, release);
    const md5 = hex(`${name}${version}`, 'md5');
    manifest.files[name] = { sha256: hex(`${name}${version}`, 'sha256'), md5, size, contentType, cacheControl, etag: `"${md5}"`, entry };
  }
  return manifestText(manifest);
}

/** The listing's pages (name, size, ETag of each object), one JSON line per page of 1,000. */
function listingText(files: readonly SiteFile[]): string {
  const pages: string[] = [];
  const kept = files.filter((_, i) => previous(i));
  for (let at = 0; at < kept.length; at += 1000) {
    pages.push(JSON.stringify(kept.slice(at, at + 1000).map((file) => [file.name, file.size, `"${hex(`${file.name}v1`, 'md5')}"`])));
  }
  return pages.join('\n');
}

// The texts the action reads (the manifest, the listing's pages) are written by a first process
// and read by the measured one, as the action gets them: its peak is then the planner's, not
// the generator's.
const [, , , fixture, option] = process.argv;
const manifestPath = (release: number) => join(fixture, `manifest-${count}-r${release}.json`);
if (option === 'write') {
  const files = localFiles();
  for (let release = 1; release <= RELEASES; release += 1) writeFileSync(manifestPath(release), keptManifest(files, release));
  writeFileSync(join(fixture, `listing-${count}.jsonl`), listingText(files));
  process.exit(0);
}
const kept = Number(option ?? 1);

/** The last `kept` releases' manifests, read as readManifests reads them (whole or streamed, by size), then merged. */
async function readRecord() {
  const read = manifestReader();
  const releases = Array.from({ length: kept }, (_, i) => RELEASES - i);
  const manifests = await Promise.all(releases.map((release) => read({ chunks: createReadStream(manifestPath(release)), size: statSync(manifestPath(release)).size })));
  return { manifests, recorded: recordedFiles(manifests) };
}

/** The listing as listObjects keeps it, page by page. */
function readListing(): RemoteObject[] {
  const objects: RemoteObject[] = [];
  for (const page of readFileSync(join(fixture, `listing-${count}.jsonl`), 'utf8').split('\n')) {
    for (const [name, size, etag] of JSON.parse(page) as Array<[string, number, string]>) objects.push({ name, size, etag, described: false });
  }
  return objects;
}

/** The live heap (after a full collection when node runs with --expose-gc), in MB. */
const liveHeapMb = () => {
  globalThis.gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
};

async function main(): Promise<void> {
  const started = performance.now();
  const files = localFiles();
  const prepared = performance.now();
  // In the order readPublication reads: the listing (with the bucket state), then the manifests,
  // which the action keeps (Observed.manifests) until it is done.
  const listed = readListing();
  const { manifests, recorded } = await readRecord();
  const inputHeapMb = liveHeapMb();
  const fixtureRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const planStart = performance.now();
  // As readPublication: every object the records settle needs no HeadObject, so no client is called.
  const { remote: objects, heads } = await describeRemote(undefined as unknown as S3Client, { bucket: 'shop', prefix: '', releases: { bucket: 'shop', prefix: '_releases/' }, tier: 'frontend' }, listed, byName(files), recorded, 16);
  // As readPublication: the listing lives on as `objects`, described.
  listed.length = 0;
  const owned = new Set<string>();
  for (const object of objects) owned.add(object.name);
  const plan = planSync({ files, remote: objects, recorded, owned, stored: new Set(), prune: true });
  const phases = uploadPhases(plan);
  const planMs = performance.now() - planStart;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const plannedHeapMb = liveHeapMb();
  console.log(
    JSON.stringify({
      files: count,
      kept: manifests.length,
      headersMs: Math.round(prepared - started),
      planMs: Math.round(planMs),
      heads,
      uploads: plan.uploads.length,
      unchanged: plan.unchanged.length,
      entries: phases.entries.length + phases.root.length,
      fixtureRssMb,
      inputHeapMb,
      plannedHeapMb,
      peakRssMb,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
