import { decidePublication, type Observed } from '../src/decide.js';
import type { RemoteObject, SiteFile } from '../src/plan.js';
import type { PublishRequest } from '../src/publish.js';
import type { Reference } from '../src/references.js';
import { POINTER_SCHEMA, RELEASE_SCHEMA, type ReleaseManifest, type ReleasePointer } from '../src/releases.js';

const JS = 'text/javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOUR = 3_600_000;
const site = { bucket: 'shop-site', prefix: '', releases: { bucket: 'shop-site', prefix: '_releases/' }, tier: 'frontend' };

function file(name: string, content: string): SiteFile {
  const page = name.endsWith('.html');
  return { name, size: content.length, sha256: content.padEnd(64, '0'), contentType: page ? HTML : JS, cacheControl: page ? 'no-cache' : 'immutable', entry: page, source: { kind: 'file', path: `/build/${name}` } };
}

const remoteOf = (of: SiteFile, contentType: string | undefined = of.contentType): RemoteObject => ({ name: of.name, size: of.size, etag: `"${of.name}"`, lastModified: 0, sha256: of.sha256, contentType, cacheControl: of.cacheControl, described: contentType !== undefined });

function manifestOf(release: string, files: SiteFile[]): ReleaseManifest {
  const entries = files.map((f) => [f.name, { sha256: f.sha256, md5: '', size: f.size, contentType: f.contentType, cacheControl: f.cacheControl, etag: `"${f.name}"`, entry: f.entry }] as const);
  return { schema: RELEASE_SCHEMA, tier: 'frontend', release, createdAt: '', bucket: 'shop-site', prefix: '', files: Object.fromEntries(entries) };
}

const pointerOf = (...releases: string[]): ReleasePointer => ({
  schema: POINTER_SCHEMA,
  tier: 'frontend',
  current: releases[releases.length - 1],
  history: releases.map((release, i) => ({ release, publishedAt: new Date(NOW - (releases.length - i) * HOUR).toISOString(), kind: 'deploy' as const })),
});

const script = (raw: string, from = 'index.html'): Reference => ({ from, raw, kind: 'script', candidates: [raw.replace(/^\//, '')] });

const r1 = { index: file('index.html', 'i1'), chunk: file('assets/a-11111111.js', 'c1') };
const r2 = { index: file('index.html', 'i2'), chunk: file('assets/b-22222222.js', 'c2') };

/** The bucket after r1 went live, and a build of r2 whose page loads its own chunk. */
function observed(over: Partial<Observed> = {}): Observed {
  const live = [remoteOf(r1.index), remoteOf(r1.chunk)];
  const m1 = manifestOf('r1', [r1.index, r1.chunk]);
  return {
    state: { pointer: pointerOf('r1'), manifests: [{ release: 'r1', writtenAt: NOW - HOUR }], listed: live, stored: new Set() },
    readAt: NOW,
    manifests: new Map([['r1', m1]]),
    files: [r2.index, r2.chunk],
    recorded: new Map(Object.entries(m1.files).map(([name, entry]) => [name, [entry]])),
    owned: new Set(Object.keys(m1.files)),
    remote: live,
    heads: 0,
    references: [script('/assets/b-22222222.js')],
    unreadable: [],
    headed: new Map(),
    ...over,
  };
}

function request(over: Partial<PublishRequest> = {}): PublishRequest {
  return { site, release: 'r2', publish: 'all', keepReleases: 5, pruneAfterMs: 7 * 24 * HOUR, maxDeletes: 500, concurrency: 4, dryRun: false, ...over };
}

const summary = (request: PublishRequest, seen: Observed) => {
  const { result, pointer } = decidePublication(request, seen);
  return { release: result.release, uploads: result.plan.uploads.map((u) => u.file.name), deletes: result.plan.deletes.map((d) => d.name), current: pointer.current, kind: pointer.history[pointer.history.length - 1].kind };
};

test.each<[string, PublishRequest, Observed, ReturnType<typeof summary>]>([
  ['a deploy whose page loads its own new chunk', request(), observed(), { release: 'r2', uploads: ['index.html', 'assets/b-22222222.js'], deletes: [], current: 'r2', kind: 'deploy' }],
  ['a page that loads a chunk an earlier release left in the bucket', request(), observed({ references: [script('/assets/a-11111111.js')] }), { release: 'r2', uploads: ['index.html', 'assets/b-22222222.js'], deletes: [], current: 'r2', kind: 'deploy' }],
  ['a reference to a path the CDN serves from another origin (unchecked-paths)', request({ unchecked: (path) => path.startsWith('api/') }), observed({ references: [script('/api/config.js'), script('/assets/b-22222222.js')] }), { release: 'r2', uploads: ['index.html', 'assets/b-22222222.js'], deletes: [], current: 'r2', kind: 'deploy' }],
  ['a restore of the previous release', request({ restore: 'previous' }), observed({
    state: { pointer: pointerOf('r1', 'r2'), manifests: [{ release: 'r1', writtenAt: NOW - 2 * HOUR }, { release: 'r2', writtenAt: NOW - HOUR }], listed: [remoteOf(r2.index), remoteOf(r1.chunk), remoteOf(r2.chunk)], stored: new Set([r1.index.sha256]) },
    manifests: new Map([['r1', manifestOf('r1', [r1.index, r1.chunk])], ['r2', manifestOf('r2', [r2.index, r2.chunk])]]),
    files: [{ ...r1.index, source: { kind: 'stored', key: `_releases/objects/sha256/${r1.index.sha256}` } }, { ...r1.chunk, source: { kind: 'none' } }],
    remote: [remoteOf(r2.index), remoteOf(r1.chunk), remoteOf(r2.chunk)],
    references: [script('/assets/a-11111111.js')],
  }), { release: 'r1', uploads: ['index.html'], deletes: [], current: 'r1', kind: 'restore' }],
])('%s', (_name, req, seen, expected) => {
  expect(summary(req, seen)).toEqual(expected);
});

test.each<[string, PublishRequest, Observed, string]>([
  ['a page that loads a chunk in neither the release nor the bucket', request(), observed({ references: [script('/assets/missing-99999999.js')] }),
    "Input 'source-dir': the release's pages would load 1 missing or mistyped file(s), so nothing was published (the live release keeps serving): index.html loads '/assets/missing-99999999.js' (as a script): assets/missing-99999999.js is neither in this release nor in the bucket"],
  // r1 is past the window: nothing kept records its files, so its chunk is pruned by this deploy.
  ['a page that loads a chunk this very deploy prunes', request({ keepReleases: 1, pruneAfterMs: 0 }), observed({ recorded: new Map(), references: [script('/assets/a-11111111.js')] }),
    "index.html loads '/assets/a-11111111.js' (as a script): assets/a-11111111.js is neither in this release nor in the bucket"],
  ['a script already in the bucket, served as HTML (HeadObject told)', request(), observed({
    references: [script('/legacy.js')],
    remote: [remoteOf(r1.index), remoteOf(r1.chunk), { name: 'legacy.js', size: 10, etag: '"x"', lastModified: 0, described: false }],
    headed: new Map([['legacy.js', HTML]]),
  }), 'legacy.js is served as text/html; charset=utf-8, not a JavaScript type (text/javascript): the browser refuses it'],
  ['unchecked-paths leaves the other paths checked', request({ unchecked: (path) => path.startsWith('api/') }), observed({ references: [script('/api/config.js'), script('/assets/gone-00000000.js')] }), "Input 'source-dir': the release's pages would load 1 missing or mistyped file(s)"],
  ['a staging run checks the release it stages', request({ publish: 'assets' }), observed({ references: [script('/assets/missing-99999999.js')] }), "Input 'source-dir': the release's pages would load 1"],
  ['a linked web manifest that is not JSON', request(), observed({ unreadable: [{ from: 'manifest.webmanifest', problem: 'is linked as the web manifest but is not JSON (x)' }] }), 'manifest.webmanifest is linked as the web manifest but is not JSON'],
  ['more deletions than max-deletes', request({ keepReleases: 1, pruneAfterMs: 0, maxDeletes: 0 }), observed({ recorded: new Map() }), "Input 'max-deletes': the plan would delete 1 objects, more than max-deletes (0)"],
])('refused: %s', (_name, req, seen, message) => {
  expect(() => decidePublication(req, seen)).toThrow(message);
});

test('a restore whose page loads a file gone from the bucket is refused naming restore-release', () => {
  const m1 = manifestOf('r1', [r1.index, r1.chunk]);
  const seen = observed({
    state: { pointer: pointerOf('r1', 'r2'), manifests: [{ release: 'r1', writtenAt: NOW - 2 * HOUR }, { release: 'r2', writtenAt: NOW - HOUR }], listed: [], stored: new Set([r1.index.sha256, r1.chunk.sha256]) },
    manifests: new Map([['r1', m1]]),
    files: [{ ...r1.index, source: { kind: 'stored', key: 'k1' } }, { ...r1.chunk, source: { kind: 'stored', key: 'k2' } }],
    remote: [],
    references: [script('/assets/vendor-00000000.js')],
  });
  expect(() => decidePublication(request({ restore: 'r1' }), seen)).toThrow("Input 'restore-release': the release's pages would load 1 missing or mistyped file(s)");
});

test('the decision is the same for the same reads (no clock, no I/O)', () => {
  expect(decidePublication(request(), observed())).toEqual(decidePublication(request(), observed()));
});
