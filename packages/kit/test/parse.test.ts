import { ConfigurationError, parseBoolean, parseChoice, parseDuration, parseInteger, parseJson, parseList, parsePairs, refuseSpacedItems, SPACED_GLOBS, spacedPairs, type SpacedItems } from '@tandem/kit';

function errorOf(work: () => unknown): ConfigurationError {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseBoolean', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('accepts %s', (raw, expected) => expect(parseBoolean('dry-run', raw)).toBe(expected));

  test.each(['ture', 'yes', 'no', '1', '0', 'on', 'tRue', 'false '])('rejects %j and names the input', (raw) => {
    const error = errorOf(() => parseBoolean('dry-run', raw));
    expect(error.input).toBe('dry-run');
    expect(error.message).toBe(`Input 'dry-run': expected true or false, got '${raw}'`);
  });
});

describe('parseInteger', () => {
  test.each([
    ['0', {}, 0],
    ['16', { min: 1, max: 64 }, 16],
    ['-3', {}, -3],
    ['64', { min: 1, max: 64 }, 64],
  ])('accepts %s within %j', (raw, range, expected) => expect(parseInteger('concurrency', raw, range)).toBe(expected));

  test.each([
    ['1.5', {}, 'expected a whole number'],
    ['ten', {}, 'expected a whole number'],
    ['', {}, 'expected a whole number'],
    ['0', { min: 1 }, 'must be at least 1, got 0'],
    ['65', { max: 64 }, 'must be at most 64, got 65'],
    ['99999999999999999999', {}, 'too large'],
  ])('rejects %j within %j', (raw, range, why) => {
    const error = errorOf(() => parseInteger('concurrency', raw, range));
    expect(error.message).toContain("Input 'concurrency'");
    expect(error.message).toContain(why);
  });
});

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
    ['2m 30s', 150_000],
  ])('reads %s', (raw, ms) => expect(parseDuration('wait-timeout', raw)).toBe(ms));

  test.each([
    ['600', 'has no unit: write it as 600s'],
    ['10 minutes', 'is not a duration'],
    ['m10', 'is not a duration'],
    ['10x', 'is not a duration'],
    ['', 'is not a duration'],
    ['-5s', 'is not a duration'],
  ])('rejects %j', (raw, why) => {
    const error = errorOf(() => parseDuration('wait-timeout', raw));
    expect(error.input).toBe('wait-timeout');
    expect(error.message).toContain(why);
  });
});

describe('parseList', () => {
  test.each([
    ['a,b , c', true, ['a', 'b', 'c']],
    ['a\nb\n\n c \n', true, ['a', 'b', 'c']],
    ['a, b\nc', true, ['a', 'b', 'c']],
    ['public, max-age=60\nno-cache', false, ['public, max-age=60', 'no-cache']],
    ['', true, []],
    [' \n , ', true, []],
  ])('splits %j (commas %s)', (raw, commas, expected) => expect(parseList(raw, commas)).toEqual(expected));
});

describe('refuseSpacedItems', () => {
  const paths: SpacedItems = { what: 'paths', isItem: (piece) => piece.startsWith('/') };
  const pairs = spacedPairs('container=image pairs');
  test.each<[string, SpacedItems, string, string | undefined]>([
    // Several items on one line: every piece is an item of its own.
    ['globs', SPACED_GLOBS, 'sw.js workbox-*.js', "'sw.js workbox-*.js' holds 2 patterns separated by spaces"],
    ['globs', SPACED_GLOBS, 'api/**  media/', "'api/**  media/' holds 2 patterns"],
    ['globs', SPACED_GLOBS, 'index.html\tabout.html', 'holds 2 patterns'],
    ['paths', paths, '/index.html /about.html /', "'/index.html /about.html /' holds 3 paths"],
    ['pairs', pairs, 'web=nginx:1 worker=nginx:1', 'holds 2 container=image pairs'],
    // One item with a space in it: a piece is not an item alone.
    ['globs', SPACED_GLOBS, 'Terms of Service.pdf', undefined],
    ['globs', SPACED_GLOBS, 'images/hero image.png', undefined],
    ['globs', SPACED_GLOBS, 'index.html', undefined],
    ['paths', paths, '/docs/Terms of Service.pdf', undefined],
    ['paths', paths, '/img/hero image.png', undefined],
    ['pairs', pairs, 'GREETING=hello world', undefined],
    ['pairs', pairs, 'web=nginx:1', undefined],
  ])('%s: %j', (_kind, rule, item, refused) => {
    const run = () => refuseSpacedItems('an-input', ['first', item], rule, true);
    if (refused === undefined) return expect(run).not.toThrow();
    const error = errorOf(run);
    expect(error.input).toBe('an-input');
    expect(error.message).toContain(refused);
  });

  test('says how the input lists items: with commas, or one per line only, and how to write a space', () => {
    expect(errorOf(() => refuseSpacedItems('service-workers', ['a.js b.js'], SPACED_GLOBS, true)).message).toBe(
      "Input 'service-workers': 'a.js b.js' holds 2 patterns separated by spaces: give them one per line or separated by commas (a space inside a name is matched by '?')",
    );
    expect(errorOf(() => refuseSpacedItems('entry-points', ['a.html b.html'], SPACED_GLOBS, false)).message).toContain('give them one per line (');
  });
});

describe('parseJson', () => {
  test('reads arrays and objects', () => {
    expect(parseJson('changed-keys', '["a","b"]')).toEqual(['a', 'b']);
    expect(parseJson('options', '{"a":1}')).toEqual({ a: 1 });
  });
  test.each(['[a]', "{'a':1}", '["a",]', 'undefined'])('rejects %j naming the input', (raw) => {
    const error = errorOf(() => parseJson('changed-keys', raw));
    expect(error.message).toMatch(/^Input 'changed-keys': is not valid JSON \(.+\)$/);
  });
});

describe('parseChoice', () => {
  test('accepts a listed value', () => expect(parseChoice('on-failure', 'stop', ['rollback', 'stop'])).toBe('stop'));
  test.each(['Rollback', 'roll-back', ''])('rejects %j and lists the choices', (raw) => {
    expect(errorOf(() => parseChoice('on-failure', raw, ['rollback', 'stop'])).message).toBe(
      `Input 'on-failure': expected one of 'rollback', 'stop', got '${raw}'`,
    );
  });
});

describe('parsePairs', () => {
  test('reads NAME=VALUE lines, keeping = inside values', () => {
    expect(parsePairs('build-args', 'A=1\n B = x=y \n\n')).toEqual([
      ['A', '1'],
      ['B', 'x=y'],
    ]);
  });
  test.each(['novalue', '=x'])('rejects %j', (raw) => {
    expect(errorOf(() => parsePairs('build-args', raw)).message).toContain("Input 'build-args': expected NAME=VALUE");
  });
});
