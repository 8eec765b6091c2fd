import { collapse, covers, directoriesOf, withoutCovered } from '../src/collapse.js';

const files = (directory: string, count: number) => Array.from({ length: count }, (_, i) => `${directory}f${String(i).padStart(4, '0')}.js`);
const limits = (budget: number, maxWildcards = 15, maxFiles = 3000) => ({ budget, maxWildcards, maxFiles });

describe('coverage', () => {
  test.each([
    ['/a/b.js', ['/', '/a/']],
    ['/docs/', ['/', '/docs/']],
    ['/', ['/']],
    ['/a/b/*', ['/', '/a/']],
    ['/images/img*', ['/', '/images/']],
    ['/*', []],
  ])('directoriesOf(%s) = %j', (path, directories) => expect(directoriesOf(path)).toEqual(directories));

  // Against a cached path, the edge's own table holds the rule (test/edge.test.ts). Here: a wildcard
  // covers the wildcards under it, and nothing covers itself (it is kept, not dropped).
  test.each([
    ['/a/*', '/a/b/*', true],
    ['/*', '/a/*', true],
    ['/a/*', '/a/*', false],
    ['/a/b.js', '/a/b.js', false],
  ])('covers(%s, %s) = %s', (wildcard, path, result) => expect(covers(wildcard, path)).toBe(result));

  test('duplicates and covered paths are dropped', () => {
    expect(withoutCovered(['/a/x.js', '/a/*', '/b.js', '/b.js', '/a/'])).toEqual(['/a/*', '/b.js']);
  });
});

describe('collapse', () => {
  test('under the budget nothing changes', () => {
    const paths = [...files('/assets/', 5), '/index.html', '/'];
    expect(collapse(paths, limits(10))).toEqual({ paths: [...paths].sort(), wildcards: [] });
  });

  test('exactly at the budget nothing changes', () => {
    expect(collapse(files('/a/', 10), limits(10)).wildcards).toEqual([]);
  });

  test('one directory over the budget becomes one wildcard, the rest stay files', () => {
    const result = collapse([...files('/assets/js/', 500), ...files('/assets/css/', 3), '/index.html', '/'], limits(100));
    expect(result.paths).toEqual(['/', '/assets/css/f0000.js', '/assets/css/f0001.js', '/assets/css/f0002.js', '/assets/js/*', '/index.html']);
    expect(result.wildcards).toEqual([{ wildcard: '/assets/js/*', replaced: files('/assets/js/', 500) }]);
  });

  test('the deepest directory that suffices is chosen over its parent', () => {
    const result = collapse([...files('/a/b/c/', 50), ...files('/a/x/', 3)], limits(10));
    expect(result.paths).toEqual(['/a/b/c/*', ...files('/a/x/', 3)]);
  });

  test('wildcards that turn out unneeded are expanded again', () => {
    const result = collapse([...files('/blog/2023/x/', 2), ...files('/docs/', 200)], limits(100));
    expect(result.paths).toEqual([...files('/blog/2023/x/', 2), '/docs/*']);
  });

  test('two sibling directories rather than their parent when each is needed', () => {
    const result = collapse([...files('/a/x/', 60), ...files('/a/y/', 60), '/index.html'], limits(10));
    expect(result.paths).toEqual(['/a/x/*', '/a/y/*', '/index.html']);
  });

  test('a deep directory that suffices alone is chosen, its full sibling stays files', () => {
    const result = collapse([...files('/a/x/', 60), ...files('/a/y/', 60)], limits(100));
    expect(result.paths).toEqual(['/a/x/*', ...files('/a/y/', 60)]);
  });

  test('the whole site becomes /* only when nothing narrower fits', () => {
    const paths = Array.from({ length: 40 }, (_, i) => files(`/d${String(i).padStart(2, '0')}/`, 5)).flat();
    expect(collapse(paths, limits(15)).paths).toEqual(['/*']);
  });

  test('never more than 15 wildcards, however many directories changed', () => {
    const paths = Array.from({ length: 40 }, (_, i) => files(`/d${String(i).padStart(2, '0')}/`, 5)).flat();
    const result = collapse(paths, limits(1000, 15, 100));
    expect(result.paths.filter((path) => path.endsWith('*')).length).toBeLessThanOrEqual(15);
    expect(result.paths.filter((path) => !path.endsWith('*')).length).toBeLessThanOrEqual(100);
  });

  test('over the file limit, even within the budget, collapses', () => {
    const result = collapse([...files('/big/', 3100), '/index.html'], limits(5000, 15, 3000));
    expect(result.paths).toEqual(['/big/*', '/index.html']);
  });

  test('a wildcard chosen over wildcards reports every original path it stands for', () => {
    const paths = [...files('/a/b/', 30), ...files('/a/c/', 30), ...files('/a/d/', 30)];
    const result = collapse([...paths, '/x.js'], limits(2));
    expect(result.paths).toEqual(['/a/*', '/x.js']);
    expect(result.wildcards[0].replaced).toEqual([...paths].sort());
  });

  test('explicit wildcards count and absorb what they cover', () => {
    const result = collapse(['/img/*', '/img/a.png', ...files('/js/', 5)], limits(3));
    expect(result.paths).toEqual(['/img/*', '/js/*']);
  });

  test('a budget of one gives a single path', () => {
    expect(collapse(['/a.js', '/b/c.js'], limits(1)).paths).toEqual(['/*']);
  });
});
