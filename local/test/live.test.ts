import type { InvalidationSummary } from '@aws-sdk/client-cloudfront';
import { latestInvalidation } from '../live.js';

const made = (id: string, at: string): InvalidationSummary => ({ Id: id, CreateTime: new Date(at), Status: 'Completed' });
const first = made('I1', '2026-11-29T10:00:00.100Z');
const second = made('I2', '2026-11-29T10:05:00.200Z');
const third = made('I3', '2026-11-29T10:05:00.300Z');

// The first item is the oldest in moto's listing: the table's CDN row showed that one.
test.each([
  ['newest first, as CloudFront lists them', [third, second, first], 'I3'],
  ['oldest first, as moto lists them', [first, second, third], 'I3'],
  ['in no order', [second, third, first], 'I3'],
  ['one', [first], 'I1'],
])('the latest invalidation is the one made last: %s', (_, items, latest) => {
  expect(latestInvalidation(items)?.Id).toBe(latest);
});

test('no invalidation yet gives none', () => {
  expect(latestInvalidation([])).toBeUndefined();
});
