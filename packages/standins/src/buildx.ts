import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const PLUGIN = join(ROOT, '.tools/docker/cli-plugins/docker-buildx');

/**
 * A Docker config folder standing in for the runner user's ~/.docker after
 * docker/setup-buildx-action installed buildx there (cli-plugins/docker-buildx): pass it as
 * DOCKER_CONFIG. Where the CLI already has buildx (GitHub's runners) it is empty; elsewhere
 * scripts/install-buildx.sh provides the plugin (Debian 13's docker-buildx).
 */
export async function userConfigWithBuildx(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'user-docker-'));
  if (spawnSync('docker', ['buildx', 'version'], { env: { ...process.env, DOCKER_CONFIG: dir } }).status === 0) return dir;
  if (!existsSync(PLUGIN)) {
    const installed = spawnSync('bash', [join(ROOT, 'scripts/install-buildx.sh')], { encoding: 'utf8', timeout: 300_000 });
    if (installed.status !== 0) throw new Error(`scripts/install-buildx.sh failed: ${installed.stderr || installed.stdout}`);
  }
  await mkdir(join(dir, 'cli-plugins'));
  await symlink(PLUGIN, join(dir, 'cli-plugins', 'docker-buildx'));
  return dir;
}
