import { ConfigurationError, type InputReader } from '@tandem/kit';
import { readTaskDefinitionFile, type TaskDefinitionFile } from '@tandem/ecs';

/**
 * task-definition: the file in the repository the new revision is made from, read and checked
 * here, before any AWS call. Empty: the revision is rendered from the one the service runs.
 */
export function readTaskDefinitionInput(reader: InputReader, env: NodeJS.ProcessEnv, rollbackTo: string): TaskDefinitionFile | undefined {
  const path = reader.string('task-definition');
  if (!path) return undefined;
  if (rollbackTo) throw new ConfigurationError('rollback-to deploys the revision that served that release: leave task-definition empty', 'task-definition');
  return readTaskDefinitionFile(path, env.GITHUB_WORKSPACE || process.cwd());
}
