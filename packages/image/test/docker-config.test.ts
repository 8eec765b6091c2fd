import { readFile, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildxConfig, makeDockerConfig, userDockerConfig } from '../src/docker-config.js';

test('the private config points the CLI at the user config\'s plugins, where docker/setup-buildx-action installs buildx', async () => {
  const dir = await makeDockerConfig(tmpdir(), { DOCKER_CONFIG: '/home/runner/.docker' });
  expect(dir).toMatch(/docker-config-/);
  expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({ cliPluginsExtraDirs: ['/home/runner/.docker/cli-plugins'] });
  // The login docker writes into it later is the job's alone.
  expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
});

test.each<[NodeJS.ProcessEnv, string, string]>([
  [{}, join(homedir(), '.docker'), join(homedir(), '.docker', 'buildx')],
  [{ DOCKER_CONFIG: '/home/runner/.docker' }, '/home/runner/.docker', '/home/runner/.docker/buildx'],
  [{ DOCKER_CONFIG: '/home/runner/.docker', BUILDX_CONFIG: '/opt/buildx' }, '/home/runner/.docker', '/opt/buildx'],
])('user config and buildx state for %o', (env, user, buildx) => {
  expect(userDockerConfig(env)).toBe(user);
  expect(buildxConfig(env)).toBe(buildx);
});
