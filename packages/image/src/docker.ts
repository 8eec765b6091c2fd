import { spawn } from 'node:child_process';
import { buildxConfig } from './docker-config.js';

// The one docker runner of the suite: build-push-django-image's builds, checks and pushes, and
// verify-shared-storage's image check. @actions/exec is not used: it cannot stop a child (no
// AbortSignal, no time limit), and a cancelled job must not leave a build or a container running;
// it also echoes the command line, which here can hold build arguments that are secrets.

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DockerRunOptions {
  /** Written to docker's stdin (the registry password for --password-stdin). */
  input?: string;
  /** Extra environment for this command only (values passed by name with --env NAME, secrets for --secret env=). */
  env?: Record<string, string>;
  /** Streams each line of output as it comes (builds, pushes, checks). */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export type Docker = (args: string[], options?: DockerRunOptions) => Promise<DockerResult>;

export interface DockerCliOptions {
  /** Kills a command that runs longer (a hung container); none by default. */
  timeoutMs?: number;
}

/** What is kept of each stream: a build's output can run to megabytes; callers read the end. */
const KEPT = 1 << 20;

/**
 * `configDir`: the Docker config (registry logins) the CLI uses, such as the job's own one, so that
 * a login is neither read from nor written to the runner user's ~/.docker. Empty: the CLI's own.
 */
export function dockerCli(configDir = '', baseEnv: NodeJS.ProcessEnv = process.env, cli: DockerCliOptions = {}): Docker {
  // With a private config, buildx still uses the builder setup-buildx-action selected.
  const config = configDir ? { DOCKER_CONFIG: configDir, BUILDX_CONFIG: buildxConfig(baseEnv) } : {};
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn('docker', args, {
        env: { ...baseEnv, ...options.env, ...config },
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        signal: options.signal,
      });
      const kept = { stdout: '', stderr: '' };
      const pending = { stdout: '', stderr: '' };
      const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        const text = chunk.toString();
        kept[stream] = (kept[stream] + text).slice(-KEPT);
        if (!options.onLine) return;
        const lines = (pending[stream] + text).split('\n');
        pending[stream] = lines.pop() ?? '';
        lines.forEach((line) => options.onLine?.(line));
      };
      child.stdout?.on('data', take('stdout'));
      child.stderr?.on('data', take('stderr'));
      const timer = cli.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), cli.timeoutMs) : undefined;
      child.on('error', (error) => {
        clearTimeout(timer);
        reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error('docker is not installed or not on PATH') : error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        for (const rest of [pending.stdout, pending.stderr]) if (rest && options.onLine) options.onLine(rest);
        resolve({ code: code ?? 1, stdout: kept.stdout, stderr: kept.stderr });
      });
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
}

/** The last lines of a failed command's output, for an error message. */
export function tail(result: DockerResult, lines = 30): string {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}

/** `docker push` prints `TAG: digest: sha256:... size: N` when done. */
export function pushedDigest(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}

/** ECR's and registries' refusals to overwrite an immutable tag, as docker push reports them. */
export function isImmutableTagRefusal(output: string): boolean {
  return /cannot be overwritten because the (repository|tag) is immutable|ImageTagAlreadyExistsException|tag invalid/i.test(output);
}

/**
 * The local image's manifest for each of these platforms ('linux/amd64'), as the containerd image
 * store keeps it (`docker image inspect --platform`, Docker 28 and later). The classic store keeps
 * no manifests and older CLIs have no --platform there: those platforms are left out.
 */
export async function localManifests(docker: Docker, image: string, platforms: string[]): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const platform of new Set(platforms)) {
    const inspected = await docker(['image', 'inspect', '--platform', platform, '--format', '{{.Id}}', image]);
    const id = inspected.stdout.trim();
    if (inspected.code === 0 && /^sha256:[0-9a-f]{64}$/.test(id)) found[platform] = id;
  }
  return found;
}

/** The names of the variables a local image sets (its ENV lines), or undefined when the image is not here. */
export async function imageVariableNames(docker: Docker, image: string): Promise<string[] | undefined> {
  const inspected = await docker(['image', 'inspect', '--format', '{{json .Config.Env}}', image]);
  if (inspected.code !== 0) return undefined;
  try {
    return ((JSON.parse(inspected.stdout) as string[] | null) ?? []).map((entry) => entry.split('=')[0]);
  } catch {
    return [];
  }
}
