import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment, buildFailure, buildSteps, findSourceDir, lastLines, runBuild, shellRunner } from '../src/build.js';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'app-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

const PACKAGE = JSON.stringify({ scripts: { build: 'vite build' } });

test.each([
  ['package-lock.json', ['npm ci', 'npm run build']],
  ['npm-shrinkwrap.json', ['npm ci', 'npm run build']],
  ['yarn.lock', ['yarn install --frozen-lockfile', 'yarn run build']],
  ['pnpm-lock.yaml', ['pnpm install --frozen-lockfile', 'pnpm run build']],
  ['bun.lock', ['bun install --frozen-lockfile', 'bun run build']],
  ['bun.lockb', ['bun install --frozen-lockfile', 'bun run build']],
])('auto with %s runs %j', async (lockfile, commands) => {
  const dir = await project({ 'package.json': PACKAGE, [lockfile]: '' });
  expect(buildSteps('auto', dir).commands).toEqual(commands);
});

test.each([
  ['no package.json', {}, "Input 'build-command': ", 'has no package.json'],
  ['no build script', { 'package.json': '{"scripts":{}}', 'package-lock.json': '' }, '', 'has no "build" script'],
  ['no lockfile', { 'package.json': PACKAGE }, '', 'has no lockfile'],
  ['two package managers', { 'package.json': PACKAGE, 'package-lock.json': '', 'yarn.lock': '' }, '', 'has lockfiles of npm and yarn'],
])('auto refuses %s', async (_name, files, prefix, message) => {
  const dir = await project(files);
  expect(() => buildSteps('auto', dir)).toThrow(prefix);
  expect(() => buildSteps('auto', dir)).toThrow(message);
});

// A monorepo (npm, Yarn or pnpm workspaces; Turborepo, Nx) keeps one lockfile at its root: run in
// the app's folder, each package manager installs the whole workspace from it.
const WEB = JSON.stringify({ name: 'web', scripts: { build: 'vite build' } });
test.each<[string, Record<string, string>, string[]]>([
  ['npm workspaces', { 'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/*'] }), 'package-lock.json': '' }, ['npm ci', 'npm run build']],
  ['Yarn workspaces as an object', { 'package.json': JSON.stringify({ workspaces: { packages: ['./apps/**/'] } }), 'yarn.lock': '' }, ['yarn install --frozen-lockfile', 'yarn run build']],
  ['a workspace named exactly', { 'package.json': JSON.stringify({ workspaces: ['apps/web'] }), 'package-lock.json': '' }, ['npm ci', 'npm run build']],
  ['pnpm', { 'package.json': '{}', 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n", 'pnpm-lock.yaml': '' }, ['pnpm install --frozen-lockfile', 'pnpm run build']],
])('auto in apps/web of a monorepo with %s installs from the root lockfile', async (_name, rootFiles, commands) => {
  const top = await project({ ...rootFiles, 'apps/web/package.json': WEB });
  expect(buildSteps('auto', join(top, 'apps/web'), top)).toEqual({ manager: commands[1].split(' ')[0], commands, root: top });
});

test('the nearest lockfile wins: the app\'s own, then its workspace root; never one above the workspace', async () => {
  const top = await project({ 'package.json': JSON.stringify({ workspaces: ['apps/*'] }), 'package-lock.json': '', 'apps/web/package.json': WEB, 'apps/web/yarn.lock': '', 'apps/admin/package.json': WEB });
  expect(buildSteps('auto', join(top, 'apps/web'), top)).toEqual({ manager: 'yarn', commands: ['yarn install --frozen-lockfile', 'yarn run build'] });
  expect(() => buildSteps('auto', join(top, 'apps/admin'), join(top, 'apps'))).toThrow('has no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock), nor has a folder above it in the workspace');
  // A working-directory outside the workspace: only its own folder is looked at.
  expect(() => buildSteps('auto', join(top, 'apps/admin'), '/elsewhere')).toThrow('has no lockfile');
});

test.each<[string, Record<string, string>, string]>([
  ['no workspaces at all', { 'package.json': '{"name":"site"}', 'package-lock.json': '' }, `the package-lock.json in TOP is not for it: the "workspaces" of its package.json do not include apps/web. Add the app to the workspaces, commit a lockfile in its folder, or give build-command`],
  ['workspaces that leave it out', { 'package.json': JSON.stringify({ workspaces: ['packages/*', 'apps/*', '!apps/web'] }), 'package-lock.json': '' }, 'is not for it'],
  ['workspaces of other folders', { 'package.json': JSON.stringify({ workspaces: ['packages/*'] }), 'yarn.lock': '' }, 'the yarn.lock in TOP is not for it'],
  ['a pnpm lockfile without pnpm-workspace.yaml', { 'pnpm-lock.yaml': '' }, 'the pnpm-lock.yaml in TOP is not for it: that folder has no pnpm-workspace.yaml.'],
  ['lockfiles of two managers at the root', { 'package.json': JSON.stringify({ workspaces: ['apps/*'] }), 'package-lock.json': '', 'yarn.lock': '' }, 'TOP, the workspace root above apps/web, has lockfiles of npm and yarn: keep the one you use, or give build-command'],
])('auto in apps/web refuses a root lockfile with %s', async (_name, rootFiles, message) => {
  const top = await project({ ...rootFiles, 'apps/web/package.json': WEB });
  expect(() => buildSteps('auto', join(top, 'apps/web'), top)).toThrow(message.replace('TOP', top));
});

test('none runs nothing; anything else runs as given', () => {
  expect(buildSteps('none', '/nowhere').commands).toEqual([]);
  expect(buildSteps('make site', '/nowhere').commands).toEqual(['make site']);
});

test('a failing step stops the build and says which', async () => {
  const ran: string[] = [];
  const runner = async (command: string) => {
    ran.push(command);
    return { code: command === 'npm ci' ? 1 : 0, lastLines: ['npm error code E404'] };
  };
  await expect(runBuild({ manager: 'npm', commands: ['npm ci', 'npm run build'] }, runner, { cwd: '/app', env: {} })).rejects.toThrow("'npm ci' exited with code 1; nothing was published. Its last lines:\nnpm error code E404");
  expect(ran).toEqual(['npm ci']);
});

test.each<[string, string, number, string, string]>([
  ['an ordinary failure', 'npm run build', 2, 'npm', "the build failed: 'npm run build' exited with code 2; nothing was published"],
  [
    'pnpm missing',
    'pnpm install --frozen-lockfile',
    127,
    'pnpm',
    "the build failed: 'pnpm install --frozen-lockfile' exited with code 127, the shell's \"not found\": pnpm is not installed on this runner. Add pnpm/action-setup before this step (or run corepack enable); nothing was published",
  ],
  [
    'bun missing',
    'bun install --frozen-lockfile',
    127,
    'bun',
    "the build failed: 'bun install --frozen-lockfile' exited with code 127, the shell's \"not found\": bun is not installed on this runner. Add oven-sh/setup-bun before this step; nothing was published",
  ],
  [
    'yarn missing',
    'yarn install --frozen-lockfile',
    127,
    'yarn',
    "the build failed: 'yarn install --frozen-lockfile' exited with code 127, the shell's \"not found\": yarn is not installed on this runner. Run corepack enable before this step for Yarn 2 and later (GitHub's Ubuntu images have Yarn 1); nothing was published",
  ],
  ['a custom command', 'make site', 127, 'custom', "the build failed: 'make site' exited with code 127, the shell's \"not found\": a program it runs is not installed on this runner (see the log above); nothing was published"],
])('the failure says: %s', (_name, command, code, manager, message) => {
  expect(buildFailure(command, code, manager)).toBe(message);
});

test('the failure ends with the last lines the command printed', () => {
  expect(buildFailure('npm run build', 1, 'npm', ['error during build:', '[vite]: Rollup failed to resolve import "axios" from "src/api.js".'])).toBe(
    "the build failed: 'npm run build' exited with code 1; nothing was published. Its last lines:\nerror during build:\n[vite]: Rollup failed to resolve import \"axios\" from \"src/api.js\".",
  );
  expect(buildFailure('pnpm install --frozen-lockfile', 127, 'pnpm', ['sh: 1: pnpm: not found'])).toMatch(/pnpm is not installed on this runner\. .*; nothing was published\. Its last lines:\nsh: 1: pnpm: not found$/);
});

test.each<[string, string, number, string[]]>([
  ['the last lines that hold something', 'a\nb\n\n  \nc\n', 2, ['b', 'c']],
  ['fewer lines than asked for', 'only\n', 15, ['only']],
  ['colours removed', '\u001b[31mx Build failed\u001b[39m\n\u001b[1merror\u001b[22m TS2304\n', 5, ['x Build failed', 'error TS2304']],
  ['a progress bar redrawn with carriage returns: its last state', 'transforming (1) a.js\rtransforming (80) b.js\rdone\nnext\n', 5, ['done', 'next']],
  ['Windows line ends', 'one\r\ntwo\r\n', 5, ['one', 'two']],
  ['nothing printed', '', 15, []],
])('lastLines: %s', (_name, output, count, lines) => {
  expect(lastLines(output, count)).toEqual(lines);
});

test('the shell runner passes the output on and keeps its last lines, the first of a long output dropped', async () => {
  const dir = await project({});
  const passed = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: Buffer) => ((passed.stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: Buffer) => ((passed.stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    const result = await shellRunner('for i in $(seq 1 40); do echo "line $i"; done; echo "the cause" >&2; exit 2', { cwd: dir, env: { PATH: process.env.PATH } });
    expect(result.code).toBe(2);
    expect(result.lastLines).toEqual([...Array.from({ length: 14 }, (_, i) => `line ${27 + i}`), 'the cause']);
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
  expect(passed.stdout).toBe(Array.from({ length: 40 }, (_, i) => `line ${i + 1}\n`).join(''));
  expect(passed.stderr).toBe('the cause\n');
});

test.each([
  ['dist with an index', ['dist/index.html'], 'dist'],
  ['build (Create React App)', ['build/index.html'], 'build'],
  ['out (Next export)', ['out/index.html'], 'out'],
  ['the one with an index wins', ['dist/stats.json', 'build/index.html'], 'build'],
])('source-dir found: %s', async (_name, files, expected) => {
  const dir = await project(Object.fromEntries(files.map((file) => [file, 'x'])));
  expect(findSourceDir(dir, '', true)).toBe(join(dir, expected));
});

test.each([
  ['none', [], 'no build output found'],
  ['two candidates', ['dist/index.html', 'build/index.html'], 'dist and build'],
  ['only one without an index', ['dist/a.js'], 'no build output found'],
])('source-dir not found: %s', async (_name, files, message) => {
  const dir = await project(Object.fromEntries(files.map((file) => [file, 'x'])));
  expect(() => findSourceDir(dir, '', true)).toThrow(message);
});

test('a given source-dir is taken relative to the working directory, or as an absolute path', () => {
  expect(findSourceDir('/ws/app', 'public', true)).toBe('/ws/app/public');
  expect(findSourceDir('/ws/app', '/tmp/site', true)).toBe('/tmp/site');
});

// A given source-dir that is not there says where the output is, when that is plain; else the
// listing refuses it (does not exist: did the build write its output somewhere else?).
test.each<[string, string[], string, string, string | undefined]>([
  ['written from the workspace', ['frontend/build/index.html'], 'frontend', 'frontend/build', 'WS/frontend/frontend/build does not exist: source-dir is a path from working-directory (frontend), not from the workspace; give build'],
  ['the build wrote dist (Vite), not build', ['frontend/dist/index.html'], 'frontend', 'build', 'WS/frontend/build does not exist, and WS/frontend/dist holds an index.html: did the build write its output there? Set source-dir: dist'],
  ['at the workspace root', ['dist/index.html'], '.', 'build', 'WS/build does not exist, and WS/dist holds an index.html: did the build write its output there? Set source-dir: dist'],
  ['two other outputs: no guess', ['dist/index.html', 'out/index.html'], '.', 'build', undefined],
  ['nothing anywhere', [], 'frontend', 'build', undefined],
  ['there', ['frontend/public/index.html'], 'frontend', 'public', undefined],
])('a given source-dir that is not there: %s', async (_name, files, workingDirectory, given, message) => {
  const workspace = await project(Object.fromEntries([...files.map((file) => [file, 'x']), [join(workingDirectory, '.keep'), '']]));
  const dir = join(workspace, workingDirectory);
  const found = () => findSourceDir(dir, given, true, workspace);
  if (message === undefined) return expect(found()).toBe(join(dir, given));
  expect(found).toThrow(`Input 'source-dir': ${message.replaceAll('WS', workspace)}`);
});

// The environment of a job that assumed a role with configure-aws-credentials, as the runner and
// that action set it, with the variables a build needs beside it.
const JOB_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  CI: 'true',
  NODE_OPTIONS: '--max-old-space-size=4096',
  NODE_AUTH_TOKEN: 'npm-registry-token',
  npm_config_registry: 'https://npm.example.com/',
  GITHUB_SHA: 'abc123',
  GITHUB_WORKSPACE: '/home/runner/work/shop',
  GITHUB_STEP_SUMMARY: '/home/runner/summary',
  RUNNER_TEMP: '/home/runner/tmp',
  VITE_API_URL: 'https://api.example.com',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
  AWS_PROFILE: 'deploy',
  AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/deploy',
  AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/token',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
  AWS_SHARED_CREDENTIALS_FILE: '/home/runner/.aws/credentials',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
  ACTIONS_CACHE_URL: 'https://cache.example/',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  GITHUB_TOKEN: 'ghs_token',
  GH_TOKEN: 'ghs_token',
  GITHUB_ENV: '/home/runner/env',
  GITHUB_PATH: '/home/runner/path',
  GITHUB_OUTPUT: '/home/runner/output',
  GITHUB_STATE: '/home/runner/state',
};

const WITHHELD = [
  'ACTIONS_CACHE_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RUNTIME_URL',
  'AWS_ACCESS_KEY_ID', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_PROFILE', 'AWS_ROLE_ARN', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE', 'GH_TOKEN', 'GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_TOKEN',
];

test.each([
  ['nothing passed on request', [], WITHHELD],
  ['a token the build needs, on request', ['SENTRY_AUTH_TOKEN', 'GITHUB_TOKEN'], WITHHELD.filter((name) => name !== 'GITHUB_TOKEN')],
  ['a profile for a build that reads S3 itself, on request', ['AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE'], WITHHELD.filter((name) => !['AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE'].includes(name))],
])('the build environment, %s', (_name, passed, withheld) => {
  const result = buildEnvironment(JOB_ENV, passed);
  expect(result.withheld).toEqual(withheld);
  expect(Object.keys(result.env).sort()).toEqual(Object.keys(JOB_ENV).filter((name) => !withheld.includes(name)).sort());
  expect(result.env).toMatchObject({ PATH: '/usr/bin:/bin', NODE_AUTH_TOKEN: 'npm-registry-token', VITE_API_URL: 'https://api.example.com', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
});

test('a build command run by the shell sees the cleaned environment only', async () => {
  const dir = await project({});
  const { env } = buildEnvironment({ ...JOB_ENV, PATH: process.env.PATH }, []);
  expect((await shellRunner('env > seen.txt', { cwd: dir, env })).code).toBe(0);
  const seen = (await readFile(join(dir, 'seen.txt'), 'utf8')).split('\n').map((line) => line.split('=')[0]);
  expect(seen).toContain('VITE_API_URL');
  expect(seen.filter((name) => WITHHELD.includes(name))).toEqual([]);
});
