// The planner on a generated 100,000-file site, in a process of its own so its peak memory is
// its own: listing completion from the previous release's record, the plan, and the phases.
// Prints one JSON line. Run: npx tsx bench/frontend/planner.ts [files] (the benchmark runs it
// bundled, with --expose-gc, so that the heap figures count live objects only).
import { hash } from 'node:crypto';
import { cacheControlFor, cacheRules, contentTypeFor, describeFromRecords, entryPointMatcher, planSync, uploadPhases, type ReleaseFile, type RemoteObject, type SiteFile } from '@tandem/frontend';

const count = Number(process.argv[2] ?? 100_000);
// One-shot hashes: a Hash object per value would hold native memory until a collection finds it.
const hex = (value: string, algorithm: 'sha256' | 'md5') => hash(algorithm, value, 'hex');
const rules = cacheRules('');
const isEntry = entryPointMatcher([]);

const names = Array.from({ length: count }, (_, i) => (i % 10 === 0 ? `docs/s${i % 97}/page-${i}/index.html` : `assets/chunk-${i}-${hex(String(i), 'md5').slice(0, 8)}.js`));
const started = performance.now();
const files: SiteFile[] = names.map((name, i) => {
  // One file in a thousand changed since the last release; one in a thousand is new.
  const version = i % 1000 === 1 ? 'v2' : 'v1';
  return {
    name,
    size: 1000 + (i % 5000),
    sha256: hex(`${name}${version}`, 'sha256'),
    md5: hex(`${name}${version}`, 'md5'),
    contentType: contentTypeFor(name),
    cacheControl: cacheControlFor(rules, name),
    entry: isEntry(name),
    source: { kind: 'file', path: `/build/${name}` },
  };
});
const prepared = performance.now();
const previous = files.filter((_, i) => i % 1000 !== 2);
const recorded = new Map<string, ReleaseFile[]>(
  previous.map((file) => {
    const md5 = hex(`${file.name}v1`, 'md5');
    return [file.name, [{ sha256: hex(`${file.name}v1`, 'sha256'), md5, size: file.size, contentType: file.contentType, cacheControl: file.cacheControl, etag: `"${md5}"`, entry: file.entry }]];
  }),
);
const listed: RemoteObject[] = previous.map((file) => ({ name: file.name, size: file.size, etag: `"${hex(`${file.name}v1`, 'md5')}"`, lastModified: 0, described: false }));
/** The live heap (after a full collection when node runs with --expose-gc), in MB. */
const liveHeapMb = () => {
  globalThis.gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
};
const inputHeapMb = liveHeapMb();
const fixtureRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const planStart = performance.now();
const { objects, toHead } = describeFromRecords(listed, new Map(files.map((file) => [file.name, file])), recorded);
const plan = planSync({ files, remote: objects, recorded, owned: new Set(objects.map((object) => object.name)), stored: new Set(), prune: true });
const phases = uploadPhases(plan);
const planMs = performance.now() - planStart;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const plannedHeapMb = liveHeapMb();
console.log(
  JSON.stringify({
    files: count,
    headersMs: Math.round(prepared - started),
    planMs: Math.round(planMs),
    heads: toHead.length,
    uploads: plan.uploads.length,
    unchanged: plan.unchanged.length,
    entries: phases.entries.length + phases.root.length,
    fixtureRssMb,
    inputHeapMb,
    plannedHeapMb,
    peakRssMb,
  }),
);
