import { addRecorded, findRecorded, recordedEntries, unaccounted, type RecordedEntries } from '../src/plan.js';
import { RELEASE_SCHEMA, type ReleaseFile, type ReleaseManifest } from '../src/releases.js';
import { recordedFiles } from '../src/state.js';

const entry = (c: string, more: Partial<ReleaseFile> = {}): ReleaseFile => ({
  sha256: c.repeat(64),
  md5: c.repeat(32),
  size: 10,
  contentType: 'text/html; charset=utf-8',
  cacheControl: 'no-cache',
  etag: `"${c.repeat(32)}"`,
  entry: true,
  ...more,
});
const manifest = (release: string, files: Record<string, ReleaseFile>): ReleaseManifest => ({
  schema: RELEASE_SCHEMA,
  tier: 'frontend',
  release,
  createdAt: '2026-11-01T00:00:00.000Z',
  bucket: 'shop-site',
  prefix: '',
  files,
});

test('a name every kept release recorded alike holds its entry bare; one recorded with other content holds each once', () => {
  const shared = entry('a');
  const recorded = recordedFiles([
    manifest('r1', { 'index.html': entry('i'), 'app.js': shared, 'logo.svg': entry('l') }),
    manifest('r2', { 'index.html': entry('j'), 'app.js': shared, 'logo.svg': entry('l') }),
    manifest('r3', { 'index.html': entry('i') }),
  ]);
  expect(recorded.get('app.js')).toBe(shared);
  // Equal content read by separate parses: one entry all the same.
  expect(recorded.get('logo.svg')).toEqual(entry('l'));
  expect(recorded.get('index.html')).toEqual([entry('i'), entry('j')]);
  expect([...recordedEntries(recorded)].map((file) => file.sha256[0])).toEqual(['i', 'j', 'a', 'l']);
});

test.each<[string, RecordedEntries | undefined, string, string | undefined]>([
  ['a bare entry that passes', entry('a'), 'a', 'a'],
  ['a bare entry that does not', entry('a'), 'b', undefined],
  ['the second of several', [entry('a'), entry('b')], 'b', 'b'],
  ['none of several', [entry('a'), entry('b')], 'c', undefined],
  ['a name never recorded', undefined, 'a', undefined],
])('findRecorded: %s', (_, held, wanted, found) => {
  const recorded = new Map<string, RecordedEntries>(held ? [['index.html', held]] : []);
  expect(findRecorded(recorded, 'index.html', (file) => file.sha256 === wanted.repeat(64))?.sha256[0]).toBe(found);
});

test.each<[string, RecordedEntries | undefined, ReleaseFile, RecordedEntries]>([
  ['the first entry is held bare', undefined, entry('a'), entry('a')],
  ['the same content and headers again add nothing', entry('a'), entry('a'), entry('a')],
  ['the same content with other headers is another entry', entry('a'), entry('a', { cacheControl: 'max-age=1' }), [entry('a'), entry('a', { cacheControl: 'max-age=1' })]],
  ['other content makes two', entry('a'), entry('b'), [entry('a'), entry('b')]],
  ['a third content joins them', [entry('a'), entry('b')], entry('c'), [entry('a'), entry('b'), entry('c')]],
  ['one of several again adds nothing', [entry('a'), entry('b')], entry('b'), [entry('a'), entry('b')]],
  ['the same hash under another ETag is another entry', entry('a'), entry('a', { etag: '"multipart-2"' }), [entry('a'), entry('a', { etag: '"multipart-2"' })]],
])('addRecorded: %s', (_, held, added, expected) => {
  const recorded = new Map<string, RecordedEntries>(held ? [['index.html', held]] : []);
  addRecorded(recorded, 'index.html', added);
  expect(recorded.get('index.html')).toEqual(expected);
});

describe('what the newer records leave unaccounted for (then the older kept ones are read)', () => {
  const recorded = recordedFiles([manifest('r5', { 'index.html': entry('i'), 'app.js': entry('a') }), manifest('r6', { 'index.html': entry('j'), 'app.js': entry('a') })]);
  const listed = (name: string, c: string, size = 10) => ({ name, size, etag: `"${c.repeat(32)}"`, described: false });
  const file = (name: string, c: string) => ({ name, size: 10, sha256: c.repeat(64), contentType: 'text/html', cacheControl: 'no-cache', entry: true, source: { kind: 'none' as const } });
  test.each<[string, ReturnType<typeof listed>[], string[], string | undefined]>([
    ['every object as a record has it, no stored copy', [listed('index.html', 'j'), listed('app.js', 'a')], [], undefined],
    ['a stored copy a record names', [listed('index.html', 'j')], ['i'], undefined],
    ['a stored copy the files name', [listed('index.html', 'j')], ['k'], undefined],
    ['an object no record names', [listed('index.html', 'j'), listed('legacy.js', 'x')], [], 'legacy.js'],
    ['an object under a recorded name with other content', [listed('index.html', 'x')], [], 'index.html'],
    ['an object whose size no record gives', [listed('app.js', 'a', 11)], [], 'app.js'],
    ['a stored copy neither names', [listed('index.html', 'j')], ['z'], `a stored copy (${'z'.repeat(64)})`],
  ])('%s', (_, objects, stored, expected) => {
    expect(unaccounted(objects, [file('index.html', 'k')], recorded, new Set(stored.map((c) => c.repeat(64))))).toBe(expected);
  });
});
