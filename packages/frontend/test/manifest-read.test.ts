import type { S3Client } from '@aws-sdk/client-s3';
import { ManifestParser, NotAManifest, SharedEntries, parseManifest, parseManifestStream } from '../src/manifest-read.js';
import { RELEASE_SCHEMA, manifestText, type ReleaseFile, type ReleaseManifest } from '../src/releases.js';
import { readManifests, type Site } from '../src/state.js';

const SHA = (c: string) => c.repeat(64);
const MD5 = (c: string) => c.repeat(32);
const entry = (c: string, more: Partial<ReleaseFile> = {}): ReleaseFile => ({
  sha256: SHA(c),
  md5: MD5(c),
  size: 10,
  contentType: 'text/javascript; charset=utf-8',
  cacheControl: 'public, max-age=31536000, immutable',
  etag: `"${MD5(c)}"`,
  entry: false,
  ...more,
});
const manifest = (release: string, files: Record<string, ReleaseFile>, more: Partial<ReleaseManifest> = {}): ReleaseManifest => ({
  schema: RELEASE_SCHEMA,
  tier: 'frontend',
  release,
  createdAt: '2026-11-01T00:00:00.000Z',
  commit: release,
  workflowRun: 'shop/actions/runs/1',
  bucket: 'shop-site',
  prefix: '',
  files,
  ...more,
});

// As 1.0.0 wrote it: one space of indent and a newline at the end.
const written = (value: ReleaseManifest) => `${JSON.stringify(value, null, 1)}\n`;
const r1 = manifest('r1', { 'index.html': entry('a', { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', entry: true }), 'assets/app-1.js': entry('b') });

async function* chunksOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('a manifest reads back as JSON.parse reads it, whole or in any split of its bytes', () => {
  test.each([
    ['as earlier versions wrote it', written(r1)],
    ['as the action writes it, a file a line', manifestText(r1)],
    ['written a file a line: promoted, no commit, names with quotes and unicode', manifestText(manifest('r6', { 'q"uote\\.js': entry('e'), 'a b/ü ☃.html': entry('d') }, { commit: undefined, promotedFrom: { bucket: 's', prefix: 'web/', region: 'eu-west-1', release: 'r6' } }))],
    ['written a file a line, no files', manifestText(manifest('r7', {}))],
    ['on one line', JSON.stringify(r1)],
    ['staged (ETags empty), promoted, no commit', written(manifest('r2', { 'index.html': entry('c', { etag: '', md5: '' }) }, { commit: undefined, promotedFrom: { bucket: 's', prefix: 'web/', region: 'eu-west-1', release: 'r2' } }))],
    ['names with spaces, unicode, quotes and escapes', written(manifest('r3', { 'a b/ü ☃.html': entry('d'), 'q"uote\\.js': entry('e'), 'emoji-😀.png': entry('f') }))],
    ['a file named __proto__ and one named constructor', written(manifest('r4', { __proto__: entry('g'), constructor: entry('h') }))],
    ['no files', written(manifest('r5', {}))],
  ])('%s', async (_, text) => {
    const expected = JSON.parse(text) as unknown;
    expect(parseManifest(text)).toEqual(expected);
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) expect(await parseManifestStream(chunksOf(text, size))).toEqual(expected);
  });

  test('a file named __proto__ is a file of the record, not its prototype', () => {
    const parsed = parseManifest(written(manifest('r4', JSON.parse('{"__proto__":{"sha256":"x","etag":"","size":1}}') as Record<string, ReleaseFile>)));
    expect(Object.keys(parsed.files)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed.files)).toBeNull();
  });

  test('the action writes each file on a line of its own, and what it writes is the manifest', () => {
    const files = Object.create(null) as Record<string, ReleaseFile>;
    files.__proto__ = entry('g');
    files['index.html'] = entry('a');
    const text = manifestText(manifest('r8', files, { commit: undefined }));
    expect(text.split('\n').filter((line) => line.includes('"sha256"'))).toEqual([
      `  "__proto__": ${JSON.stringify(entry('g'))},`,
      `  "index.html": ${JSON.stringify(entry('a'))}`,
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = parseManifest(text);
    expect(Object.keys(parsed.files)).toEqual(['__proto__', 'index.html']);
    expect(parsed).toEqual({ ...manifest('r8', {}), commit: undefined, files: { ...files } });
    expect('commit' in (JSON.parse(text) as object)).toBe(false);
  });

  test('the top-level keys keep the order they were written in', () => {
    expect(Object.keys(parseManifest(written(r1)))).toEqual(Object.keys(JSON.parse(written(r1)) as object));
  });
});

describe('what is not a release manifest is refused, naming what is wrong', () => {
  test.each([
    ['another schema', '{"schema":"tandem-release/2","files":{}}', 'not a tandem-release/1 record'],
    ['no files', '{"schema":"tandem-release/1"}', 'not a tandem-release/1 record'],
    ['files null', '{"schema":"tandem-release/1","files":null}', 'not a tandem-release/1 record'],
    ['files a list', '{"schema":"tandem-release/1","files":[{"sha256":"x","etag":"","size":1}]}', 'not a tandem-release/1 record'],
    ['a list', '[1,2]', 'not a tandem-release/1 record'],
    ['a file without its hash', '{"schema":"tandem-release/1","files":{"a.js":{"etag":"","size":1}}}', "file 'a.js' is not recorded with a sha256, an etag and a size"],
    ['a file that is a string', '{"schema":"tandem-release/1","files":{"a.js":"x"}}', "file 'a.js' is not recorded with a sha256, an etag and a size"],
    ['not JSON', 'schema: tandem-release/1', 'Unexpected'],
    // JSON.parse and the streaming parser each say it their own way.
    ['cut short', written(r1).slice(0, 200), /Unterminated string in JSON at position 200|ended in the middle of a token/],
    ['something after the record', `${written(r1)}{}`, 'Unexpected'],
  ])('%s', async (_, text, message) => {
    expect(() => parseManifest(text)).toThrow(NotAManifest);
    expect(() => parseManifest(text)).toThrow(message);
    await expect(parseManifestStream(chunksOf(text, 5))).rejects.toThrow(message);
  });
});

describe('the manifests of one read hold each file once', () => {
  test('an unchanged file is one entry in every kept manifest; a changed one is its own', () => {
    const shared = new SharedEntries();
    const read = (value: ReleaseManifest) => {
      const parser = new ManifestParser(shared);
      parser.write(written(value));
      return parser.end();
    };
    const first = read(r1);
    const second = read(manifest('r2', { ...r1.files, 'index.html': entry('z', { entry: true }) }));
    expect(second.files['assets/app-1.js']).toBe(first.files['assets/app-1.js']);
    expect(second.files['index.html']).not.toBe(first.files['index.html']);
    expect(second.files['index.html']).toEqual(entry('z', { entry: true }));
    // Headers alone differ: not the same entry.
    const third = read(manifest('r3', { 'assets/app-1.js': entry('b', { cacheControl: 'no-cache' }) }));
    expect(third.files['assets/app-1.js']).not.toBe(first.files['assets/app-1.js']);
    expect(third.files['assets/app-1.js'].cacheControl).toBe('no-cache');
  });

  test('separate reads share nothing', () => {
    expect(parseManifest(written(r1)).files['index.html']).not.toBe(parseManifest(written(r1)).files['index.html']);
  });
});

describe('readManifests parses each body as it arrives', () => {
  const site: Site = { bucket: 'shop-site', prefix: '', releases: { bucket: 'shop-site', prefix: '_releases/' }, tier: 'frontend' };
  // GetObject answered with a body in chunks, as the SDK hands it on Node; one that breaks off.
  const scripted = (bodies: Record<string, () => AsyncIterable<Uint8Array>>) =>
    ({
      send: async (command: { input: { Key: string } }) => {
        const body = bodies[command.input.Key];
        if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
        return { Body: body() };
      },
    }) as unknown as S3Client;

  // The same, with the body's ContentLength as GetObject gives it.
  const scriptedSized = (bodies: Record<string, () => AsyncIterable<Uint8Array> & { size: number }>) =>
    ({
      send: async (command: { input: { Key: string } }) => {
        const body = bodies[command.input.Key]();
        return { Body: body, ContentLength: body.size };
      },
    }) as unknown as S3Client;

  test('kept releases share their unchanged files; a missing manifest is left out', async () => {
    const r2 = manifest('r2', { ...r1.files, 'assets/app-2.js': entry('c') });
    const s3 = scripted({ '_releases/manifests/r1.json': () => chunksOf(written(r1), 1000), '_releases/manifests/r2.json': () => chunksOf(written(r2), 333) });
    const found = await readManifests(s3, site, ['r1', 'r2', 'gone'], 4);
    expect([...found.keys()].sort()).toEqual(['r1', 'r2']);
    expect(found.get('r2')).toEqual(r2);
    expect(found.get('r2')?.files['assets/app-1.js']).toBe(found.get('r1')?.files['assets/app-1.js']);
  });

  test('a body whose size is known and small is read whole: the same records, the same sharing, the same refusal', async () => {
    const r2 = manifest('r2', { ...r1.files, 'assets/app-2.js': entry('c') });
    const sized = (text: string) => () => Object.assign(chunksOf(text, 1000), { size: Buffer.byteLength(text) });
    const s3 = scriptedSized({ '_releases/manifests/r1.json': sized(written(r1)), '_releases/manifests/r2.json': sized(written(r2)) });
    const found = await readManifests(s3, site, ['r1', 'r2'], 4);
    expect(found.get('r1')).toEqual(r1);
    expect(found.get('r2')).toEqual(r2);
    expect(found.get('r2')?.files['assets/app-1.js']).toBe(found.get('r1')?.files['assets/app-1.js']);
    await expect(readManifests(scriptedSized({ '_releases/manifests/r1.json': sized('<Error>') }), site, ['r1'], 1)).rejects.toThrow(
      /^_releases\/manifests\/r1\.json is not a release manifest this action wrote \(Unexpected token '<'/,
    );
  });

  test('a body that breaks off is a failed read, not a manifest of another kind', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(written(r1).slice(0, 100));
      throw new Error('socket hang up');
    }
    const garbled = scripted({ '_releases/manifests/r1.json': () => chunksOf('<Error>', 100) });
    await expect(readManifests(scripted({ '_releases/manifests/r1.json': broken }), site, ['r1'], 1)).rejects.toThrow(/^socket hang up$/);
    await expect(readManifests(garbled, site, ['r1'], 1)).rejects.toThrow(/^_releases\/manifests\/r1\.json is not a release manifest this action wrote \(Unexpected/);
  });
});
