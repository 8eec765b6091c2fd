import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cachePath } from './cache.js';
import { spawnLight } from './spawner.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The node that runs bundles: BUNDLE_NODE, else the Node 24 scripts/install-node24.sh puts in
 * .tools/ (what `runs.using: node24` gives on GitHub's runners), else this process's own node.
 */
export const BUNDLE_NODE = process.env.BUNDLE_NODE || (existsSync(join(REPO_ROOT, '.tools/node24/bin/node')) ? join(REPO_ROOT, '.tools/node24/bin/node') : process.execPath);

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** What the step appended to GITHUB_ENV. */
  env: Record<string, string>;
  /** What the step saved for its post step (GITHUB_STATE). */
  state: Record<string, string>;
  /** Values the step asked the runner to mask (::add-mask::). */
  masked: string[];
  /** `::error::` and `::warning::` annotations, in order. */
  errors: string[];
  warnings: string[];
  /** Everything the step wrote, for leak checks. */
  files: { output: string; summary: string; env: string; state: string };
  durationMs: number;
}

export interface BundleOptions {
  inputs?: Record<string, string>;
  /** Extra environment (AWS_ENDPOINT_URL, DOCKER_HOST, ...). */
  env?: Record<string, string>;
  /** Runs the action's post step with the state the main step saved. */
  postOf?: BundleRun;
  workspace?: string;
  sha?: string;
  eventName?: string;
  eventPayload?: unknown;
  timeoutMs?: number;
  /** Kills the step with this signal after the given time, as a cancelled job does. */
  signalAfter?: { signal: NodeJS.Signals; ms: number };
  /** Kills the step with SIGKILL once this settles: at a point of its work rather than of time. */
  killWhen?: Promise<unknown>;
}

interface ActionManifest {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string; post?: string };
}

/** actions/<name>, or any folder holding an action.yml when given a path. */
export function actionDir(action: string): string {
  return action.includes('/') ? resolve(REPO_ROOT, action) : join(REPO_ROOT, 'actions', action);
}

export function actionManifest(action: string): ActionManifest {
  return parseYaml(readFileSync(join(actionDir(action), 'action.yml'), 'utf8')) as ActionManifest;
}

/** Parses a runner file command file: `name=value` lines and `name<<DELIM ... DELIM` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i]);
      result[name] = value.join('\n');
    } else {
      const at = line.indexOf('=');
      if (at > 0) result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

/** The runner's INPUT_ variable name: spaces to underscores, upper case; hyphens stay. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Runs dist/<action>/index.js the way the runner does: a child node process whose inputs are
 * INPUT_* variables (with action.yml's defaults filled in), and whose outputs, summary, env and
 * state go to files named by GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_STATE.
 */
export async function runBundle(action: string, options: BundleOptions = {}): Promise<BundleRun> {
  const manifest = actionManifest(action);
  const entry = resolve(actionDir(action), options.postOf ? manifest.runs.post ?? '' : manifest.runs.main);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run npm run package first`);
  const dir = await mkdtemp(join(tmpdir(), `run-${action.split('/').pop()}-`));
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    env: join(dir, 'env'),
    state: join(dir, 'state'),
    path: join(dir, 'path'),
    event: join(dir, 'event.json'),
  };
  await Promise.all([files.output, files.summary, files.env, files.state, files.path].map((file) => writeFile(file, '')));
  await writeFile(files.event, JSON.stringify(options.eventPayload ?? {}));
  const workspace = options.workspace ?? dir;

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: action.split('/').pop() ?? action,
    GITHUB_ACTION_PATH: actionDir(action),
    GITHUB_WORKSPACE: workspace,
    GITHUB_SHA: options.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REPOSITORY: 'example/shop',
    GITHUB_REPOSITORY_OWNER: 'example',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_PATH: files.path,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: join(dir, 'toolcache'),
    NODE_NO_WARNINGS: '1',
    // V8's compiled code for the 2-4 MB bundle, kept between runs (Node 22+; keyed by the file's
    // content and Node's version, so a rebuilt bundle is compiled anew): 9% of a run's CPU.
    NODE_COMPILE_CACHE: cachePath('tandem-bundle-compile-cache'),
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'testing',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'testing',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  // The machine's own certificate authorities, as a runner passes its environment to every step:
  // Node 24 from npm trusts only the CAs it carries, so behind a TLS-inspecting proxy the build's
  // package manager fails its registry requests (npm retries each for about two minutes).
  if (process.env.NODE_EXTRA_CA_CERTS) env.NODE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    if (spec.default !== undefined) env[inputVariable(name)] = String(spec.default);
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(options.postOf?.state ?? {})) env[`STATE_${name}`] = value;
  Object.assign(env, options.env);

  const started = Date.now();
  let stdout = '';
  let stderr = '';
  // Through the worker's spawner host: a fork from the worker's large heap costs it far more (spawner.ts).
  const child = spawnLight(BUNDLE_NODE, [entry], { cwd: workspace, env, onStdout: (text) => (stdout += text), onStderr: (text) => (stderr += text) });
  const timers: NodeJS.Timeout[] = [];
  if (options.signalAfter) {
    const { signal, ms } = options.signalAfter;
    timers.push(setTimeout(() => child.kill(signal), ms));
  }
  options.killWhen?.then(() => child.kill('SIGKILL'));
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000));
  const { code } = await child.closed.finally(() => timers.forEach(clearTimeout));

  return finishedRun({ code, stdout, stderr, started }, files);
}

/** What a finished step left: its exit, its output, summary, env and state files, and the workflow commands it printed. */
export async function finishedRun(
  step: { code: number | null; stdout: string; stderr: string; started: number },
  files: { output: string; summary: string; env: string; state: string },
): Promise<BundleRun> {
  const { code, stdout, stderr, started } = step;
  const read = (file: string) => readFile(file, 'utf8');
  const [output, summary, envFile, state] = await Promise.all([read(files.output), read(files.summary), read(files.env), read(files.state)]);
  const commands = (kind: string) =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith(`::${kind}`))
      .map((line) => line.slice(line.indexOf('::', 2) + 2).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
  return {
    code,
    stdout,
    stderr,
    outputs: parseFileCommands(output),
    summary,
    env: parseFileCommands(envFile),
    state: parseFileCommands(state),
    masked: commands('add-mask'),
    errors: commands('error'),
    warnings: commands('warning'),
    files: { output, summary, env: envFile, state },
    durationMs: Date.now() - started,
  };
}
