import { covers } from '@tandem/cdn';
import { invalidationPattern } from '@tandem/standins/edge';

// How the edge matches an invalidation path against the paths it has cached, as CloudFront does:
// exact unless the path ends in *, which makes it a prefix. The invalidation's planner counts a
// path as cleared by the same rule (it is the path, or a wildcard covers it), so one table holds
// both: where they differed, the planner would drop a path the edge keeps serving stale.
const matches = (path: string, url: string) => new RegExp(invalidationPattern(path)).test(url);

test.each([
  ['/index.html', '/index.html', true],
  ['/index.html', '/index.htm', false],
  ['/index.html', '/index.html.map', false],
  ['/index.html', '/indexXhtml', false],
  ['/index.html', '/', false],
  ['/', '/', true],
  ['/', '/index.html', false],
  ['/*', '/', true],
  ['/*', '/assets/index-abc.js', true],
  ['/assets/*', '/assets/index-abc.js', true],
  ['/assets/*', '/assets/', true],
  ['/img*', '/img/x.png', true],
  ['/img*', '/im.png', false],
  ['/assets/*', '/assets', false],
  ['/assets/*', '/assetsX/a.js', false],
  ['/docs/', '/docs/', true],
  ['/docs/', '/docs/index.html', false],
  ['/a+b(1).js', '/a+b(1).js', true],
  ['/a+b(1).js', '/aab1.js', false],
  ['/price$.json', '/price$.json', true],
  ['/caf%C3%A9.html', '/caf%C3%A9.html', true],
  ['/~user/a.html', '/~user/a.html', true],
])('%s covers %s: %s', (path, url, expected) => {
  expect(matches(path, url)).toBe(expected);
  expect(path === url || covers(path, url)).toBe(expected);
});

test.each([
  ['index.html', 'does not start with /'],
  ['/a*b', 'has * before its end'],
  ['/a b.html', 'must be percent-encoded'],
  ['/a"b.html', 'must be percent-encoded'],
  ['/a^b.html', 'must be percent-encoded'],
])('%s is refused: %s', (path, message) => {
  expect(() => invalidationPattern(path)).toThrow(message);
});
