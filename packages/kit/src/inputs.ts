import * as core from '@actions/core';
import { ConfigurationError } from './errors.js';
import { mask } from './secrets.js';
import {
  parseBoolean,
  parseChoice,
  parseDuration,
  parseInteger,
  parseJson,
  parseList,
  parsePairs,
  refuseSpacedItems,
  type SpacedItems,
} from './parse.js';

/** Where raw input text comes from: the runner's INPUT_* variables, or a table in a test. */
export type InputSource = (name: string) => string;

export const runnerInputs: InputSource = (name) => core.getInput(name);

export function tableInputs(values: Record<string, string>): InputSource {
  return (name) => (values[name] ?? '').trim();
}

/**
 * Reads each input once into a typed value. An empty input takes the default; a required one
 * without a value, or a value of the wrong form, throws a ConfigurationError naming the input.
 */
export class InputReader {
  constructor(private readonly source: InputSource = runnerInputs) {}

  private raw(name: string): string {
    return this.source(name).trim();
  }

  string(name: string, fallback = ''): string {
    return this.raw(name) || fallback;
  }

  required(name: string, hint?: string): string {
    const value = this.raw(name);
    if (!value) throw new ConfigurationError(`is required${hint ? `: ${hint}` : ''}`, name);
    return value;
  }

  /** Like required, but masks the value in every log line before anything else can print it. */
  secret(name: string): string {
    const value = this.raw(name);
    mask(value);
    return value;
  }

  matching(name: string, pattern: RegExp, what: string, fallback = ''): string {
    const value = this.raw(name) || fallback;
    if (value && !pattern.test(value)) throw new ConfigurationError(`'${value}' is not ${what}`, name);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    return value ? parseBoolean(name, value) : fallback;
  }

  integer(name: string, fallback: number, range?: { min?: number; max?: number }): number {
    const value = this.raw(name);
    return value ? parseInteger(name, value, range) : fallback;
  }

  /** Milliseconds. */
  duration(name: string, fallback: string): number {
    return parseDuration(name, this.raw(name) || fallback);
  }

  /** Items one per line, or also separated by commas; `spaced` refuses several items written on one line with spaces. */
  list(name: string, options: { commas?: boolean; spaced?: SpacedItems } = {}): string[] {
    const commas = options.commas ?? true;
    const items = parseList(this.source(name), commas);
    if (options.spaced) refuseSpacedItems(name, items, options.spaced, commas);
    return items;
  }

  pairs(name: string, spaced?: SpacedItems): Array<[string, string]> {
    return parsePairs(name, this.source(name), spaced);
  }

  json<T>(name: string, fallback: T): T {
    const value = this.raw(name);
    return value ? parseJson<T>(name, value) : fallback;
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(name);
    return value ? parseChoice(name, value, choices) : fallback;
  }
}
