import type { RemoteObject } from '../src/plan.js';
import { checkRecorded, decidePromotion, objectsToHead, promotedManifest, recordPromotion, type PromotionSource, type SourceState } from '../src/promote.js';
import { RELEASE_SCHEMA, POINTER_SCHEMA, type ReleaseFile, type ReleaseManifest, type ReleasePointer } from '../src/releases.js';

const SHA = (c: string) => c.repeat(64);
const SOURCE: PromotionSource = { bucket: 'shop-staging', prefix: 'web/', region: 'us-east-1', releases: { bucket: 'shop-staging', prefix: 'web/_releases/' } };

const fileOf = (content: string, extra: Partial<ReleaseFile> = {}): ReleaseFile => ({
  sha256: SHA(content),
  md5: '',
  size: 10,
  contentType: 'text/html',
  cacheControl: 'no-cache',
  etag: `"etag-${content}"`,
  entry: false,
  ...extra,
});

const manifest = (release: string, files: Record<string, ReleaseFile>): ReleaseManifest => ({ schema: RELEASE_SCHEMA, tier: 'frontend', release, createdAt: '2026-11-29T10:00:00.000Z', bucket: 'shop-staging', prefix: 'web/', files });

const pointer = (current: string, ...history: string[]): ReleasePointer => ({
  schema: POINTER_SCHEMA,
  tier: 'frontend',
  current,
  history: history.map((release, i) => ({ release, publishedAt: `2026-11-29T1${i}:00:00.000Z`, kind: 'deploy' })),
});

const live = (name: string, file: ReleaseFile, extra: Partial<RemoteObject> = {}): RemoteObject => ({ name, size: file.size, etag: file.etag, lastModified: 0, described: false, ...extra });

const r2 = manifest('r2', { 'index.html': fileOf('i2', { entry: true }), 'assets/a.js': fileOf('a'), 'copy.js': fileOf('a') });
const state = (extra: Partial<SourceState>): SourceState => ({ pointer: pointer('r2', 'r1', 'r2'), listed: [], stored: new Set(), manifest: r2, heads: new Map(), ...extra });

describe('decidePromotion', () => {
  test('current is what serves; a live object with the ETag R recorded is copied with If-Match, one copy per content', () => {
    const promotion = decidePromotion('current', SOURCE, state({ listed: [live('index.html', r2.files['index.html']), live('assets/a.js', r2.files['assets/a.js']), live('copy.js', r2.files['copy.js'])] }));
    expect(promotion.release).toBe('r2');
    expect(promotion.from).toEqual({ bucket: 'shop-staging', prefix: 'web/', region: 'us-east-1', release: 'r2' });
    expect(promotion.copies).toEqual([
      { sha256: SHA('i2'), name: 'index.html', size: 10, fromKey: 'web/index.html', ifMatch: '"etag-i2"' },
      { sha256: SHA('a'), name: 'assets/a.js', size: 10, fromKey: 'web/assets/a.js', ifMatch: '"etag-a"' },
    ]);
  });

  test('a file whose own name is gone comes from another name with the same content', () => {
    const promotion = decidePromotion('r2', SOURCE, state({ listed: [live('index.html', r2.files['index.html']), live('copy.js', r2.files['copy.js'])] }));
    expect(promotion.copies.map((copy) => copy.fromKey)).toEqual(['web/index.html', 'web/copy.js']);
  });

  test('a stored copy is taken by hash, whatever is live under the name', () => {
    const promotion = decidePromotion('r2', SOURCE, state({ stored: new Set([SHA('i2')]), listed: [live('index.html', r2.files['index.html'], { etag: '"other"' }), live('assets/a.js', r2.files['assets/a.js'])] }));
    expect(promotion.copies[0]).toEqual({ sha256: SHA('i2'), name: 'index.html', size: 10, fromKey: `web/_releases/objects/sha256/${SHA('i2')}` });
  });

  test('a live object with another ETag counts when HeadObject read R\'s hash on it', () => {
    const listed = [live('index.html', r2.files['index.html'], { etag: '"copied"' }), live('assets/a.js', r2.files['assets/a.js'])];
    expect(decidePromotion('r2', SOURCE, state({ listed, heads: new Map([['index.html', SHA('i2')]]) })).copies[0]).toMatchObject({ fromKey: 'web/index.html', ifMatch: '"copied"' });
  });

  test.each<[string, string, Partial<SourceState>, string]>([
    ['no pointer', 'current', { pointer: undefined }, "Input 'promote-from': nothing serves in s3://shop-staging/web/: it has no release pointer (web/_releases/current.json)"],
    ['never served (staged only)', 'r3', {}, "Input 'release-id': release 'r3' never served in s3://shop-staging/web/: its release history is r1, r2"],
    ['never served, no history', 'r3', { pointer: pointer('r0') }, "its release history is empty"],
    ['the manifest gone', 'r2', { manifest: undefined }, "Input 'promote-from': release 'r2' cannot be promoted from s3://shop-staging/web/: its manifest (web/_releases/manifests/r2.json) is gone"],
    ['a file gone', 'r2', { listed: [live('index.html', r2.files['index.html'])] }, "Input 'promote-from': release 'r2' cannot be promoted from s3://shop-staging/web/: 2 of its file(s) are gone there, neither live nor in its release store (assets/a.js, copy.js)"],
    ['a file replaced by another release', 'r2', { listed: [live('index.html', r2.files['index.html'], { etag: '"v3"' }), live('assets/a.js', r2.files['assets/a.js'])], heads: new Map([['index.html', SHA('i3')]]) }, '(index.html)'],
    ['a file of another size', 'r2', { listed: [live('index.html', r2.files['index.html'], { size: 11 }), live('assets/a.js', r2.files['assets/a.js'])] }, '(index.html)'],
  ])('refused: %s', (_, wanted, given, message) => {
    expect(() => decidePromotion(wanted, SOURCE, state(given))).toThrow(message);
  });
});

test('only live objects of the right size with an ETag R did not record and no stored copy are headed', () => {
  const listed = [live('index.html', r2.files['index.html'], { etag: '"x"' }), live('assets/a.js', r2.files['assets/a.js'], { etag: '"y"', size: 3 }), live('copy.js', r2.files['copy.js'], { etag: '"z"' })];
  expect(objectsToHead(r2, listed, new Set())).toEqual(['index.html', 'copy.js']);
  expect(objectsToHead(r2, listed, new Set([SHA('a')]))).toEqual(['index.html']);
});

test('the manifest here: this site, no ETags of the source, where it came from', () => {
  const promotion = decidePromotion('r2', SOURCE, state({ stored: new Set([SHA('i2'), SHA('a')]) }));
  const recorded = promotedManifest(promotion, { bucket: 'shop-production', prefix: '', tier: 'frontend' });
  expect(recorded).toMatchObject({ bucket: 'shop-production', prefix: '', release: 'r2', createdAt: r2.createdAt, promotedFrom: promotion.from });
  expect(Object.values(recorded.files).map((file) => file.etag)).toEqual(['', '', '']);
  expect(recorded.files['index.html']).toMatchObject({ sha256: SHA('i2'), entry: true, contentType: 'text/html' });
});

test('this bucket\'s own record of the release with other content is refused; the same content is not', () => {
  const promotion = decidePromotion('r2', SOURCE, state({ stored: new Set([SHA('i2'), SHA('a')]) }));
  expect(() => checkRecorded(promotion, undefined, 'shop-production')).not.toThrow();
  expect(() => checkRecorded(promotion, { ...r2, bucket: 'shop-production' }, 'shop-production')).not.toThrow();
  const other = manifest('r2', { ...r2.files, 'index.html': fileOf('other') });
  expect(() => checkRecorded(promotion, other, 'shop-production')).toThrow("Input 'release-id': release 'r2' is recorded in s3://shop-production with other content than in s3://shop-staging/web/ (index.html differ)");
});

describe('recordPromotion', () => {
  const from = { bucket: 'shop-staging', prefix: '', region: 'us-east-1', release: 'r2' };
  const moved = pointer('r2', 'r1', 'r2');
  test.each<[string, string, typeof from | undefined, boolean]>([
    ['the entry this publication added gets it', moved.history[1].publishedAt, from, true],
    ['an entry of an earlier publication does not', '2026-11-30T00:00:00.000Z', from, false],
    ['nothing without a promotion', moved.history[1].publishedAt, undefined, false],
  ])('%s', (_, at, given, recorded) => {
    const result = recordPromotion(moved, at, given);
    expect(result.history[1].promotedFrom).toEqual(recorded ? from : undefined);
    expect(result.history[0]).toEqual(moved.history[0]);
  });
});
