import type { ReleaseFile, SiteFile, Upload } from '../src/index.js';
import { recordBeforeUploads } from '../src/record.js';

const file = (name: string): SiteFile => ({ name, size: 1, sha256: 'a'.repeat(64), contentType: 'text/plain', cacheControl: 'no-cache', entry: false, source: { kind: 'file', path: `/build/${name}` } });
const upload = (name: string, reason: Upload['reason']): Upload => ({ file: file(name), reason });
const recordedOf = (...names: string[]) => new Map<string, ReleaseFile[]>(names.map((name) => [name, [{ sha256: 'b'.repeat(64), md5: '', size: 1, contentType: 'text/plain', cacheControl: 'no-cache', etag: '"x"', entry: false }]]));

test.each([
  ['nothing to upload', [], recordedOf('index.html'), [], false],
  ['only files that replace names a kept release recorded', [upload('index.html', 'changed'), upload('about/index.html', 'changed')], recordedOf('index.html', 'about/index.html'), [], false],
  ['a new hashed chunk', [upload('assets/app-1234.js', 'new')], recordedOf('index.html'), [], true],
  ['a changed file among new ones', [upload('index.html', 'changed'), upload('assets/app-1234.js', 'new')], recordedOf('index.html'), [], true],
  ['a name only a release past the window listed (present, not recorded by a kept one)', [upload('old.js', 'changed')], recordedOf('index.html'), [], true],
  ['a first deploy', [upload('index.html', 'new')], recordedOf(), [], true],
  ['files staged into the release store', [], recordedOf('index.html'), [file('index.html')], true],
])('%s', (_, uploads, recorded, toStore, expected) => {
  expect(recordBeforeUploads({ uploads }, recorded, toStore)).toBe(expected);
});
