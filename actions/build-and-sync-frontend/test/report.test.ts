import type { Plan, PublishResult } from '@tandem/frontend';
import { foreignNote, printable } from '../src/report.js';
import { inputs } from './site.js';

const resultWith = (foreign: string[]) => ({ plan: { foreign } as unknown as Plan }) as PublishResult;

test.each([
  ['a plain key', 'media/upload-1.jpg', 'media/upload-1.jpg'],
  ['a line break that would start a workflow command', 'media/a\n::error::owned', 'media/a\\x0a::error::owned'],
  ['a carriage return and a tab', 'a\rb\tc', 'a\\x0db\\x09c'],
  ['unicode stays', 'médias/🍰.jpg', 'médias/🍰.jpg'],
])('printable: %s', (_name, key, shown) => {
  expect(printable(key)).toBe(shown);
});

test('the foreign note counts every foreign object and names the first five, prefix included', () => {
  const keys = Array.from({ length: 7 }, (_, i) => `upload-${i}.jpg`);
  const note = foreignNote(resultWith(keys), inputs({ bucket: 'shop-site', prefix: 'web' }));
  expect(note).toBe('7 object(s) under the prefix that no release of this site wrote, left alone: web/upload-0.jpg, web/upload-1.jpg, web/upload-2.jpg, web/upload-3.jpg, web/upload-4.jpg and 2 more');
  expect(foreignNote(resultWith([]), inputs({ bucket: 'shop-site' }))).toBeUndefined();
  expect(foreignNote(resultWith(['x\n::warning::y']), inputs({ bucket: 'shop-site' }))).not.toContain('\n');
});
