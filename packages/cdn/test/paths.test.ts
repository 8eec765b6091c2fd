import { encodePath, immutableMatcher, isHashedName, relativeKey, viewerPaths } from '../src/paths.js';

describe('encodePath', () => {
  test.each([
    ['/index.html', '/index.html'],
    ['/my file.html', '/my%20file.html'],
    ['/~user/page.html', '/%7Euser/page.html'],
    ['/100%.html', '/100%25.html'],
    ['/a+b.js', '/a%2Bb.js'],
    ['/café/menü.html', '/caf%C3%A9/men%C3%BC.html'],
    ['/日本/索引.html', '/%E6%97%A5%E6%9C%AC/%E7%B4%A2%E5%BC%95.html'],
    ['/emoji-😀.png', '/emoji-%F0%9F%98%80.png'],
    ['/a#b.html', '/a%23b.html'],
    ['/what?.html', '/what%3F.html'],
    ['/star*.txt', '/star%2A.txt'],
    ['/q"<>[]{}|\\^`.txt', '/q%22%3C%3E%5B%5D%7B%7D%7C%5C%5E%60.txt'],
    ['/tab\there', '/tab%09here'],
    ["/keep-._!$&'(),;=:@/x", "/keep-._!$&'(),;=:@/x"],
  ])('%s -> %s', (raw, encoded) => expect(encodePath(raw)).toBe(encoded));

  test('encoding twice encodes the percent signs again: paths are encoded once, from raw keys', () => {
    expect(encodePath(encodePath('/a b'))).toBe('/a%2520b');
  });
});

describe('prefix', () => {
  test.each([
    ['site/index.html', 'site/', 'index.html'],
    ['site/a/b.js', 'site/', 'a/b.js'],
    ['/site/a.js', 'site/', 'a.js'],
    ['other/a.js', 'site/', undefined],
    ['sitemap.xml', 'site/', undefined],
    ['a.js', '', 'a.js'],
    ['/a.js', '', 'a.js'],
  ])('relativeKey(%j, %j) = %j', (key, prefix, relative) => expect(relativeKey(key, prefix)).toBe(relative));
});

describe('viewerPaths: index documents also answer for their directory', () => {
  test.each([
    ['index.html', 'index.html', ['/index.html', '/']],
    ['docs/index.html', 'index.html', ['/docs/index.html', '/docs/']],
    ['docs/guide/index.html', 'index.html', ['/docs/guide/index.html', '/docs/guide/']],
    ['docs/myindex.html', 'index.html', ['/docs/myindex.html']],
    ['docs/index.htm', 'index.htm', ['/docs/index.htm', '/docs/']],
    ['app.js', 'index.html', ['/app.js']],
  ])('%s (index %s) -> %j', (relative, index, paths) => expect(viewerPaths(relative, index)).toEqual(paths));
});

describe('isHashedName', () => {
  test.each([
    ['assets/index-Bpcrg61J.js', true],
    ['assets/About-Bpcrg61J.js.map', true],
    ['assets/hero-hcP3NhWU.png', true],
    ['static/js/main.3f2a1b9c.js', true],
    ['static/js/787.3f2a1b9c.chunk.js', true],
    ['static/media/logo.6ce24c58023cc2f8fd88fe9d219db6c6.svg', true],
    ['_next/static/chunks/pages/_app-c1b2f3e4d5a6b7c8.js', true],
    ['main.5d2f9a8c1e3b4f6a.js', true],
    ['index.html', false],
    ['sw.js', false],
    ['manifest.webmanifest', false],
    ['assets/MyButton.js', false],
    ['components/my-MyButton.js', false],
    ['reports/report-20240101.pdf', false],
    ['blog/hello-world-2024.html', false],
    ['pages/page-2024demo.html', false],
    ['deadbeef.js', false],
    ['Bpcrg61J', false],
  ])('%s -> %s', (key, hashed) => expect(isHashedName(key)).toBe(hashed));

  test('globs replace the built-in rule when given', () => {
    const immutable = immutableMatcher(['assets/**', '*.woff2']);
    expect(immutable('assets/logo.svg')).toBe(true);
    expect(immutable('font.woff2')).toBe(true);
    expect(immutable('main.3f2a1b9c.js')).toBe(false);
    expect(immutableMatcher([])('main.3f2a1b9c.js')).toBe(true);
  });
});
