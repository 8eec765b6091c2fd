import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRules, siteGlobMatcher } from '../src/headers.js';
import { readRegisteredWorkers, serviceWorkerCacheControl, serviceWorkerNames } from '../src/workers.js';

const NAMES = ['index.html', 'sw.js', 'mockServiceWorker.js', 'firebase-messaging-sw.js', 'ngsw-worker.js', 'app/service-worker.js', 'push-worker.js', 'assets/index-a1b2c3d4.js', 'workbox-5ce6ad81.js', 'sw.css'];

test.each<[string, string[], string[], string[]]>([
  ['known names at any depth, nothing else', [], [], ['sw.js', 'mockServiceWorker.js', 'firebase-messaging-sw.js', 'ngsw-worker.js', 'app/service-worker.js']],
  ['a name the bundle registers', ['/push-worker.js'], [], ['sw.js', 'mockServiceWorker.js', 'firebase-messaging-sw.js', 'ngsw-worker.js', 'app/service-worker.js', 'push-worker.js']],
  ['a relative registration resolves against the root page', ['./push-worker.js?v=2'], [], ['sw.js', 'mockServiceWorker.js', 'firebase-messaging-sw.js', 'ngsw-worker.js', 'app/service-worker.js', 'push-worker.js']],
  ['a name the input gives', [], ['push-worker.js'], ['sw.js', 'mockServiceWorker.js', 'firebase-messaging-sw.js', 'ngsw-worker.js', 'app/service-worker.js', 'push-worker.js']],
  ['a registration of another origin names no file', ['https://cdn.example.com/push-worker.js'], [], ['sw.js', 'mockServiceWorker.js', 'firebase-messaging-sw.js', 'ngsw-worker.js', 'app/service-worker.js']],
])('%s', (_name, registered, patterns, expected) => {
  expect([...serviceWorkerNames(NAMES, registered, siteGlobMatcher(patterns))]).toEqual(expected);
});

test.each([
  ['no rule of the user names it: no-cache, whatever the defaults say', '', 'mockServiceWorker.js', 'no-cache'],
  ['a user rule that names it wins', 'push-*.js: no-store', 'push-worker.js', 'no-store'],
  ['a user rule for other files does not', 'images/**: public, max-age=86400', 'push-worker.js', 'no-cache'],
])('service worker Cache-Control: %s', (_name, rules, name, expected) => {
  expect(serviceWorkerCacheControl(cacheRules(rules), name)).toBe(expected);
});

test("a service-workers entry starting with '/' is refused, naming the input", () => {
  expect(() => siteGlobMatcher(['/push-worker.js'])).toThrow("Input 'service-workers': '/push-worker.js' starts with '/': name the file relative to the site's root, e.g. 'push-worker.js'");
});

test('the registrations are read from the built scripts only', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'workers-'));
  const files = {
    'assets/index-a1b2c3d4.js': 'navigator.serviceWorker.register("/push-worker.js")',
    'assets/other-00000000.mjs': 'navigator.serviceWorker.register("/module-worker.js")',
    'index.html': '<script>navigator.serviceWorker.register("/inline.js")</script>',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name.replace('/', '_')), text);
  const listed = Object.keys(files).map((name) => ({ name, path: join(dir, name.replace('/', '_')) }));
  expect((await readRegisteredWorkers(listed, 2)).sort()).toEqual(['/module-worker.js', '/push-worker.js']);
});
