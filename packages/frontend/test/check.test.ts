import { checkReferences, collectReferences, contentTypeProblem, referenceRefusal } from '../src/check.js';
import type { Reference, ReferenceKind } from '../src/references.js';

const JS = 'text/javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

describe('contentTypeProblem', () => {
  test.each<[ReferenceKind, string, string, string | undefined]>([
    ['script', 'a.js', JS, undefined],
    ['script', 'a.js', 'application/javascript', undefined],
    ['script', 'a.js', HTML, 'a JavaScript type (text/javascript)'],
    ['script', 'a.js', 'application/octet-stream', 'a JavaScript type (text/javascript)'],
    ['style', 'a.css', 'text/css; charset=utf-8', undefined],
    ['style', 'a.css', 'text/plain', 'text/css'],
    ['image', 'i.svg', 'image/svg+xml; charset=utf-8', undefined],
    ['image', 'favicon.ico', 'image/vnd.microsoft.icon', undefined],
    ['image', 'i.png', HTML, 'an image type'],
    ['manifest', 'manifest.webmanifest', 'application/manifest+json; charset=utf-8', undefined],
    ['manifest', 'manifest.json', 'application/json', undefined],
    ['manifest', 'manifest.webmanifest', 'text/plain', 'application/manifest+json'],
    // A precached file or a preloaded font: what its name implies.
    ['any', 'assets/a.js', HTML, 'a JavaScript type (text/javascript)'],
    ['any', 'offline.html', HTML, undefined],
    ['any', 'offline.html', 'application/octet-stream', 'text/html'],
    ['any', 'f.woff2', 'font/woff2', undefined],
    ['any', 'data.bin', 'text/plain', undefined],
  ])('%s %s as %s', (kind, name, contentType, expected) => {
    expect(contentTypeProblem(kind, name, contentType)).toBe(expected);
  });
});

const ref = (raw: string, kind: ReferenceKind, candidates = [raw.replace(/^\//, '')], from = 'index.html'): Reference => ({ from, raw, kind, candidates });

describe('checkReferences', () => {
  test.each<[string, Reference[], Array<[string, string | undefined]>, string[]]>([
    ['everything there with its type', [ref('/a.js', 'script'), ref('/a.css', 'style')], [['a.js', JS], ['a.css', 'text/css']], []],
    ['a missing chunk', [ref('/assets/gone-12345678.js', 'script')], [['a.js', JS]], ["index.html: '/assets/gone-12345678.js' assets/gone-12345678.js is neither in this release nor in the bucket"]],
    ['a .js served as text/html', [ref('/legacy.js', 'script')], [['legacy.js', HTML]], ["index.html: '/legacy.js' legacy.js is served as text/html; charset=utf-8, not a JavaScript type (text/javascript): the browser refuses it"]],
    ['an unknown type: only existence is checked', [ref('/x.js', 'script')], [['x.js', undefined]], []],
    ['the second candidate (a path repeating the prefix) counts', [ref('/shop/a.js', 'script', ['shop/a.js', 'a.js'])], [['a.js', JS]], []],
    ['the same reference twice is one problem', [ref('/gone.js', 'script'), ref('/gone.js', 'script')], [], ["index.html: '/gone.js' gone.js is neither in this release nor in the bucket"]],
  ])('%s', (_name, references, available, expected) => {
    const problems = checkReferences(references, new Map(available));
    expect(problems.map((problem) => `${problem.from}: '${problem.raw}' ${problem.problem}`)).toEqual(expected);
  });
});

describe('collectReferences', () => {
  const texts = new Map([
    ['index.html', '<link rel="manifest" href="/manifest.webmanifest"><script type="module" src="/assets/app.js"></script>'],
    ['manifest.webmanifest', '{"icons":[{"src":"icons/192.png"}],"start_url":"/"}'],
    ['sw.js', 'precacheAndRoute([{url:"assets/app.js",revision:null},{url:"offline.html",revision:"1"}])'],
    ['docs/index.html', '<img src="diagram.svg"><script src="https://cdn.example.com/x.js"></script>'],
  ]);

  test('pages, the web manifest they link and the workers\' precache, each resolved from where it is', () => {
    const { references, unreadable, manifests } = collectReferences({ pages: ['index.html', 'docs/index.html'], workers: ['sw.js'], texts }, '');
    expect(references.map((reference) => [reference.from, reference.candidates[0], reference.kind])).toEqual([
      ['index.html', 'manifest.webmanifest', 'manifest'],
      ['index.html', 'assets/app.js', 'script'],
      ['docs/index.html', 'docs/diagram.svg', 'image'],
      ['manifest.webmanifest', 'icons/192.png', 'image'],
      ['sw.js', 'assets/app.js', 'any'],
      ['sw.js', 'offline.html', 'any'],
    ]);
    expect(unreadable).toEqual([]);
    expect(manifests).toEqual(['manifest.webmanifest']);
  });

  test('a linked web manifest that is not JSON is reported', () => {
    const broken = new Map(texts).set('manifest.webmanifest', '<html>not found</html>');
    const { unreadable } = collectReferences({ pages: ['index.html'], workers: [], texts: broken }, '');
    expect(unreadable.map((item) => item.from)).toEqual(['manifest.webmanifest']);
    expect(unreadable[0].problem).toContain('is linked as the web manifest but is not JSON');
  });
});

describe('referenceRefusal', () => {
  test('names the page, the reference and what is wrong, and the input', () => {
    const problems = checkReferences([ref('/assets/gone.js', 'script'), ref('/logo.png', 'image', ['logo.png'], 'about/index.html')], new Map([['logo.png', HTML]]));
    const error = referenceRefusal(problems, [], 'source-dir');
    expect(error?.message).toBe(
      "Input 'source-dir': the release's pages would load 2 missing or mistyped file(s), so nothing was published (the live release keeps serving): " +
        "index.html loads '/assets/gone.js' (as a script): assets/gone.js is neither in this release nor in the bucket; " +
        "about/index.html loads '/logo.png' (as an image): logo.png is served as text/html; charset=utf-8, not an image type: the browser refuses it",
    );
    expect(referenceRefusal([], [], 'source-dir')).toBeUndefined();
  });

  test('past ten problems, the rest are counted', () => {
    const problems = checkReferences(Array.from({ length: 13 }, (_, i) => ref(`/gone-${i}.js`, 'script')), new Map());
    expect(referenceRefusal(problems, [], 'restore-release')?.message).toMatch(/13 missing or mistyped file\(s\).*gone-9\.js.*; and 3 more$/);
  });
});
