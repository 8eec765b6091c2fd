import { spawn, spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { onFreePort, waitFor } from './ports.js';
import { seedRegistry } from './registry-seed.js';
import { cachePath } from './cache.js';
import { engineAddress, engineAnswers } from './engine.js';

/**
 * Makes sure a Docker Engine answers. Starts dockerd (no bridge, no iptables: every container
 * uses the host's loopback or no network) when none runs and this process may.
 */
export async function ensureDocker(): Promise<void> {
  if (await engineAnswers()) return;
  // An engine the CLI reaches through a docker context, at another socket (colima, rootless).
  if (spawnSync('docker', ['info', '--format', '{{.ServerVersion}}']).status === 0) {
    throw new Error(`the docker CLI reaches an engine, but not at ${JSON.stringify(engineAddress())}: set DOCKER_HOST to its socket (docker context inspect shows it)`);
  }
  if (spawnSync('sh', ['-c', 'command -v dockerd']).status !== 0) {
    throw new Error('no Docker Engine: install it (Debian: apt-get install docker.io) or start dockerd');
  }
  if (process.getuid?.() !== 0) throw new Error('dockerd is not running and only root can start it here');
  // The daemon outlives the test run, and so does its log.
  const log = openSync(cachePath('dockerd.log'), 'a');
  const daemon = spawn('dockerd', ['--bridge=none', '--iptables=false'], { detached: true, stdio: ['ignore', log, log] });
  daemon.unref();
  await waitFor('dockerd', engineAnswers, 60_000);
}

export function docker(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface Registry {
  /** host:port, as used in image names. */
  address: string;
  user: string;
  password: string;
  stop(): Promise<void>;
  /** The digest the registry holds for a tag, or undefined. */
  digestOf(repository: string, tag: string): Promise<string | undefined>;
  /** The digests of the layers it held from the start (RegistryOptions.holding), before any push. */
  held: string[];
}

export interface RegistryOptions {
  user?: string;
  password?: string;
  /** Where the registry keeps its blobs and repositories; a new folder by default. */
  storage?: string;
  /** An image whose layers the registry holds from the start, under these repositories (see registry-seed.ts). */
  holding?: { image: string; repositories: string[] };
}

/**
 * A real OCI registry (Debian's docker-registry) on loopback with htpasswd auth, standing in for
 * ECR's registry. moto's GetAuthorizationToken gives user AWS and this password.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const user = options.user ?? 'AWS';
  const password = options.password ?? '123456789012-auth-token';
  const dir = await mkdtemp(join(tmpdir(), 'registry-'));
  const storage = options.storage ?? join(dir, 'data');
  const held = options.holding ? await seedRegistry(storage, options.holding, (root) => startRegistry({ storage: root })) : [];
  const hashed = spawnSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
  if (hashed.status !== 0) throw new Error(`htpasswd failed (Debian: apt-get install apache2-utils): ${hashed.stderr || hashed.error}`);
  await writeFile(join(dir, 'htpasswd'), hashed.stdout);
  // The realm is this registry's own: its ready check then cannot be answered by another
  // registry of the run that got the same port (onFreePort).
  const realm = basename(dir);
  const { child, address } = await onFreePort(async (port) => {
    const config = [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${storage} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      `auth: { htpasswd: { realm: ${realm}, path: ${join(dir, 'htpasswd')} } }`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'config.yml'), config);
    const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let exit: string | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('exit', (code) => (exit = `code ${code}: ${stderr}`));
    const address = `127.0.0.1:${port}`;
    const ours = async () => {
      const answer = await fetch(`http://${address}/v2/`);
      return answer.status === 401 && (answer.headers.get('www-authenticate') ?? '').includes(`realm="${realm}"`);
    };
    await waitFor('docker-registry', ours, 20_000, () => exit).catch((error: unknown) => {
      child.kill('SIGTERM');
      throw error;
    });
    return { child, address };
  });
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return {
    address,
    user,
    password,
    held,
    async digestOf(repository, tag) {
      const response = await fetch(`http://${address}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: {
          authorization: auth,
          accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
        },
      });
      return response.ok ? response.headers.get('docker-content-digest') ?? undefined : undefined;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
