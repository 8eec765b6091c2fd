import { testContext } from '@tandem/standins/context';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { run } from '../src/run.js';
import { body, head, inputs, makeSite, snapshot, testDeps, useSiteBucket } from './site.js';

// Before any entry point goes live, every file the pages, the web manifest and the service
// worker's precache load must be in the bucket with a Content-Type the browser accepts.
let s3: S3Client;
const BUCKET = 'shop-site';
useSiteBucket(BUCKET, (client) => (s3 = client));

/** A Vite + vite-plugin-pwa build: a manifest with icons, a Workbox service worker, MSW, a push worker the bundle registers. */
const GOOD = {
  'index.html':
    '<!doctype html><link rel="icon" href="/favicon.svg"><link rel="manifest" href="/manifest.webmanifest">' +
    '<script type="module" src="/assets/index-a1b2c3d4.js"></script><link rel="stylesheet" href="/assets/index-e5f6a7b8.css">' +
    '<script src="https://www.googletagmanager.com/gtag/js"></script>',
  'assets/index-a1b2c3d4.js': 'navigator.serviceWorker.register("/push-worker.js");navigator.serviceWorker.register("/sw.js")',
  'assets/index-e5f6a7b8.css': 'body{}',
  'favicon.svg': '<svg/>',
  'icons/192.png': 'png',
  'manifest.webmanifest': '{"name":"Shop","start_url":"/","icons":[{"src":"/icons/192.png","sizes":"192x192"}]}',
  'sw.js': 'importScripts("workbox-sw.js");workbox.precaching.precacheAndRoute([{url:"index.html",revision:"1"},{url:"assets/index-a1b2c3d4.js",revision:null}]);',
  'workbox-sw.js': 'self.workbox={}',
  'mockServiceWorker.js': 'self.addEventListener("fetch",()=>{})',
  'push-worker.js': 'self.addEventListener("push",()=>{})',
};

test('a good release passes; service workers by name and by registration go up as no-cache entry points, after every asset', async () => {
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(GOOD), concurrency: '1' }), testDeps(), testContext());
  expect(result.plan.uploads).toHaveLength(Object.keys(GOOD).length);
  for (const worker of ['sw.js', 'mockServiceWorker.js', 'push-worker.js']) {
    expect(await head(s3, BUCKET, worker)).toMatchObject({ cacheControl: 'no-cache', contentType: 'text/javascript; charset=utf-8' });
  }
  // workbox-sw.js is no service worker: an ordinary file.
  expect(await head(s3, BUCKET, 'workbox-sw.js')).toMatchObject({ cacheControl: 'public, max-age=0, must-revalidate' });
  const manifest = JSON.parse(await body(s3, BUCKET, '_releases/manifests/r1.json'));
  expect([manifest.files['mockServiceWorker.js'].entry, manifest.files['push-worker.js'].entry, manifest.files['workbox-sw.js'].entry]).toEqual([true, true, false]);
  const order = result.applied?.timings.map((timing) => timing.name) ?? [];
  const lastAsset = Math.max(...['assets/index-a1b2c3d4.js', 'workbox-sw.js', 'favicon.svg'].map((name) => order.indexOf(name)));
  for (const worker of ['mockServiceWorker.js', 'push-worker.js']) expect(order.indexOf(worker)).toBeGreaterThan(lastAsset);
});

test('a page that would load a missing chunk, and a precache naming a missing file, are refused before anything goes live', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(GOOD) }), testDeps(), testContext());
  const before = await snapshot(s3, BUCKET);
  const broken = await makeSite({
    ...GOOD,
    // The build wrote a new entry chunk name into the page but the chunk itself is not in the output.
    'index.html': GOOD['index.html'].replace('index-a1b2c3d4.js', 'index-99999999.js'),
    'sw.js': GOOD['sw.js'].replace('{url:"index.html",revision:"1"}', '{url:"offline.html",revision:"2"}'),
  });
  const failed = await run(inputs({ bucket: BUCKET, 'source-dir': broken, 'release-id': 'r2' }), testDeps(), testContext()).catch((error: unknown) => error);
  expect((failed as Error).message).toBe(
    "Input 'source-dir': the release's pages would load 2 missing or mistyped file(s), so nothing was published (the live release keeps serving): " +
      "index.html loads '/assets/index-99999999.js' (as a script): assets/index-99999999.js is neither in this release nor in the bucket; " +
      "sw.js loads 'offline.html' (a file): offline.html is neither in this release nor in the bucket",
  );
  // Nothing written: the previous release serves, its record unchanged (the lock came and went).
  expect(await snapshot(s3, BUCKET)).toEqual(before);
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json'))).toMatchObject({ current: 'r1' });

  // The staging run of the deploy workflow refuses it just the same, before its first upload.
  const staged = await run(inputs({ bucket: BUCKET, 'source-dir': broken, 'release-id': 'r2', publish: 'assets' }), testDeps(), testContext()).catch((error: unknown) => error);
  expect((staged as Error).message).toContain("index.html loads '/assets/index-99999999.js' (as a script)");
  expect(await snapshot(s3, BUCKET)).toEqual(before);
});

test('a script already in the bucket but served as text/html is refused; the web manifest icon is checked too', async () => {
  // Someone uploaded the analytics snippet by hand, with the wrong type: a browser would refuse it.
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'vendor/analytics.js', Body: 'track()', ContentType: 'text/html' }));
  const before = await snapshot(s3, BUCKET);
  const site = await makeSite({
    ...GOOD,
    'index.html': `${GOOD['index.html']}<script src="/vendor/analytics.js"></script>`,
    'manifest.webmanifest': GOOD['manifest.webmanifest'].replace('/icons/192.png', '/icons/512.png'),
  });
  const failed = await run(inputs({ bucket: BUCKET, 'source-dir': site }), testDeps(), testContext()).catch((error: unknown) => error);
  expect((failed as Error).message).toContain(
    "index.html loads '/vendor/analytics.js' (as a script): vendor/analytics.js is served as text/html, not a JavaScript type (text/javascript): the browser refuses it",
  );
  expect((failed as Error).message).toContain("manifest.webmanifest loads '/icons/512.png' (as an image): icons/512.png is neither in this release nor in the bucket");
  expect(await snapshot(s3, BUCKET)).toEqual(before);

  // Served as JavaScript, the same object passes: objects already in the bucket count.
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'vendor/analytics.js', Body: 'track()', ContentType: 'application/javascript' }));
  const fixed = await makeSite({ ...GOOD, 'index.html': `${GOOD['index.html']}<script src="/vendor/analytics.js"></script>` });
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': fixed }), testDeps(), testContext());
  expect(result.plan.foreign).toEqual(['vendor/analytics.js']);
  expect(await body(s3, BUCKET, 'index.html')).toContain('/vendor/analytics.js');
});
