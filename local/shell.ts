// A workflow's `run:` step, as the runner runs it: `bash --noprofile --norc -eo pipefail` with the
// step's environment, in the workspace, its outputs read back from GITHUB_OUTPUT and its
// `::error::` lines kept as annotations (read as the bundle harness reads them). The result has a bundle run's shape, so the local run
// prints both kinds of step alike.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishedRun, type BundleRun } from '@tandem/standins/harness';

export interface ShellOptions {
  env: Record<string, string>;
  workspace: string;
  timeoutMs?: number;
}

export async function runShell(script: string, options: ShellOptions): Promise<BundleRun> {
  const dir = await mkdtemp(join(tmpdir(), 'run-step-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), env: join(dir, 'env'), state: join(dir, 'state') };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    RUNNER_TEMP: dir,
    // aws-cli reads no file of this machine's, as on a fresh runner.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.env,
  };
  const started = Date.now();
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearTimeout(timer));
  const run = await finishedRun({ code, stdout, stderr, started }, files);
  // A failing command that printed no annotation still says why, as the runner's log does.
  if (code !== 0 && run.errors.length === 0) run.errors.push(`exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  return run;
}
