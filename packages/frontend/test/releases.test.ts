import { parseManifest } from '../src/manifest-read.js';
import { HISTORY_LIMIT, POINTER_SCHEMA, parsePointer, previousRelease, publish, retained, timeline, type ReleasePointer } from '../src/releases.js';

const H = 3_600_000;
const at = (hours: number) => new Date(hours * H).toISOString();

function pointerOf(...entries: Array<[string, number]>): ReleasePointer {
  return {
    schema: POINTER_SCHEMA,
    tier: 'frontend',
    current: entries[entries.length - 1][0],
    history: entries.map(([release, hours]) => ({ release, publishedAt: at(hours), kind: 'deploy' as const })),
  };
}

test('publishing appends to the history, once per release in a row', () => {
  let pointer = publish(undefined, 'frontend', { release: 'a', publishedAt: at(1), kind: 'deploy' });
  pointer = publish(pointer, 'frontend', { release: 'b', publishedAt: at(2), kind: 'deploy' });
  pointer = publish(pointer, 'frontend', { release: 'b', publishedAt: at(3), kind: 'deploy' });
  expect(pointer.current).toBe('b');
  expect(pointer.history.map((entry) => entry.release)).toEqual(['a', 'b']);
});

test('the history is bounded', () => {
  let pointer: ReleasePointer | undefined;
  for (let i = 0; i < HISTORY_LIMIT + 10; i += 1) pointer = publish(pointer, 'frontend', { release: `r${i}`, publishedAt: at(i), kind: 'deploy' });
  expect(pointer?.history).toHaveLength(HISTORY_LIMIT);
  expect(pointer?.history[0].release).toBe('r10');
});

test.each<[string, ReleasePointer | undefined, string | undefined]>([
  ['no record', undefined, undefined],
  ['one release', pointerOf(['a', 1]), undefined],
  ['two releases', pointerOf(['a', 1], ['b', 2]), 'a'],
  ['after a restore of a, previous is b', pointerOf(['a', 1], ['b', 2], ['a', 3]), 'b'],
])('previous release with %s', (_name, pointer, previous) => {
  expect(previousRelease(pointer)).toBe(previous);
});

test('the timeline orders releases by last publication; a manifest no pointer names counts from when it was written, and only publications end a release', () => {
  const releases = timeline(pointerOf(['a', 1], ['b', 2], ['a', 5]), [
    { release: 'a', writtenAt: 1 * H },
    { release: 'b', writtenAt: 2 * H },
    { release: 'crashed', writtenAt: 3 * H },
  ]);
  expect(releases).toEqual([
    { release: 'b', publishedAt: 2 * H, servedUntil: 5 * H },
    { release: 'crashed', publishedAt: 3 * H, servedUntil: 5 * H },
    { release: 'a', publishedAt: 5 * H, servedUntil: undefined },
  ]);
});

test.each<[string, ReleasePointer, Array<{ release: string; writtenAt: number }>, Array<[string, number | undefined]>]>([
  ['a release staged after the current one waits, kept, and leaves the current live', pointerOf(['a', 1], ['b', 2]), [{ release: 'c', writtenAt: 3 * H }], [['a', 2 * H], ['b', undefined], ['c', undefined]]],
  ['a staged release never published is served until nothing: the next publication ends its window', pointerOf(['a', 1], ['b', 5]), [{ release: 'x', writtenAt: 3 * H }], [['a', 5 * H], ['x', 5 * H], ['b', undefined]]],
  ['the current release is live even when restored before later ones', pointerOf(['a', 1], ['b', 2], ['a', 3]), [{ release: 'c', writtenAt: 4 * H }], [['b', 3 * H], ['a', undefined], ['c', undefined]]],
])('timeline: %s', (_name, pointer, manifests, expected) => {
  expect(timeline(pointer, manifests).map((entry) => [entry.release, entry.servedUntil])).toEqual(expected);
});

test('a staged release does not get the live release pruned, whatever keep-releases and prune-after say', () => {
  const releases = timeline(pointerOf(['a', 1], ['b', 2]), [{ release: 'c', writtenAt: 50 * H }, { release: 'd', writtenAt: 60 * H }]);
  expect(retained(releases, { keepReleases: 1, pruneAfterMs: 0, now: 100 * H }).keep.sort()).toEqual(['b', 'c', 'd']);
});

describe('retention', () => {
  const five = timeline(pointerOf(['r1', 0], ['r2', 10], ['r3', 20], ['r4', 30], ['r5', 100]), []);
  test.each<[string, number, number, string[]]>([
    ['the last N releases are kept however old', 3, 1, ['r3', 'r4', 'r5']],
    ['releases live within prune-after are kept however many', 1, 65, ['r4', 'r5']],
    ['everything recent is kept', 10, 1000, ['r1', 'r2', 'r3', 'r4', 'r5']],
    ['fewer releases than keep-releases: all are kept', 6, 1, ['r1', 'r2', 'r3', 'r4', 'r5']],
  ])('%s', (_name, keepReleases, pruneHours, keep) => {
    expect(retained(five, { keepReleases, pruneAfterMs: pruneHours * H, now: 100 * H })).toEqual({ keep });
  });

  test('with no record at all nothing is kept (and nothing is owned: see planSync)', () => {
    expect(retained([], { keepReleases: 1, pruneAfterMs: 0, now: 0 })).toEqual({ keep: [] });
  });
});

test('records of another kind are refused', () => {
  expect(() => parsePointer('{"schema":"other"}')).toThrow('not a tandem-release-pointer/1 record');
  expect(() => parseManifest('{"schema":"tandem-release/1"}')).toThrow('not a tandem-release/1 record');
});
