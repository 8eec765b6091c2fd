import { planSync, type PlanInput, type RemoteObject, type SiteFile } from '../src/plan.js';
import type { ReleaseFile } from '../src/releases.js';
import { changedKeys, immutableByName, stageAssets } from '../src/stage.js';

const SHA = (c: string) => c.repeat(64);
const IMMUTABLE = 'public, max-age=31536000, immutable';

function file(name: string, content: string, extra: Partial<SiteFile> = {}): SiteFile {
  const entry = name.endsWith('.html') || name === 'robots.txt';
  return {
    name,
    size: 100,
    sha256: SHA(content),
    contentType: 'text/html; charset=utf-8',
    cacheControl: name.startsWith('assets/') ? IMMUTABLE : 'no-cache',
    entry,
    source: { kind: 'file', path: `/build/${name}` },
    ...extra,
  };
}

function remote(of: SiteFile, extra: Partial<RemoteObject> = {}): RemoteObject {
  return { name: of.name, size: of.size, etag: `"${of.sha256.slice(0, 32)}"`, lastModified: 0, sha256: of.sha256, contentType: of.contentType, cacheControl: of.cacheControl, described: true, ...extra };
}

function recordOf(of: SiteFile): ReleaseFile {
  return { sha256: of.sha256, md5: '', size: of.size, contentType: of.contentType, cacheControl: of.cacheControl, etag: '', entry: of.entry };
}

function plan(input: Partial<PlanInput>) {
  return planSync({ files: [], remote: [], recorded: new Map(), owned: new Set((input.remote ?? []).map((object) => object.name)), stored: new Set(), prune: false, ...input });
}

const v1 = { index: file('index.html', 'i1'), chunk: file('assets/index-11111111.js', 'c1'), favicon: file('favicon.svg', 'f1', { entry: false }) };
const v2 = { index: file('index.html', 'i2'), chunk: file('assets/index-22222222.js', 'c2'), favicon: file('favicon.svg', 'f2', { entry: false }) };

describe('publish: assets', () => {
  test.each<[string, Partial<PlanInput>, { now: string[]; staged: string[]; toStore: string[] }]>([
    ['a new hashed chunk goes up now; the changed page is staged', { files: [v2.index, v1.chunk, v1.favicon], remote: [remote(v1.index), remote(v1.chunk), remote(v1.favicon)] }, { now: [], staged: ['index.html'], toStore: ['index.html'] }],
    ['a new release: chunk now, page staged', { files: [v2.index, v2.chunk], remote: [remote(v1.index), remote(v1.chunk)] }, { now: ['assets/index-22222222.js'], staged: ['index.html'], toStore: ['index.html'] }],
    ['a changed file that is not an entry point (favicon.svg) is staged: uploading it would change the live release', { files: [v1.index, v2.favicon], remote: [remote(v1.index), remote(v1.favicon)] }, { now: [], staged: ['favicon.svg'], toStore: ['favicon.svg'] }],
    ['a new page is staged, even with no page live yet', { files: [file('about/index.html', 'a')] }, { now: [], staged: ['about/index.html'], toStore: ['about/index.html'] }],
    ['a new non-entry file no live page names goes up now', { files: [file('images/new.png', 'n', { entry: false })] }, { now: ['images/new.png'], staged: [], toStore: [] }],
    ['a header rewrite waits for the publishing run', { files: [{ ...v1.favicon, cacheControl: 'public, max-age=60' }], remote: [remote(v1.favicon)] }, { now: [], staged: ['favicon.svg'], toStore: [] }],
    ['content the release store holds is not sent again', { files: [v2.index], remote: [remote(v1.index)], stored: new Set([v2.index.sha256]) }, { now: [], staged: ['index.html'], toStore: [] }],
    ['two staged files with one content are stored once', { files: [v2.index, file('404.html', 'i2')], remote: [remote(v1.index)] }, { now: [], staged: ['index.html', '404.html'], toStore: ['index.html'] }],
    ['unchanged files need nothing', { files: [v1.index, v1.chunk], remote: [remote(v1.index), remote(v1.chunk)] }, { now: [], staged: [], toStore: [] }],
  ])('%s', (_name, input, expected) => {
    const split = stageAssets(plan(input), input.stored ?? new Set());
    expect({
      now: split.now.uploads.map((upload) => upload.file.name),
      staged: split.staged.map((item) => item.file.name),
      toStore: split.toStore.map((item) => item.name),
    }).toEqual(expected);
    expect(split.now.updates).toEqual([]);
    expect(split.now.deletes).toEqual([]);
    expect(split.now.preserve).toEqual([]);
  });

  test('nothing is deleted or preserved even when the full plan would', () => {
    const full = planSync({
      files: [v2.index],
      remote: [remote(v1.index), remote({ ...v1.chunk, name: 'old.js' })],
      recorded: new Map([['index.html', [recordOf(v1.index)]]]),
      owned: new Set(['index.html', 'old.js']),
      stored: new Set(['f'.repeat(64)]),
      prune: true,
    });
    expect(full.deletes).toHaveLength(1);
    expect(full.preserve).toHaveLength(1);
    expect(full.storeDeletes).toHaveLength(1);
    const split = stageAssets(full, new Set());
    expect(split.now.deletes).toEqual([]);
    expect(split.now.storeDeletes).toEqual([]);
    expect(split.now.preserve).toEqual([]);
    expect(split.now.retained).toEqual(['old.js']);
  });
});

test.each([
  [IMMUTABLE, true],
  ['immutable', true],
  ['public,immutable', true],
  ['no-cache', false],
  ['public, max-age=0, must-revalidate', false],
  ['public, max-age=60, not-immutable-at-all', false],
])('immutableByName(%s)', (cacheControl, expected) => {
  expect(immutableByName({ cacheControl })).toBe(expected);
});

describe('changed-keys', () => {
  const live = Object.fromEntries([v1.index, v1.chunk, v1.favicon].map((f) => [f.name, recordOf(f)]));
  test.each<[string, Partial<PlanInput>, SiteFile[], Record<string, ReleaseFile> | undefined, string[]]>([
    ['a replaced page', { files: [v2.index], remote: [remote(v1.index)] }, [v2.index], live, ['index.html']],
    ['a new hashed chunk is left out; a new page is in (CloudFront may cache its 404)', { files: [v2.chunk, file('about/index.html', 'a')] }, [v2.chunk, file('about/index.html', 'a')], live, ['about/index.html']],
    ['a new non-hashed file is in', { files: [file('favicon-2.svg', 'x', { entry: false })] }, [], live, ['favicon-2.svg']],
    [
      'publishing a staged release: files already in place but not live before are in',
      { files: [v2.index, v2.chunk, v2.favicon], remote: [remote(v2.index), remote(v2.chunk), remote(v2.favicon)] },
      [v2.index, v2.chunk, v2.favicon],
      live,
      ['index.html', 'favicon.svg'],
    ],
    ['a header change against the live release', { files: [v1.index], remote: [remote(v1.index)] }, [{ ...v1.index, cacheControl: 'no-store' }], live, ['index.html']],
    ['the same release again: nothing', { files: [v1.index], remote: [remote(v1.index)] }, [v1.index, v1.chunk], live, []],
    ['no release live before: every key not immutable by name', { files: [v1.index, v1.chunk] }, [v1.index, v1.chunk], undefined, ['index.html']],
    ['a deletion', { files: [v1.index], remote: [remote(v1.index), remote(v1.favicon)], prune: true }, [v1.index], live, ['favicon.svg']],
  ])('%s', (_name, input, goingLive, wasLive, expected) => {
    expect(changedKeys(plan(input), goingLive, wasLive).sort()).toEqual(expected.sort());
  });
});
