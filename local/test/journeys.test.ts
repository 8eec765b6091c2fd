import { problemsWith, type PageView } from '../journeys.js';

// The check every journey applies to what the browser saw.
const release2: PageView = {
  label: 'journey 3',
  url: 'http://127.0.0.1:1/products',
  banner: 'Summer collection',
  heading: 'Products',
  entryScript: 'assets/index-two.js',
  chunk: { url: 'http://127.0.0.1:1/assets/Products-two.js', status: 200 },
  products: ['Linen shirt — 39.00'],
  api: { status: 200, fields: ['name', 'slug', 'price', 'photo', 'currency'] },
  serviceWorker: null,
  failed: [],
  requests: 9,
  edge: { hits: 6, misses: 2, bypassed: [] },
};
const expected = { banner: 'Summer collection', entryScript: 'assets/index-two.js', currency: true };

test('a view that matches the release has no problem', () => {
  expect(problemsWith(release2, expected)).toEqual([]);
});

test.each<[string, Partial<PageView>, string]>([
  ['the old banner', { banner: 'Spring collection' }, 'journey 3: the page shows "Spring collection", not "Summer collection"'],
  ['the old index.html', { entryScript: 'assets/index-one.js' }, 'journey 3: index.html loads assets/index-one.js, not assets/index-two.js'],
  ['a missing lazy chunk', { chunk: { url: 'http://127.0.0.1:1/assets/Products-one.js', status: 404 } }, 'journey 3: the lazy chunk http://127.0.0.1:1/assets/Products-one.js answered 404'],
  ['a lazy chunk never answered', { chunk: { url: 'http://127.0.0.1:1/assets/About-one.js' } }, 'answered nothing'],
  ['the API down', { api: { status: 502, fields: [] } }, 'journey 3: /api/products/ answered 502'],
  ['no API call', { api: undefined }, '/api/products/ answered nothing'],
  ["the old back end's fields", { api: { status: 200, fields: ['name', 'slug', 'price', 'photo'] } }, "journey 3: the API's products lack a currency"],
  ['nothing listed', { products: [] }, 'journey 3: no product is listed'],
  ['a failed request', { failed: [{ url: 'http://127.0.0.1:1/assets/hero-1.png', status: 404 }] }, 'journey 3: http://127.0.0.1:1/assets/hero-1.png failed (404)'],
  ['a file not served by the edge', { edge: { hits: 6, misses: 1, bypassed: ['http://127.0.0.1:1/sw.js'] } }, 'journey 3: http://127.0.0.1:1/sw.js did not come through the edge'],
  ['a refused connection', { failed: [{ url: 'http://127.0.0.1:1/sw.js', failure: 'net::ERR_CONNECTION_REFUSED' }] }, 'failed (net::ERR_CONNECTION_REFUSED)'],
])('%s: a problem', (_, change, problem) => {
  expect(problemsWith({ ...release2, ...change }, expected)).toEqual([expect.stringContaining(problem)]);
});

test('a release-1 back end is a problem only where release 2 is expected', () => {
  const release1 = { ...release2, banner: 'Spring collection', entryScript: 'assets/index-one.js', api: { status: 200, fields: ['name', 'slug', 'price', 'photo'] } };
  expect(problemsWith(release1, { banner: 'Spring collection', entryScript: 'assets/index-one.js', currency: false })).toEqual([]);
  expect(problemsWith({ ...release2, entryScript: 'assets/index-one.js' }, { banner: 'Summer collection', currency: false })).toEqual(["journey 3: the API's products have a currency"]);
});
