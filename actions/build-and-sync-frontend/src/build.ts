import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { stripVTControlCharacters } from 'node:util';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { ConfigurationError } from '@tandem/kit';

/** The commands a build runs, in order, each a shell command line. */
export interface BuildSteps {
  manager: string;
  commands: string[];
  /** The workspace root whose lockfile the install follows, when it is above the app's folder. */
  root?: string;
}

const LOCKFILES: Array<{ file: string; manager: string; install: string }> = [
  { file: 'package-lock.json', manager: 'npm', install: 'npm ci' },
  { file: 'npm-shrinkwrap.json', manager: 'npm', install: 'npm ci' },
  { file: 'pnpm-lock.yaml', manager: 'pnpm', install: 'pnpm install --frozen-lockfile' },
  { file: 'yarn.lock', manager: 'yarn', install: 'yarn install --frozen-lockfile' },
  { file: 'bun.lock', manager: 'bun', install: 'bun install --frozen-lockfile' },
  { file: 'bun.lockb', manager: 'bun', install: 'bun install --frozen-lockfile' },
];

/** The folders from `dir` up to `top`, nearest first; `dir` alone when it is not inside `top`. */
function foldersUp(dir: string, top: string): string[] {
  const rel = relative(top, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) return [dir];
  const folders = [dir];
  for (let at = dir; at !== top && dirname(at) !== at; ) {
    at = dirname(at);
    folders.push(at);
  }
  return folders;
}

/**
 * Whether the workspace root `root` names `dir` as one of its packages: `workspaces` in its
 * package.json (npm, Yarn: a list of globs, or `{ packages: [...] }`), or any pnpm-workspace.yaml
 * (pnpm reads its globs itself, and says so when the folder is not among them).
 */
function workspaceMember(root: string, dir: string, manager: string): boolean {
  if (manager === 'pnpm') return existsSync(join(root, 'pnpm-workspace.yaml'));
  const file = join(root, 'package.json');
  if (!existsSync(file)) return false;
  const declared = (JSON.parse(readFileSync(file, 'utf8')) as { workspaces?: string[] | { packages?: string[] } }).workspaces;
  const globs = (Array.isArray(declared) ? declared : declared?.packages ?? []).map((glob) => glob.replace(/^\.\//, '').replace(/\/+$/, ''));
  const path = relative(root, dir).split(sep).join('/');
  const matches = (glob: string) => picomatch(glob)(path);
  return globs.some((glob) => !glob.startsWith('!') && matches(glob)) && !globs.some((glob) => glob.startsWith('!') && matches(glob.slice(1)));
}

/**
 * What `build-command` means in `dir`: `none` runs nothing; `auto` installs exactly what the
 * lockfile pins with its own package manager, then runs the `build` script; anything else is run
 * as given. The lockfile is the nearest one from `dir` up to `top` (the workspace): in a
 * monorepo it is at the workspace root, whose package manager, run in the app's folder, installs
 * from it. Decided from the files alone, so it can be tested without running anything.
 */
export function buildSteps(command: string, dir: string, top = dir): BuildSteps {
  if (command === 'none') return { manager: 'none', commands: [] };
  if (command !== 'auto') return { manager: 'custom', commands: [command] };
  const packageFile = join(dir, 'package.json');
  if (!existsSync(packageFile)) {
    throw new ConfigurationError(`${dir} has no package.json: set working-directory to the app's folder, or build-command: none if the site is already built`, 'build-command');
  }
  const scripts = (JSON.parse(readFileSync(packageFile, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (!scripts.build) throw new ConfigurationError(`${packageFile} has no "build" script: add one, or give the command in build-command`, 'build-command');
  let found: typeof LOCKFILES = [];
  let root = dir;
  for (const folder of foldersUp(dir, top)) {
    found = LOCKFILES.filter((lock) => existsSync(join(folder, lock.file)));
    root = folder;
    if (found.length > 0) break;
  }
  const managers = [...new Set(found.map((lock) => lock.manager))];
  const where = root === dir ? dir : `${root}, the workspace root above ${relative(root, dir)},`;
  if (managers.length === 0) {
    throw new ConfigurationError(`${dir} has no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock), nor has a folder above it in the workspace: commit one so CI installs what you tested, or give build-command`, 'build-command');
  }
  if (managers.length > 1) {
    throw new ConfigurationError(`${where} has lockfiles of ${managers.join(' and ')}: keep the one you use, or give build-command`, 'build-command');
  }
  const lock = found[0];
  if (root !== dir && !workspaceMember(root, dir, lock.manager)) {
    const why = lock.manager === 'pnpm' ? 'that folder has no pnpm-workspace.yaml' : `the "workspaces" of its package.json do not include ${relative(root, dir)}`;
    throw new ConfigurationError(
      `${dir} has no lockfile, and the ${lock.file} in ${root} is not for it: ${why}. ` +
        'Add the app to the workspaces, commit a lockfile in its folder, or give build-command',
      'build-command',
    );
  }
  return { manager: lock.manager, commands: [lock.install, `${lock.manager} run build`], ...(root !== dir ? { root } : {}) };
}

/**
 * What the build must not see, from GitHub's documented runner variables and the AWS SDK's: the
 * deploy's AWS credentials and anything that yields them (profiles, roles, web identity, container
 * credentials), the OIDC token request, the runner's service tokens (artifacts, cache, results),
 * GitHub tokens, and the step's command files (a dependency's install script writing GITHUB_ENV or
 * GITHUB_PATH would change every later step; GITHUB_OUTPUT and GITHUB_STATE this action's own
 * outputs). The region is not a secret and some builds read it. Everything else (PATH, HOME, CI,
 * NODE_*, npm_config_*, NODE_AUTH_TOKEN for a private registry, GITHUB_SHA, VITE_*, ...) passes.
 */
const WITHHELD = [
  /^AWS_(?!(DEFAULT_)?REGION$)/,
  /^ACTIONS_ID_TOKEN_REQUEST_/,
  /^ACTIONS_(RUNTIME|CACHE|RESULTS)_/,
  /^(GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|GITHUB_ENTERPRISE_TOKEN)$/,
  /^GITHUB_(ENV|PATH|OUTPUT|STATE)$/,
];

/** The environment the install and the build run with, and the names held back from it (for the log). */
export function buildEnvironment(env: NodeJS.ProcessEnv, passed: readonly string[]): { env: NodeJS.ProcessEnv; withheld: string[] } {
  const allowed = new Set(passed);
  const clean: NodeJS.ProcessEnv = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (!allowed.has(name) && WITHHELD.some((pattern) => pattern.test(name))) withheld.push(name);
    else clean[name] = value;
  }
  return { env: clean, withheld: withheld.sort() };
}

/** A command's exit code, and the last lines it printed (for the failure's message). */
export interface CommandResult {
  code: number;
  lastLines: string[];
}

export type CommandRunner = (command: string, options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }) => Promise<CommandResult>;

/** How many of a failed command's last lines its error repeats: the whole output is in the log above it. */
export const FAILURE_LINES = 15;

/** What of a command's output is kept to find its last lines: the end of a build that prints megabytes. */
const KEPT_CHARACTERS = 16_384;

/**
 * Runs a command line through the shell, its output passed into the step's log as it comes, and
 * keeps the end of it: a failed build's message then says what failed where GitHub shows the
 * error (the run's annotations), not only in the folded log group.
 */
export const shellRunner: CommandRunner = (command, { cwd, env, signal }) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let kept = '';
    const pass = (stream: NodeJS.ReadableStream, to: NodeJS.WriteStream) => {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => {
        to.write(chunk);
        kept = (kept + decoder.write(chunk)).slice(-KEPT_CHARACTERS);
      });
    };
    pass(child.stdout, process.stdout);
    pass(child.stderr, process.stderr);
    child.on('error', reject);
    child.on('close', (code, killedBy) => resolve({ code: code ?? (killedBy ? 128 : 1), lastLines: lastLines(kept, FAILURE_LINES) }));
  });

/** The last `count` lines of output that hold something, without colours and progress-bar redraws. */
export function lastLines(output: string, count: number): string[] {
  return stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-count);
}

/** How a package manager that is not on the runner gets there, in a step before this one. */
const SETUP: Record<string, string> = {
  pnpm: 'add pnpm/action-setup before this step (or run corepack enable)',
  yarn: 'run corepack enable before this step for Yarn 2 and later (GitHub\'s Ubuntu images have Yarn 1)',
  npm: 'add actions/setup-node before this step',
  bun: 'add oven-sh/setup-bun before this step',
};

/** Why a build command failed, as the step says it, with the last lines it printed. 127 is the shell's "command not found". */
export function buildFailure(command: string, code: number, manager: string, printed: string[] = []): string {
  const setup = SETUP[manager];
  const missing = setup ? `${manager} is not installed on this runner. ${setup[0].toUpperCase()}${setup.slice(1)}` : 'a program it runs is not installed on this runner (see the log above)';
  const notFound = code === 127 ? `, the shell's "not found": ${missing}` : '';
  const last = printed.length > 0 ? `. Its last lines:\n${printed.join('\n')}` : '';
  return `the build failed: '${command}' exited with code ${code}${notFound}; nothing was published${last}`;
}

export async function runBuild(steps: BuildSteps, runner: CommandRunner, options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<void> {
  for (const command of steps.commands) {
    const { code, lastLines: printed } = await runner(command, options);
    if (code !== 0) throw new Error(buildFailure(command, code, steps.manager, printed));
  }
}

const CANDIDATES = ['dist', 'build', 'out'];

/**
 * A given source-dir that is not there, when where it is is plain: written from the workspace
 * rather than from working-directory, or the build wrote another of dist, build, out. Otherwise
 * the listing refuses it, asking whether the build wrote somewhere else.
 */
function missingSourceDir(path: string, given: string, dir: string, workspace: string): ConfigurationError | undefined {
  const fromWorkspace = isAbsolute(given) ? undefined : resolve(workspace, given);
  if (fromWorkspace && fromWorkspace !== path && existsSync(fromWorkspace)) {
    return new ConfigurationError(`${path} does not exist: source-dir is a path from working-directory (${relative(workspace, dir)}), not from the workspace; give ${relative(dir, fromWorkspace)}`, 'source-dir');
  }
  const written = CANDIDATES.filter((name) => existsSync(join(dir, name, 'index.html')));
  if (written.length !== 1) return undefined;
  return new ConfigurationError(`${path} does not exist, and ${join(dir, written[0])} holds an index.html: did the build write its output there? Set source-dir: ${written[0]}`, 'source-dir');
}

/** The build output when source-dir is not given: the one of dist, build, out holding an index.html. */
export function findSourceDir(dir: string, given: string, requireIndex: boolean, workspace = dir): string {
  if (given) {
    const path = resolve(dir, given);
    const missing = existsSync(path) ? undefined : missingSourceDir(path, given, dir, workspace);
    if (missing) throw missing;
    return path;
  }
  const present = CANDIDATES.filter((name) => existsSync(join(dir, name)));
  const withIndex = present.filter((name) => existsSync(join(dir, name, 'index.html')));
  const choice = withIndex.length > 0 ? withIndex : requireIndex ? [] : present;
  if (choice.length === 1) return join(dir, choice[0]);
  if (choice.length === 0) {
    throw new ConfigurationError(`no build output found in ${dir} (looked for ${CANDIDATES.join(', ')}${requireIndex ? ' with an index.html' : ''}): set source-dir`, 'source-dir');
  }
  throw new ConfigurationError(`${choice.join(' and ')} in ${dir} both look like build output: set source-dir to the right one`, 'source-dir');
}
