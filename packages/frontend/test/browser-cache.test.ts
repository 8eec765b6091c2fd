import { browserLifetime, cacheRules, longKeptPages } from '@tandem/frontend';

test.each<[string, number]>([
  ['no-cache', 0],
  ['public, max-age=0, must-revalidate', 0],
  ['public, max-age=31536000, immutable', Infinity],
  ['public, max-age=600', 600],
  ['public, Max-Age=86400', 86400],
  ['public, max-age=60, s-maxage=86400', 60],
  ['no-store, max-age=86400', 0],
  ['public', 0],
])('a browser keeps %j for %d s', (value, seconds) => expect(browserLifetime(value)).toBe(seconds));

const FILES = ['index.html', 'about/index.html', 'manifest.webmanifest', 'asset-manifest.json', 'assets/index-a1b2c3d4.js', 'sw.js', 'robots.txt'];

test.each<[string, string, Record<string, string[]>]>([
  ['the built-in rules', '', {}],
  ['a year for every page', '*.html: public, max-age=31536000', { 'public, max-age=31536000': ['index.html'] }],
  ['a day for every page and manifest', '**/*.{html,webmanifest}: public, max-age=86400\n*.json: public, max-age=86400, immutable', {
    'public, max-age=86400': ['index.html', 'about/index.html', 'manifest.webmanifest'],
    'public, max-age=86400, immutable': ['asset-manifest.json'],
  }],
  ['an hour: as long as a visitor may see the old release', '**/*.html: public, max-age=3600', {}],
  ['the CDN keeps them, browsers ask', '**/*.html: public, max-age=0, s-maxage=31536000', {}],
  ['a service worker and robots.txt are not pages', '{sw.js,robots.txt}: public, max-age=86400', {}],
  ['everything for a year', '**: public, max-age=31536000', { 'public, max-age=31536000': ['index.html', 'about/index.html', 'manifest.webmanifest', 'asset-manifest.json'] }],
])('long-kept pages: %s', (_name, userRules, expected) => {
  const rules = cacheRules(userRules);
  const files = FILES.map((name) => ({ name, cacheControl: rules.find((rule) => rule.matches(name))?.value ?? '' }));
  expect(Object.fromEntries(longKeptPages(files, rules))).toEqual(expected);
});

test('a page without an extension, typed text/html by a content-type rule, is a page too', () => {
  const rules = cacheRules('{pricing,robots.txt}: public, max-age=86400');
  const files = [
    { name: 'pricing', cacheControl: 'public, max-age=86400', contentType: 'text/html; charset=utf-8' },
    { name: 'robots.txt', cacheControl: 'public, max-age=86400', contentType: 'text/plain; charset=utf-8' },
  ];
  expect(Object.fromEntries(longKeptPages(files, rules))).toEqual({ 'public, max-age=86400': ['pricing'] });
});
