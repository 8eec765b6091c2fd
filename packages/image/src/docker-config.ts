import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

// A job's own Docker config keeps its registry login away from the runner user's ~/.docker, but
// that folder also holds what docker/setup-buildx-action set up: the buildx plugin it installed
// (cli-plugins/) and the builder it selected (buildx/). The private config points back at both.

/** The runner user's Docker config folder: DOCKER_CONFIG, else ~/.docker. */
export function userDockerConfig(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** Where buildx keeps its builders and the selected one, for a CLI run with a private DOCKER_CONFIG. */
export function buildxConfig(env: NodeJS.ProcessEnv): string {
  return env.BUILDX_CONFIG || join(userDockerConfig(env), 'buildx');
}

/** A new private Docker config folder under `parent` whose CLI still finds the user's plugins. */
export async function makeDockerConfig(parent: string, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = await mkdtemp(join(parent, 'docker-config-'));
  await writeFile(join(dir, 'config.json'), `${JSON.stringify({ cliPluginsExtraDirs: [join(userDockerConfig(env), 'cli-plugins')] }, null, 2)}\n`, { mode: 0o600 });
  return dir;
}
