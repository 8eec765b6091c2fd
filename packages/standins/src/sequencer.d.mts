export interface SequencedFile {
  /** The path from the repository's root, with forward slashes. */
  file: string;
  /** The duration jest cached for it on this machine, when it has one. */
  cachedSeconds?: number;
}

export function longestFirst<T extends SequencedFile>(files: T[], recorded: Record<string, number>): T[];
export function expectedSeconds<T extends SequencedFile>(files: T[], recorded: Record<string, number>): Map<T, number>;
export function spreadWaiting<T>(ordered: T[], seconds: (entry: T) => number, waiting: (entry: T) => boolean, workers: number): T[];
export const WAITING: Set<string>;

declare const LongestFirst: new (...args: never[]) => { sort(tests: unknown[]): unknown[] };
export default LongestFirst;
export const USES_MOTO: RegExp;
