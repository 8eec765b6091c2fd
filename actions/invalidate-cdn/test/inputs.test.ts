import { InputReader, tableInputs } from '@tandem/kit';
import { parseDistributionId, readInputs } from '../src/inputs.js';

const read = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ 'distribution-id': 'E2QWRUHAPOMQZL', ...values })));

test('defaults', () => {
  const inputs = read({});
  expect(inputs).toMatchObject({
    distributionId: 'E2QWRUHAPOMQZL',
    changedKeys: [],
    paths: [],
    prefix: '',
    indexDocument: 'index.html',
    immutable: undefined,
    maxPaths: 100,
    wait: true,
    waitTimeout: 30 * 60_000,
    submitTimeout: 15 * 60_000,
    dryRun: false,
  });
});

test('everything given', () => {
  const inputs = read({
    'changed-keys': '["site/index.html","site/a b.js"]',
    paths: '/extra.html, /img/*\n/more',
    prefix: '/site/',
    'skip-immutable': 'true',
    'immutable-patterns': 'assets/**',
    'max-paths': '3000',
    wait: 'false',
    'wait-timeout': '1h30m',
    'dry-run': 'true',
  });
  expect(inputs.changedKeys).toEqual(['site/index.html', 'site/a b.js']);
  expect(inputs.paths).toEqual(['/extra.html', '/img/*', '/more']);
  expect(inputs.prefix).toBe('site/');
  expect(inputs.immutable?.('assets/x.js')).toBe(true);
  expect(inputs.immutable?.('main.3f2a1b9c.js')).toBe(false);
  expect(inputs.waitTimeout).toBe(90 * 60_000);
});

test.each([
  ['E2QWRUHAPOMQZL', 'E2QWRUHAPOMQZL'],
  ['arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE', 'EDFDVBD6EXAMPLE'],
])('distribution id %s', (raw, id) => expect(parseDistributionId(raw)).toBe(id));

test.each<[Record<string, string>, string]>([
  [{ 'distribution-id': '' }, "Input 'distribution-id': is required"],
  [{ 'distribution-id': 'd111111abcdef8.cloudfront.net' }, "is the distribution's domain name"],
  [{ 'distribution-id': 'e2qwruhapomqzl' }, 'is not a CloudFront distribution id'],
  [{ 'distribution-id': 'E2QW RUH' }, 'is not a CloudFront distribution id'],
  // www and the apex, each with a distribution of its own.
  [{ 'distribution-id': 'E2QWRUHAPOMQZL, E1ABCDEF234567' }, "Input 'distribution-id': 'E2QWRUHAPOMQZL, E1ABCDEF234567' holds 2 distribution ids: one step invalidates one distribution (its own origin path and paths); run the step once for each, e.g. in a matrix over E2QWRUHAPOMQZL, E1ABCDEF234567"],
  [{ 'distribution-id': 'E2QWRUHAPOMQZL\nE1ABCDEF234567' }, 'holds 2 distribution ids'],
  [{ 'changed-keys': 'index.html' }, "Input 'changed-keys': is not valid JSON"],
  [{ 'changed-keys': '{"a":1}' }, "Input 'changed-keys': expected a JSON array of S3 keys"],
  [{ 'changed-keys': '[1,2]' }, "Input 'changed-keys': expected a JSON array of S3 keys"],
  [{ paths: '/a*/b' }, "Input 'paths': '/a*/b' has a * before its end"],
  // As aws cloudfront create-invalidation --paths takes them: two paths, not '/index.html%20/about.html'.
  [{ paths: '/index.html /about.html' }, "Input 'paths': '/index.html /about.html' holds 2 paths separated by spaces: give them one per line or separated by commas"],
  [{ 'skip-immutable': 'true', 'immutable-patterns': 'assets/** static/**' }, "Input 'immutable-patterns': 'assets/** static/**' holds 2 patterns separated by spaces: give them one per line or separated by commas (a space inside a name is matched by '?')"],
  [{ paths: Array.from({ length: 16 }, (_, i) => `/d${i}/*`).join('\n') }, "Input 'paths': 16 wildcard paths"],
  [{ 'max-paths': '0' }, "Input 'max-paths': must be at least 1"],
  [{ 'max-paths': '3001' }, "Input 'max-paths': must be at most 3000"],
  [{ wait: 'yes' }, "Input 'wait': expected true or false"],
  [{ 'wait-timeout': '30' }, "Input 'wait-timeout': '30' has no unit"],
  [{ 'immutable-patterns': 'assets/**' }, "Input 'immutable-patterns': is set but skip-immutable is false"],
  [{ 'index-document': 'docs/index.html' }, "Input 'index-document'"],
  // The prefix is read as the front end's is: a segment that names nothing is refused, not passed on.
  [{ prefix: 'site//v2' }, "Input 'prefix': 'site//v2' has an empty, '.' or '..' segment"],
])('refuses %j', (values, message) => expect(() => read(values)).toThrow(message));
