import { failedRequests, type NetworkEntry } from '@tandem/standins/browser';

const HERO = 'http://127.0.0.1:8080/assets/hero-hcePNhWU.png';
const aborted: NetworkEntry = { url: HERO, failure: 'net::ERR_ABORTED' };
const loaded: NetworkEntry = { url: HERO, status: 200, finished: true };

test.each<[string, NetworkEntry[], NetworkEntry[]]>([
  ['an aborted request for an image the tab also loaded', [aborted, loaded], []],
  ['the same, the load first', [loaded, aborted], []],
  ['an aborted request for an image never loaded', [aborted], [aborted]],
  ['an aborted request beside a 404 for the same URL', [aborted, { url: HERO, status: 404, finished: true }], [aborted, { url: HERO, status: 404, finished: true }]],
  ['an aborted request beside one that answered but never finished', [aborted, { url: HERO, status: 200 }], [aborted]],
  ['a refused connection, though the URL loaded too', [{ url: HERO, failure: 'net::ERR_CONNECTION_REFUSED' }, loaded], [{ url: HERO, failure: 'net::ERR_CONNECTION_REFUSED' }]],
  ['a 500', [{ url: HERO, status: 500, finished: true }], [{ url: HERO, status: 500, finished: true }]],
])('%s', (_, network, failed) => {
  expect(failedRequests(network)).toEqual(failed);
});
