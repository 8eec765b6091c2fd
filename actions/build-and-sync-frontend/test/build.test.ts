import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSteps, findSourceDir, runBuild } from '../src/build.js';

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

test('none runs nothing; anything else runs as given', () => {
  expect(buildSteps('none', '/nowhere').commands).toEqual([]);
  expect(buildSteps('make site', '/nowhere').commands).toEqual(['make site']);
});

test('a failing step stops the build and says which', async () => {
  const ran: string[] = [];
  const runner = async (command: string) => {
    ran.push(command);
    return command === 'npm ci' ? 1 : 0;
  };
  await expect(runBuild({ manager: 'npm', commands: ['npm ci', 'npm run build'] }, '/app', runner)).rejects.toThrow("'npm ci' exited with code 1; nothing was published");
  expect(ran).toEqual(['npm ci']);
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
