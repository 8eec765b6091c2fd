import { addRecorded, byName, describeFromRecords, localPath, md5Wanted, planSync, plainMd5, tooLongKeys, uploadPhases, type PlanInput, type RecordedEntries, type RemoteObject, type SiteFile } from '../src/plan.js';
import type { ReleaseFile } from '../src/releases.js';

const MD5 = (c: string) => c.repeat(32);
const SHA = (c: string) => c.repeat(64);

function file(name: string, content: string, extra: Partial<SiteFile> = {}): SiteFile {
  return {
    name,
    size: 100,
    sha256: SHA(content),
    md5: MD5(content),
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'no-cache',
    entry: name.endsWith('.html'),
    source: { kind: 'file', path: `/build/${name}` },
    ...extra,
  };
}

function remote(name: string, content: string, extra: Partial<RemoteObject> = {}): RemoteObject {
  return {
    name,
    size: 100,
    etag: `"${MD5(content)}"`,
    lastModified: 0,
    sha256: SHA(content),
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'no-cache',
    described: true,
    ...extra,
  };
}

function record(name: string, content: string, extra: Partial<ReleaseFile> = {}): [string, ReleaseFile[]] {
  return [name, [{ sha256: SHA(content), md5: MD5(content), size: 100, contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', etag: `"${MD5(content)}"`, entry: true, ...extra }]];
}

/** As recordedFiles holds a name every kept release recorded alike: the entry, no array around it. */
function bare(name: string, content: string): [string, ReleaseFile] {
  const [, [entry]] = record(name, content);
  return [name, entry];
}

/** Unless a case says otherwise, every live object was written by some release of this site. */
function plan(input: Partial<PlanInput>) {
  const owned = new Set((input.remote ?? []).map((object) => object.name));
  return planSync({ files: [], remote: [], recorded: new Map(), owned, stored: new Set(), prune: true, ...input });
}

const summary = (p: ReturnType<typeof plan>) => ({
  uploads: p.uploads.map((u) => `${u.file.name}:${u.reason}`),
  updates: p.updates.map((u) => `${u.file.name}:${u.reason}`),
  unchanged: p.unchanged.map((u) => u.file.name),
  deletes: p.deletes.map((d) => d.name),
  retained: p.retained,
  foreign: p.foreign,
  storeDeletes: p.storeDeletes,
  preserve: p.preserve.map((item) => item.name),
  missing: p.missing,
});

test.each<[string, Partial<PlanInput>, Partial<ReturnType<typeof summary>>]>([
  ['a new file is uploaded', { files: [file('a.html', 'a')] }, { uploads: ['a.html:new'] }],
  ['the same content and headers stays', { files: [file('a.html', 'a')], remote: [remote('a.html', 'a')] }, { unchanged: ['a.html'] }],
  ['changed content is uploaded', { files: [file('a.html', 'b')], remote: [remote('a.html', 'a')] }, { uploads: ['a.html:changed'] }],
  [
    'same size, other content (what --size-only misses) is uploaded',
    { files: [file('sw.js', 'b', { entry: true })], remote: [remote('sw.js', 'a')] },
    { uploads: ['sw.js:changed'] },
  ],
  [
    'only Cache-Control differs: headers rewritten, no upload',
    { files: [file('a.html', 'a', { cacheControl: 'public, max-age=60' })], remote: [remote('a.html', 'a')] },
    { updates: ['a.html:cache-control'] },
  ],
  [
    'only Content-Type differs: headers rewritten',
    { files: [file('a.wasm', 'a', { contentType: 'application/wasm' })], remote: [remote('a.wasm', 'a', { contentType: 'application/octet-stream' })] },
    { updates: ['a.wasm:content-type'] },
  ],
  [
    'an object uploaded by another tool (no hash record, MD5 ETag equal) gets its hash recorded',
    { files: [file('a.html', 'a')], remote: [remote('a.html', 'a', { sha256: undefined })] },
    { updates: ['a.html:hash record'] },
  ],
  [
    'a multipart ETag is not an MD5: the recorded hash decides',
    { files: [file('big.bin', 'a')], remote: [remote('big.bin', 'a', { etag: '"0123456789abcdef0123456789abcdef-3"' })] },
    { unchanged: ['big.bin'] },
  ],
  [
    'an object gone from the site with no kept release naming it is deleted',
    { files: [file('index.html', 'a')], remote: [remote('index.html', 'a'), remote('assets/old.js', 'o')] },
    { unchanged: ['index.html'], deletes: ['assets/old.js'] },
  ],
  [
    'an object a kept release names is retained for open pages',
    { files: [file('index.html', 'a')], remote: [remote('index.html', 'a'), remote('assets/old.js', 'o')], recorded: new Map([record('assets/old.js', 'o')]) },
    { unchanged: ['index.html'], retained: ['assets/old.js'] },
  ],
  [
    'objects no release of this site listed are foreign: left alone, however old',
    { files: [file('index.html', 'a')], remote: [remote('media/upload-1.jpg', 'u'), remote('other/index.html', 'o')], owned: new Set() },
    { uploads: ['index.html:new'], foreign: ['media/upload-1.jpg', 'other/index.html'] },
  ],
  [
    'only the listed ones of a mixed prefix go',
    { files: [file('index.html', 'a')], remote: [remote('index.html', 'a'), remote('assets/old.js', 'o'), remote('media/u.jpg', 'u')], owned: new Set(['index.html', 'assets/old.js']) },
    { unchanged: ['index.html'], deletes: ['assets/old.js'], foreign: ['media/u.jpg'] },
  ],
  [
    'a foreign object the site now publishes under the same name is replaced, not reported',
    { files: [file('index.html', 'b')], remote: [remote('index.html', 'a')], owned: new Set() },
    { uploads: ['index.html:changed'] },
  ],
  [
    'stored copies no kept release needs go with the releases that needed them',
    { files: [file('index.html', 'b')], remote: [remote('index.html', 'b')], recorded: new Map([record('index.html', 'a')]), stored: new Set([SHA('a'), SHA('gone')]) },
    { unchanged: ['index.html'], storeDeletes: [SHA('gone')] },
  ],
  [
    'a stored copy the release going live is restored from stays',
    { files: [file('index.html', 's', { source: { kind: 'stored', key: 'x' } })], stored: new Set([SHA('s')]) },
    { uploads: ['index.html:new'] },
  ],
  [
    'a restore prunes nothing in the store either',
    { files: [file('index.html', 'a')], remote: [remote('index.html', 'a')], stored: new Set([SHA('gone')]), prune: false },
    { unchanged: ['index.html'] },
  ],
  [
    'a restore never deletes',
    { files: [file('index.html', 'a')], remote: [remote('stray.txt', 's')], prune: false },
    { uploads: ['index.html:new'], retained: ['stray.txt'] },
  ],
  [
    'overwriting content a kept release needs keeps a copy first',
    { files: [file('index.html', 'b')], remote: [remote('index.html', 'a')], recorded: new Map([record('index.html', 'a')]) },
    { uploads: ['index.html:changed'], preserve: ['index.html'] },
  ],
  [
    'a kept copy and a store prune from entries held bare',
    { files: [file('index.html', 'b')], remote: [remote('index.html', 'a'), remote('old.js', 'o')], recorded: new Map([bare('index.html', 'a')]), stored: new Set([SHA('gone')]) },
    { uploads: ['index.html:changed'], preserve: ['index.html'], deletes: ['old.js'], storeDeletes: [SHA('gone')] },
  ],
  [
    'no copy when the store has it already',
    { files: [file('index.html', 'b')], remote: [remote('index.html', 'a')], recorded: new Map([record('index.html', 'a')]), stored: new Set([SHA('a')]) },
    { uploads: ['index.html:changed'] },
  ],
  [
    'a restore file found nowhere is missing, not uploaded',
    { files: [file('index.html', 'a', { source: { kind: 'none' } })] },
    { missing: ['index.html'] },
  ],
  [
    'a restore file live with the same content needs nothing, even without a stored copy',
    { files: [file('index.html', 'a', { source: { kind: 'none' } })], remote: [remote('index.html', 'a')] },
    { unchanged: ['index.html'] },
  ],
])('%s', (_name, input, expected) => {
  const empty = { uploads: [], updates: [], unchanged: [], deletes: [], retained: [], foreign: [], storeDeletes: [], preserve: [], missing: [] };
  expect(summary(plan(input))).toEqual({ ...empty, ...expected });
});

test('assets go first (largest first), entry points after, the root index.html last', () => {
  const p = plan({
    files: [
      file('index.html', 'i'),
      file('about/index.html', 'b'),
      file('assets/small.js', 's', { entry: false, size: 10 }),
      file('sw.js', 'w', { entry: true }),
      file('assets/big.js', 'g', { entry: false, size: 1000 }),
    ],
    remote: [remote('assets/small.js', 's', { size: 10, cacheControl: 'old' })],
  });
  const phases = uploadPhases(p);
  expect(phases.assets.map((item) => item.file.name)).toEqual(['assets/big.js', 'assets/small.js']);
  expect(phases.entries.map((item) => item.file.name).sort()).toEqual(['about/index.html', 'sw.js']);
  expect(phases.root.map((item) => item.file.name)).toEqual(['index.html']);
});

test.each([
  ['"d41d8cd98f00b204e9800998ecf8427e"', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['"d41d8cd98f00b204e9800998ecf8427e-12"', undefined],
  ['"KMS-encrypted-etag-0123456789abcdef"', undefined],
])('plainMd5(%s)', (etag, md5) => {
  expect(plainMd5(etag)).toBe(md5);
});

describe('describeFromRecords', () => {
  const local = new Map([
    ['same.js', file('same.js', 'a')],
    ['changed.js', file('changed.js', 'b')],
    ['multi.bin', file('multi.bin', 'c')],
    ['recorded.js', file('recorded.js', 'd')],
  ]);
  const listed: RemoteObject[] = [
    { name: 'same.js', size: 100, etag: `"${MD5('a')}"`, lastModified: 0, described: false },
    { name: 'changed.js', size: 100, etag: `"${MD5('e')}"`, lastModified: 0, described: false },
    { name: 'multi.bin', size: 100, etag: '"0123456789abcdef0123456789abcdef-2"', lastModified: 0, described: false },
    { name: 'recorded.js', size: 100, etag: `"${MD5('d')}"`, lastModified: 0, described: false },
    { name: 'gone.js', size: 100, etag: '"whatever-2"', lastModified: 0, described: false },
  ];
  const recorded = new Map([record('recorded.js', 'd', { cacheControl: 'x' })]);
  const { objects, toHead } = describeFromRecords(listed, local, recorded);

  test('heads only what may be unchanged and is not in a record', () => {
    expect(toHead.sort()).toEqual(['multi.bin', 'same.js']);
  });

  test('a record whose ETag and size match is trusted', () => {
    expect(objects.find((o) => o.name === 'recorded.js')).toMatchObject({ sha256: SHA('d'), cacheControl: 'x', described: true });
  });

  test('a record with another ETag is not trusted', () => {
    const other = describeFromRecords([{ ...listed[3], etag: `"${MD5('f')}"` }], local, recorded);
    expect(other.objects[0].described).toBe(false);
    expect(other.toHead).toEqual([]);
  });

  // A header update keeps the ETag: two kept releases can record one object with other headers.
  test.each([
    ['the same headers: trusted', 'public, max-age=0, must-revalidate', true],
    ['other headers: which are live is looked at', 'public, max-age=31536000, immutable', false],
  ])('two releases recorded the object with %s', (_, second, trusted) => {
    const both = new Map<string, RecordedEntries>();
    for (const cacheControl of ['public, max-age=0, must-revalidate', second]) addRecorded(both, 'recorded.js', record('recorded.js', 'd', { cacheControl })[1][0]);
    const described = describeFromRecords([listed[3]], local, both);
    expect(described.objects[0].described).toBe(trusted);
    expect(described.toHead).toEqual(trusted ? [] : ['recorded.js']);
  });
});

test('an MD5 is computed only where a plain-MD5 ETag of the same size and no record could settle it', () => {
  const local = new Map([
    ['a.js', file('a.js', 'a', { md5: undefined })],
    ['b.js', file('b.js', 'b', { md5: undefined, size: 5 })],
    ['c.js', file('c.js', 'c', { md5: undefined })],
    ['d.js', file('d.js', 'd', { md5: undefined })],
    ['e.js', file('e.js', 'e')],
  ]);
  const listed: RemoteObject[] = ['a.js', 'b.js', 'c.js', 'd.js', 'e.js', 'f.js'].map((name) => ({ name, size: 100, etag: `"${MD5('0')}"`, lastModified: 0, described: false }));
  listed[2].etag = '"0123456789abcdef0123456789abcdef-2"';
  expect(md5Wanted(listed, local, new Map([record('d.js', '0')]))).toEqual(['a.js']);
});

test('without a local MD5 an unrecorded object of the same size is looked at', () => {
  const local = new Map([['a.js', file('a.js', 'a', { md5: undefined })]]);
  const listed: RemoteObject[] = [{ name: 'a.js', size: 100, etag: `"${MD5('b')}"`, lastModified: 0, described: false }];
  expect(describeFromRecords(listed, local, new Map()).toHead).toEqual(['a.js']);
});

test('keys over 1,024 bytes of UTF-8 are found', () => {
  expect(tooLongKeys('p/', ['ok', 'é'.repeat(512), 'a'.repeat(1022)])).toEqual(['é'.repeat(512)]);
});

// Its time and memory are the planner benchmark's (bench/), not a timed test's.
test('a 100,000-file plan: every unchanged file is found unchanged', () => {
  const files = Array.from({ length: 100_000 }, (_, i) => file(`assets/f${i}.js`, String(i % 10), { entry: false }));
  const p = plan({ files, remote: files.map((f) => remote(f.name, String(Number(f.name.slice(8, -3)) % 10))) });
  expect(p.unchanged).toHaveLength(100_000);
  expect(p.uploads).toEqual([]);
});

describe('where a file is read from', () => {
  test.each([
    ['a file of the build output', { kind: 'build', dir: '/w/build' }, '/w/build/assets/a.js'],
    ['a file reached through a symlink', { kind: 'file', path: '/w/shared/a.js' }, '/w/shared/a.js'],
    ['a stored copy', { kind: 'stored', key: '_releases/objects/sha256/x' }, undefined],
    ['nowhere', { kind: 'none' }, undefined],
  ] as const)('%s', (_, source, path) => {
    expect(localPath({ name: 'assets/a.js', source })).toBe(path);
  });

  test('byName: each file under its name, the last one of a name winning as a Map built from pairs would', () => {
    const first = file('a.js', 'a');
    const second = file('a.js', 'b');
    const other = file('b.js', 'c');
    expect([...byName([first, other, second])]).toEqual([
      ['a.js', second],
      ['b.js', other],
    ]);
  });
});

test("a described object is built from the local file's name and the record's ETag, with no field the listing held but did not need", () => {
  const local = file('a.js', 'a');
  const recorded = new Map([record('a.js', 'a', { contentType: 'text/javascript', cacheControl: 'max-age=1' })]);
  const { objects } = describeFromRecords([{ name: 'a.js', size: 100, etag: `"${MD5('a')}"`, lastModified: 5, described: false }], byName([local]), recorded);
  expect(objects).toEqual([{ name: 'a.js', size: 100, etag: `"${MD5('a')}"`, sha256: SHA('a'), contentType: 'text/javascript', cacheControl: 'max-age=1', described: true }]);
});
