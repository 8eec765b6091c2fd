import { immutableMatcher } from '../src/paths.js';
import { parseExplicitPath, planInvalidation, takeBatch, type PlanRequest } from '../src/plan.js';

const plan = (request: Partial<PlanRequest>) =>
  planInvalidation({ keys: [], paths: [], prefix: '', indexDocument: 'index.html', maxPaths: 100, ...request });

describe('planInvalidation', () => {
  test.each<[string, Partial<PlanRequest>, string[]]>([
    ['nothing changed', {}, []],
    ['root index also as /', { keys: ['index.html'] }, ['/', '/index.html']],
    ['directory index also as dir/', { keys: ['docs/index.html'] }, ['/docs/', '/docs/index.html']],
    ['prefix stripped', { keys: ['site/index.html', 'site/a b.js'], prefix: 'site/' }, ['/', '/a%20b.js', '/index.html']],
    ['duplicates once', { keys: ['a.js', 'a.js', '/a.js'], paths: ['/a.js'] }, ['/a.js']],
    ['explicit wildcard covers keys', { keys: ['img/a.png', 'img/b.png', 'x.js'], paths: ['/img/*'] }, ['/img/*', '/x.js']],
    ['encoded keys', { keys: ['~u/ü+1%.html'] }, ['/%7Eu/%C3%BC%2B1%25.html']],
    ['/* alone swallows everything', { keys: ['a.js', 'b/index.html'], paths: ['/*'] }, ['/*']],
  ])('%s', (_, request, paths) => expect(plan(request).paths).toEqual(paths));

  test('keys outside the prefix are reported and left out', () => {
    const result = plan({ keys: ['site/a.js', 'other/b.js', '_releases/manifest.json'], prefix: 'site/' });
    expect(result.paths).toEqual(['/a.js']);
    expect(result.outsidePrefix).toEqual(['other/b.js', '_releases/manifest.json']);
  });

  test('immutable keys are left out only when asked', () => {
    const keys = ['index.html', 'assets/index-Bpcrg61J.js', 'assets/index-Bpcrg61J.js.map', 'sw.js'];
    expect(plan({ keys }).paths).toHaveLength(5);
    const skipping = plan({ keys, immutable: immutableMatcher([]) });
    expect(skipping.paths).toEqual(['/', '/index.html', '/sw.js']);
    expect(skipping.immutable).toEqual(['assets/index-Bpcrg61J.js', 'assets/index-Bpcrg61J.js.map']);
  });

  test('past the budget, wildcards, and each path knows the keys it stands for', () => {
    const keys = ['index.html', ...Array.from({ length: 150 }, (_, i) => `docs/p${i}/index.html`)];
    const result = plan({ keys, maxPaths: 10 });
    expect(result.paths).toEqual(['/', '/docs/*', '/index.html']);
    expect(result.files).toBe(2);
    expect(result.wildcards).toBe(1);
    expect(result.collapsed).toEqual([{ wildcard: '/docs/*', replaced: expect.any(Array) }]);
    expect(result.collapsed[0].replaced).toHaveLength(300);
    expect(result.sources.get('/docs/*')).toHaveLength(150);
    expect(result.sources.get('/')).toEqual(['index.html']);
  });

  test('never more than 3,000 file paths, whatever the budget', () => {
    const keys = Array.from({ length: 3500 }, (_, i) => `p/${i}.html`);
    const result = plan({ keys, maxPaths: 3000 });
    expect(result.paths).toEqual(['/p/*']);
  });
});

describe('parseExplicitPath', () => {
  test.each([
    ['/a.html', '/a.html'],
    ['a.html', '/a.html'],
    ['/images/*', '/images/*'],
    ['/my dir/*', '/my%20dir/*'],
    ['*', '/*'],
    // Copied from a browser's address bar: already encoded, kept as it is.
    ['/docs/Terms%20of%20Service.pdf', '/docs/Terms%20of%20Service.pdf'],
    ['/caf%C3%A9/menu.html', '/caf%C3%A9/menu.html'],
    ['/café/menu.html', '/caf%C3%A9/menu.html'],
    // A % that starts no escape is a character of the name.
    ['/100%.html', '/100%25.html'],
    ['/50%off/index.html', '/50%25off/index.html'],
    // A query string, as the guide gives it for a distribution that caches by query string.
    ['/images/image.jpg?parameter1=a', '/images/image.jpg?parameter1=a'],
    ['/search?q=a b&page=2', '/search?q=a%20b&page=2'],
    ['/images/image.jpg*', '/images/image.jpg*'],
    ['/api/items?ids=1,2*', '/api/items?ids=1,2*'],
  ])('%s -> %s', (raw, path) => expect(parseExplicitPath(raw)).toEqual({ path }));

  test.each([
    ['a star inside', '/a*/b.html', 'has a * before its end'],
    ['two stars', '/**', 'has a * before its end'],
    ['4,001 characters', `/${'x'.repeat(4000)}`, "longer than CloudFront's 4000 characters"],
    ['a URL', 'https://shop.example.com/index.html', "'https://shop.example.com/index.html' is a URL: give its path alone, /index.html (an invalidation path is relative to the distribution)"],
    ['a CloudFront URL with a query', 'https://d111111abcdef8.cloudfront.net/images/a.jpg?v=2', 'give its path alone, /images/a.jpg?v=2'],
    ['a URL of the root', 'https://shop.example.com', 'give its path alone, / (an invalidation'],
    ['a fragment', '/docs/index.html#install', "'/docs/index.html#install' has a #fragment, which browsers never send: give /docs/index.html"],
  ])('refuses %s', (_, raw, problem) => expect((parseExplicitPath(raw) as { problem: string }).problem).toContain(problem));
});

describe('takeBatch', () => {
  test.each([
    [['/a', '/b', '/c/*'], { files: 3000, wildcards: 15 }, ['/a', '/b', '/c/*'], []],
    [['/a', '/b', '/c/*'], { files: 1, wildcards: 15 }, ['/a', '/c/*'], ['/b']],
    [['/a', '/c/*'], { files: 3000, wildcards: 0 }, ['/a'], ['/c/*']],
    [['/a'], { files: 0, wildcards: 0 }, [], ['/a']],
    [['/a'], { files: -5, wildcards: 0 }, [], ['/a']],
  ])('%j in room %j', (remaining, room, batch, rest) => expect(takeBatch(remaining, room)).toEqual({ batch, rest }));

  test('one invalidation holds at most 3,000 paths', () => {
    const paths = [...Array.from({ length: 3000 }, (_, i) => `/${i}`), '/w/*'];
    const { batch, rest } = takeBatch(paths, { files: 3000, wildcards: 15 });
    expect(batch).toHaveLength(3000);
    expect(rest).toEqual(['/w/*']);
  });
});
