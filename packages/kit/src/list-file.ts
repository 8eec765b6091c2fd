import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from './errors.js';

/**
 * The longest list a step gives inline. The runner hands each input to an action as one
 * environment string (INPUT_<NAME>), and Linux refuses to start a process with one of 128 KiB or
 * more (MAX_ARG_STRLEN): a longer output fed to the next step's input stops that step before it
 * starts ("Argument list too long"). Half of that leaves room, and keeps a job's outputs within
 * GitHub's 1 MB.
 */
export const INLINE_LIST_BYTES = 64 * 1024;

/** A list too long to give inline: written to a file on the runner, which the output names. */
export type ListFile = {
  file: string;
  count: number;
  sha256: string;
};

/**
 * A list as a step output: the items themselves when their JSON fits INLINE_LIST_BYTES, else a
 * ListFile for a JSON file in `dir` (RUNNER_TEMP, which the job's later steps share).
 */
export function listOutput(items: readonly string[], dir: string | undefined, name: string): readonly string[] | ListFile {
  const text = JSON.stringify(items);
  if (Buffer.byteLength(text) <= INLINE_LIST_BYTES) return items;
  const file = join(dir || tmpdir(), `${name}-${randomUUID()}.json`);
  writeFileSync(file, text);
  return { file, count: items.length, sha256: createHash('sha256').update(text).digest('hex') };
}

function isListFile(value: unknown): value is ListFile {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { file, count, sha256 } = value as Record<string, unknown>;
  return typeof file === 'string' && typeof count === 'number' && typeof sha256 === 'string';
}

/**
 * The items of a ListFile given to `input`, read and checked against its count and hash; undefined
 * for any other value. A file that is not on this runner fails naming the input: the list was
 * written in another job.
 */
export function readListFile(value: unknown, input: string): string[] | undefined {
  if (!isListFile(value)) return undefined;
  if (!existsSync(value.file)) {
    throw new ConfigurationError(
      `names a list of ${value.count} items in ${value.file}, which is not on this runner: the step that wrote it ran in another job. Run this step in the same job, after it`,
      input,
    );
  }
  const text = readFileSync(value.file, 'utf8');
  const items: unknown = JSON.parse(text);
  const intact = createHash('sha256').update(text).digest('hex') === value.sha256;
  if (!intact || !Array.isArray(items) || items.length !== value.count || items.some((item) => typeof item !== 'string')) {
    throw new ConfigurationError(`${value.file} is not the list of ${value.count} items that was written there`, input);
  }
  return items as string[];
}
