import { ConfigurationError, parseBoolean, parseChoice, parseDuration, parseInteger, parseJson, parseList, parsePairs } from '@tandem/kit';

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
