// A network-first service worker: it never serves a stale index.html, and it is itself served
// no-cache so a new release takes over on the next visit.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', () => {});
