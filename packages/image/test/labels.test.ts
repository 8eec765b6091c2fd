import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitTime, imageLabels } from '../src/labels.js';

const source = { revision: 'a1b2c3d', source: 'https://github.com/acme/shop', created: '2026-11-29T10:00:00.000Z' };

test('the OCI labels by default, then the user labels, which win key by key', () => {
  expect(imageLabels(source, [])).toEqual([
    ['org.opencontainers.image.revision', 'a1b2c3d'],
    ['org.opencontainers.image.source', 'https://github.com/acme/shop'],
    ['org.opencontainers.image.created', '2026-11-29T10:00:00.000Z'],
  ]);
  // As docker/metadata-action's labels output gives them.
  const given: Array<[string, string]> = [
    ['org.opencontainers.image.title', 'shop'],
    ['org.opencontainers.image.source', 'https://github.com/acme/shop-fork'],
    ['org.opencontainers.image.version', 'main'],
  ];
  expect(new Map(imageLabels(source, given))).toEqual(
    new Map([
      ['org.opencontainers.image.revision', 'a1b2c3d'],
      ['org.opencontainers.image.source', 'https://github.com/acme/shop-fork'],
      ['org.opencontainers.image.created', '2026-11-29T10:00:00.000Z'],
      ['org.opencontainers.image.title', 'shop'],
      ['org.opencontainers.image.version', 'main'],
    ]),
  );
});

test('an unknown time leaves created out, and an empty revision is not written', () => {
  expect(imageLabels({ revision: '', source: 'https://github.com/acme/shop' }, [])).toEqual([['org.opencontainers.image.source', 'https://github.com/acme/shop']]);
});

test('created is the commit time in RFC 3339: SOURCE_DATE_EPOCH, then the push event, then the checkout; none in a folder without git', async () => {
  const outside = await mkdtemp(join(tmpdir(), 'no-git-'));
  expect(await commitTime({ SOURCE_DATE_EPOCH: '1764410400' }, { head_commit: { timestamp: '2026-01-01T00:00:00Z' } }, outside)).toBe('2025-11-29T10:00:00.000Z');
  expect(await commitTime({}, { head_commit: { timestamp: '2026-11-29T11:00:00+01:00' } }, outside)).toBe('2026-11-29T10:00:00.000Z');
  expect(await commitTime({}, {}, outside)).toBeUndefined();
  const here = await commitTime({}, {}, process.cwd());
  expect(here).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
});
