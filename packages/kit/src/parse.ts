import { ConfigurationError } from './errors.js';

// Pure parsers from an input's raw text to a typed value. Every error names the input.

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export function parseBoolean(input: string, raw: string): boolean {
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new ConfigurationError(`expected true or false, got '${raw}'`, input);
}

export function parseInteger(input: string, raw: string, range: { min?: number; max?: number } = {}): number {
  if (!/^-?\d+$/.test(raw)) throw new ConfigurationError(`expected a whole number, got '${raw}'`, input);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new ConfigurationError(`'${raw}' is too large`, input);
  const { min, max } = range;
  if (min !== undefined && value < min) throw new ConfigurationError(`must be at least ${min}, got ${value}`, input);
  if (max !== undefined && value > max) throw new ConfigurationError(`must be at most ${max}, got ${value}`, input);
  return value;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `1h30m`, `500ms`, `7d` to milliseconds. A bare number is refused: its unit is a guess. */
export function parseDuration(input: string, raw: string): number {
  const text = raw.replace(/\s+/g, '');
  if (/^\d+(\.\d+)?$/.test(text)) {
    throw new ConfigurationError(`'${raw}' has no unit: write it as ${text}s, ${text}m or ${text}h`, input);
  }
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    consumed = part.lastIndex;
  }
  if (text === '' || consumed !== text.length) {
    throw new ConfigurationError(`'${raw}' is not a duration: use a number and a unit (ms, s, m, h, d), such as 90s, 10m or 1h30m`, input);
  }
  return Math.round(total);
}

/** Items one per line, or separated by commas when `commas` is on. Blank items are dropped. */
export function parseList(raw: string, commas = true): string[] {
  return raw
    .split(commas ? /[\n,]/ : /\n/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseJson<T = unknown>(input: string, raw: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`is not valid JSON (${why})`, input);
  }
}

export function parseChoice<T extends string>(input: string, raw: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigurationError(`expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${raw}'`, input);
}

/**
 * How to tell several items written on one line with spaces between them (`sw.js workbox-*.js`,
 * `/index.html /about.html`) from one item that has a space in it (`Terms of Service.pdf`): the
 * line is several when every space-separated piece is an item on its own. Taken as one item, such
 * a line would match nothing and say nothing: a glob that no file has, a path nobody requests.
 */
export interface SpacedItems {
  /** The items in the plural, for the message: 'patterns', 'paths', 'tags'. */
  what: string;
  /** True for a piece that is an item on its own. */
  isItem: (piece: string) => boolean;
  /** How to write an item that does have such spaces, where there is a way. */
  escape?: string;
}

/** Refuses an item that is several items written on one line, naming the input and how to list them. */
export function refuseSpacedItems(input: string, items: readonly string[], rule: SpacedItems, commas: boolean): void {
  for (const item of items) {
    const pieces = item.split(/\s+/);
    if (pieces.length < 2 || !pieces.every(rule.isItem)) continue;
    const how = commas ? 'one per line or separated by commas' : 'one per line';
    throw new ConfigurationError(`'${item}' holds ${pieces.length} ${rule.what} separated by spaces: give them ${how}${rule.escape ? ` (${rule.escape})` : ''}`, input);
  }
}

/** Globs of file names: a piece with a dot or a star, or a folder's trailing '/', is a pattern of its own. */
export const SPACED_GLOBS: SpacedItems = {
  what: 'patterns',
  isItem: (piece) => /[.*]/.test(piece) || piece.endsWith('/'),
  escape: "a space inside a name is matched by '?'",
};

/** NAME=VALUE pairs whose values never hold a space (variable names, image references, paths). */
export function spacedPairs(what: string): SpacedItems {
  return { what, isItem: (piece) => /^[^=\s]+=\S+$/.test(piece) };
}

/** `name=value` lines, as docker build-args or container=image pairs. */
export function parsePairs(input: string, raw: string, spaced?: SpacedItems): Array<[string, string]> {
  const lines = parseList(raw, false);
  if (spaced) refuseSpacedItems(input, lines, spaced, false);
  return lines.map((line) => {
    const at = line.indexOf('=');
    if (at <= 0) throw new ConfigurationError(`expected NAME=VALUE on each line, got '${line}'`, input);
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  });
}
