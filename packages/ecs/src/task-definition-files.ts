import { ConfigurationError } from '@tandem/kit';
import { readTaskDefinitionFile, type TaskDefinitionFile } from './task-definition-file.js';

const INPUT = 'task-definition';

/** What the pairing of files and services needs to know of a file. */
export interface FileFamily {
  path: string;
  family: string;
}

/**
 * Several files, one a line: every one read and checked against RegisterTaskDefinition's shape
 * before anything else, so that a misspelt key in the second file is refused with the first's
 * problems, all in one error naming each file and key path. Two files of one family are refused.
 */
export function readTaskDefinitionFiles(paths: string[], workspace: string): TaskDefinitionFile[] {
  const files: TaskDefinitionFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      files.push(readTaskDefinitionFile(path, workspace));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error.message.replace(/^Input '[^']+': /, ''));
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems.join('\n'), INPUT);
  checkFamilies(files.map((file) => ({ path: file.path, family: file.definition.family })));
  return files;
}

/** Refuses a file listed twice and two files naming one family: which one a service takes would be a guess. Pure. */
export function checkFamilies(files: FileFamily[]): void {
  const byFamily = new Map<string, string>();
  const paths = new Set<string>();
  for (const { path, family } of files) {
    if (paths.has(path)) throw new ConfigurationError(`${path} is listed twice`, INPUT);
    paths.add(path);
    const other = byFamily.get(family);
    if (other !== undefined) throw new ConfigurationError(`${other} and ${path} both name family '${family}': give one file per family`, INPUT);
    byFamily.set(family, path);
  }
}

/**
 * Which file each service's revision is made from, by service name: the only file when the step
 * deploys one service (its family is checked when the revision is rendered), else the file whose
 * family the service runs. A file whose family no service of the step runs is refused, naming it.
 * Pure: the files and the services' running families in, the pairing out.
 */
export function pairFilesWithServices<F extends FileFamily>(files: F[], services: Array<{ name: string; family: string }>): Map<string, F> {
  const paired = new Map<string, F>();
  if (files.length === 0) return paired;
  if (files.length === 1 && services.length === 1) return paired.set(services[0].name, files[0]);
  for (const file of files) {
    const takers = services.filter((service) => service.family === file.family);
    if (takers.length === 0) {
      throw new ConfigurationError(
        `family '${file.family}' in ${file.path} is the family of no service of this step (${services.map((one) => `${one.name}: ${one.family}`).join('; ')}): name a file per service, each with the family that service runs`,
        INPUT,
      );
    }
    for (const service of takers) paired.set(service.name, file);
  }
  return paired;
}
