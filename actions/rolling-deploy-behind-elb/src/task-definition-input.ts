import { ConfigurationError, type InputReader } from '@tandem/kit';
import { readTaskDefinitionFiles, type TaskDefinitionFile } from '@tandem/ecs';

/**
 * task-definition: the files in the repository the new revisions are made from, one a line, each
 * for the service whose family it names; read and checked here, every one, before any AWS call.
 * Empty: each revision is rendered from the one its service runs.
 */
export function readTaskDefinitionInput(reader: InputReader, env: NodeJS.ProcessEnv, rollbackTo: string, services: number): TaskDefinitionFile[] {
  const paths = reader.list('task-definition', { commas: false });
  if (paths.length === 0) return [];
  if (rollbackTo) throw new ConfigurationError('rollback-to deploys the revision that served that release: leave task-definition empty', 'task-definition');
  if (paths.length > services) throw new ConfigurationError(`lists ${paths.length} files for ${services} service${services > 1 ? 's' : ''}: one file per service`, 'task-definition');
  return readTaskDefinitionFiles(paths, env.GITHUB_WORKSPACE || process.cwd());
}
