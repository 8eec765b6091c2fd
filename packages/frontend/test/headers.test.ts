import { DEFAULT_CACHE_RULES, DEFAULT_CONTENT_TYPES, cacheControlFor, cacheRules, contentTypeFor, contentTypeRules, entryPointMatcher, parseHeaderRules } from '../src/headers.js';

const YEAR = 'public, max-age=31536000, immutable';

test.each([
  ['app.mjs', 'text/javascript; charset=utf-8'],
  ['assets/index-DiwrgTda.js', 'text/javascript; charset=utf-8'],
  ['static/css/main.8f2a1b3c.css', 'text/css; charset=utf-8'],
  ['index.html', 'text/html; charset=utf-8'],
  ['data/page.json', 'application/json; charset=utf-8'],
  ['robots.txt', 'text/plain; charset=utf-8'],
  ['assets/index-DiwrgTda.js.map', 'application/json; charset=utf-8'],
  ['manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
  ['logo.svg', 'image/svg+xml; charset=utf-8'],
  ['sitemap.xml', 'application/xml; charset=utf-8'],
  ['engine.wasm', 'application/wasm'],
  ['fonts/inter.woff2', 'font/woff2'],
  ['fonts/inter.woff', 'font/woff'],
  ['hero.avif', 'image/avif'],
  ['favicon.ico', 'image/vnd.microsoft.icon'],
  ['photo.JPG', 'image/jpeg'],
  ['LICENSE', 'application/octet-stream'],
  ['archive.unknownext', 'application/octet-stream'],
  // Names mime-db cannot type, whose readers accept one type only.
  ['.well-known/apple-app-site-association', 'application/json'],
  ['apple-app-site-association', 'application/json'],
  ['.well-known/traffic-advice', 'application/trafficadvice+json'],
  ['docs/apple-app-site-association', 'application/octet-stream'],
  ['.well-known/assetlinks.json', 'application/json; charset=utf-8'],
])('%s is served as %s', (key, type) => {
  expect(contentTypeFor(key)).toBe(type);
});

const defaults = cacheRules('');

test.each([
  ['index.html', 'no-cache'],
  ['docs/guide/index.html', 'no-cache'],
  ['sw.js', 'no-cache'],
  ['service-worker.js', 'no-cache'],
  ['manifest.webmanifest', 'no-cache'],
  ['manifest.json', 'no-cache'],
  ['asset-manifest.json', 'no-cache'],
  ['assets/index-DiwrgTda.js', YEAR],
  ['static/js/main.8f2a1b3c.js', YEAR],
  ['static/js/787.6ce24c58.chunk.js', YEAR],
  ['_next/static/chunks/app.js', YEAR],
  ['img/logo.6ce24c58.png', YEAR],
  // Outside assets/ only a name whose hash stands between dots is taken as hashed.
  ['workbox-5ffe50d4.js', 'public, max-age=0, must-revalidate'],
  ['banner-6ce24c58.png', 'public, max-age=0, must-revalidate'],
  ['favicon.ico', 'public, max-age=0, must-revalidate'],
  ['robots.txt', 'public, max-age=0, must-revalidate'],
  ['img/logo.png', 'public, max-age=0, must-revalidate'],
])('default Cache-Control of %s is %s', (key, value) => {
  expect(cacheControlFor(defaults, key)).toBe(value);
});

test("the user's rules come first, then the defaults; the first match wins", () => {
  const rules = cacheRules('img/**: public, max-age=86400\nimg/**: never reached\n**/*.html: public, max-age=60');
  expect(cacheControlFor(rules, 'img/logo.png')).toBe('public, max-age=86400');
  expect(cacheControlFor(rules, 'index.html')).toBe('public, max-age=60');
  expect(cacheControlFor(rules, 'assets/a-12345678.js')).toBe(YEAR);
});

test('comments and blank lines are skipped; values may contain colons', () => {
  const rules = parseHeaderRules('# pages\n\n*.html: private, max-age=0; a=b:c\n');
  expect(rules.map((rule) => [rule.pattern, rule.value])).toEqual([['*.html', 'private, max-age=0; a=b:c']]);
});

test.each([
  ['*.html no-cache', "expected 'pattern: value'"],
  ['*.html: ', "expected 'pattern: value'"],
  ['*.html: caché', 'printable ASCII'],
])('a bad rule %j names the input', (text, message) => {
  expect(() => parseHeaderRules(text)).toThrow(/Input 'cache-control'/);
  expect(() => parseHeaderRules(text)).toThrow(message);
});

test('the default rules parse', () => {
  expect(parseHeaderRules(DEFAULT_CACHE_RULES).length).toBeGreaterThan(5);
});

test.each([
  ['index.html', true],
  ['blog/post/index.html', true],
  ['sw.js', true],
  ['site.webmanifest', true],
  ['manifest.json', true],
  ['robots.txt', true],
  ['assets/index-DiwrgTda.js', false],
  ['img/logo.png', false],
  ['assets/sw.js', false],
])('%s is an entry point: %s', (key, entry) => {
  expect(entryPointMatcher([])(key)).toBe(entry);
});

test('entry points can be named instead of the defaults', () => {
  const matches = entryPointMatcher(['**/*.html', 'remoteEntry.js']);
  expect(matches('remoteEntry.js')).toBe(true);
  expect(matches('sw.js')).toBe(false);
});

const pagesRules = contentTypeRules('about: text/html; charset=utf-8\n{blog,docs}/!(*.*): text/html; charset=utf-8\n**/*.js: application/javascript\napple-app-site-association: application/pkcs7-mime');

test.each([
  // The user's rules come first, as written (no charset added).
  ['about', 'text/html; charset=utf-8'],
  ['blog/first-post', 'text/html; charset=utf-8'],
  ['assets/index-DiwrgTda.js', 'application/javascript'],
  // A user's rule overrides a default one.
  ['apple-app-site-association', 'application/pkcs7-mime'],
  // The defaults, then mime-db, for what no rule of the user's names.
  ['.well-known/apple-app-site-association', 'application/json'],
  ['blog/feed.xml', 'application/xml; charset=utf-8'],
  ['blog/first-post/photo.jpg', 'image/jpeg'],
  ['LICENSE', 'application/octet-stream'],
])('with content-type rules, %s is served as %s', (key, type) => {
  expect(contentTypeFor(key, pagesRules)).toBe(type);
});

test.each([
  ['*.html: json', "Input 'content-type': the value of '*.html', 'json', is not a media type (type/subtype, then '; name=value' parameters): did you mean 'application/json; charset=utf-8'?"],
  ['about: html', "did you mean 'text/html; charset=utf-8'?"],
  ['about: text/html charset=utf-8', "Input 'content-type': the value of 'about', 'text/html charset=utf-8', is not a media type (type/subtype, then '; name=value' parameters)"],
  ['about: text/html; utf-8', 'is not a media type'],
  ['about: text html', 'is not a media type'],
  ['about: /html', 'is not a media type'],
  ['about text/html', "Input 'content-type': expected 'pattern: value' on each line, got 'about text/html'"],
  ['about: text/html; charset=ütf-8', "Input 'content-type': the value of 'about' must be printable ASCII"],
])('the content-type rule %j is refused: %s', (text, message) => {
  expect(() => contentTypeRules(text)).toThrow(message);
});

test.each([
  ['text/html; charset=utf-8'],
  ['application/json'],
  ['application/vnd.api+json'],
  ['text/plain;charset="utf-8"'],
  ['multipart/mixed; boundary=abc; charset=utf-8'],
])('the media type %s is taken', (value) => {
  expect(contentTypeFor('x', contentTypeRules(`x: ${value}`))).toBe(value);
});

test('the default content-type rules parse', () => {
  expect(parseHeaderRules(DEFAULT_CONTENT_TYPES).length).toBe(2);
});

test.each([
  // With the default globs, a page is an entry point by its type too.
  [[], 'about', 'text/html; charset=utf-8', true],
  [[], 'about', 'application/octet-stream', false],
  [[], 'about', undefined, false],
  [[], 'index.html', undefined, true],
  // Globs of the user's own are the whole list.
  [['remoteEntry.js'], 'about', 'text/html; charset=utf-8', false],
  [['remoteEntry.js', 'about'], 'about', 'text/html; charset=utf-8', true],
] as const)('with entry-points %j, %s typed %s is an entry point: %s', (patterns, key, type, entry) => {
  expect(entryPointMatcher(patterns)(key, type)).toBe(entry);
});
