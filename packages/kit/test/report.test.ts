import { formatBytes, formatDuration, SUITE_VERSION } from '@tandem/kit';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '@tandem/standins/harness';

describe('formatting', () => {
  test.each([
    [12, '12ms'],
    [1500, '1.5s'],
    [60_000, '1m'],
    [95_000, '1m 35s'],
    [3_600_000, '1h'],
    [-5, '0ms'],
  ])('duration %d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [5 * 1024 * 1024, '5 MiB'],
    [1_572_864, '1.5 MiB'],
    [34_288_435, '32.7 MiB'],
    [256_901_120, '245 MiB'],
    [1024 ** 4 * 1.25, '1.25 TiB'],
  ])('%d bytes is %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

test('the user agent carries the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
  expect(SUITE_VERSION).toBe(pkg.version);
});
