import { spawn } from 'node:child_process';

// Every docker command of the action goes through here, with the job's own DOCKER_CONFIG so
// that its registry login is neither read from nor written to the runner user's ~/.docker.

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DockerRunOptions {
  /** Written to docker's stdin (the registry password for --password-stdin). */
  input?: string;
  /** Extra environment for this command only (the check settings passed by name). */
  env?: Record<string, string>;
  /** Streams each line of output as it comes (builds, pushes, checks). */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export type Docker = (args: string[], options?: DockerRunOptions) => Promise<DockerResult>;

export function dockerCli(configDir: string, baseEnv: NodeJS.ProcessEnv = process.env): Docker {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn('docker', args, {
        env: { ...baseEnv, ...options.env, DOCKER_CONFIG: configDir },
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        signal: options.signal,
      });
      let stdout = '';
      let stderr = '';
      const pending = { stdout: '', stderr: '' };
      const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        const text = chunk.toString();
        if (stream === 'stdout') stdout += text;
        else stderr += text;
        if (!options.onLine) return;
        const lines = (pending[stream] + text).split('\n');
        pending[stream] = lines.pop() ?? '';
        lines.forEach((line) => options.onLine?.(line));
      };
      child.stdout?.on('data', take('stdout'));
      child.stderr?.on('data', take('stderr'));
      child.on('error', (error) =>
        reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error('docker is not installed or not on PATH') : error),
      );
      child.on('close', (code) => {
        for (const rest of [pending.stdout, pending.stderr]) if (rest && options.onLine) options.onLine(rest);
        resolve({ code: code ?? 1, stdout, stderr });
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
