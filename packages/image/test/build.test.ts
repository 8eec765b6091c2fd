import { buildCommand, buildProblem, type BuildRequest } from '../src/build.js';

const request: BuildRequest = {
  context: '/ws',
  dockerfile: '/ws/Dockerfile',
  names: ['r.example/shop:abc'],
  buildArgs: [['TOKEN', 's3cret']],
  secretBuildArgs: ['TOKEN'],
  labels: [['org.opencontainers.image.revision', 'abc']],
  target: '',
  platforms: [],
  cache: 'none',
  cacheRef: '',
  cacheScope: 'shop',
  provenance: 'false',
  iidfile: '/tmp/iid',
  pushFromBuilder: false,
};

test.each<[string, 'buildx' | 'docker', Partial<BuildRequest>, string[], string[]]>([
  ['classic build: no buildx flags', 'docker', {}, ['build', '--file', '/ws/Dockerfile', '--iidfile', '/tmp/iid'], ['--provenance=false', '--load']],
  ['buildx loads for the checks, provenance off', 'buildx', {}, ['buildx', 'build', '--provenance=false', '--load'], ['--push']],
  ['buildx provenance when asked', 'buildx', { provenance: 'mode=max' }, ['--provenance=mode=max'], ['--provenance=false']],
  ['gha cache with a scope', 'buildx', { cache: 'gha' }, ['--cache-from=type=gha,scope=shop', '--cache-to=type=gha,mode=max,scope=shop'], []],
  [
    'registry cache in the form ECR accepts',
    'buildx',
    { cache: 'registry', cacheRef: 'r.example/shop-cache:main' },
    ['--cache-from=type=registry,ref=r.example/shop-cache:main', '--cache-to=type=registry,ref=r.example/shop-cache:main,mode=max,image-manifest=true,oci-mediatypes=true'],
    [],
  ],
  ['several platforms pushed by buildx', 'buildx', { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, ['--platform', 'linux/amd64,linux/arm64', '--push'], ['--load']],
  ['target stage', 'docker', { target: 'runtime' }, ['--target', 'runtime'], []],
])('%s', (_name, builder, change, present, absent) => {
  const { args } = buildCommand(builder, { ...request, ...change });
  for (const item of present) expect(args).toContain(item);
  for (const item of absent) expect(args).not.toContain(item);
  expect(args[args.length - 1]).toBe('/ws');
  expect(args.slice(args.indexOf('--tag'), args.indexOf('--tag') + 2)).toEqual(['--tag', 'r.example/shop:abc']);
});

test('build-arg values reach docker but not the log', () => {
  const command = buildCommand('buildx', request);
  expect(command.args).toContain('TOKEN=s3cret');
  expect(command.shown.join(' ')).not.toContain('s3cret');
  expect(command.shown).toContain('TOKEN=***');
});

test.each<[string, [string, string], string[], string]>([
  ['a harmless argument is shown', ['BASE_IMAGE', 'tandem/django-base:sid'], [], 'BASE_IMAGE=tandem/django-base:sid'],
  ['an argument marked secret is hidden', ['PIP_INDEX', 'https://pypi.internal/simple'], ['PIP_INDEX'], 'PIP_INDEX=***'],
  ['an argument named like a secret is hidden', ['NPM_TOKEN', 'npm_abc'], [], 'NPM_TOKEN=***'],
  ['a URL keeps only its password hidden', ['PIP_INDEX_URL', 'https://ci:hunter22@pypi.internal/simple'], [], 'PIP_INDEX_URL=https://ci:***@pypi.internal/simple'],
])('the log shows build args: %s', (_name, arg, secretBuildArgs, shown) => {
  const command = buildCommand('docker', { ...request, buildArgs: [arg], secretBuildArgs });
  expect(command.args).toContain(`${arg[0]}=${arg[1]}`);
  expect(command.shown).toContain(shown);
});

test.each<[string, 'buildx' | 'docker', Partial<BuildRequest>, RegExp | undefined]>([
  ['one platform, classic', 'docker', { platforms: ['linux/amd64'] }, undefined],
  ['several platforms, classic', 'docker', { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, /need docker buildx/],
  ['cache without buildx', 'docker', { cache: 'gha' }, /gha cache needs docker buildx.*cache: none/],
  ['several platforms with checks', 'buildx', { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: false }, /cannot be loaded/],
  ['several platforms pushed by buildx', 'buildx', { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, undefined],
])('buildProblem: %s', (_name, builder, change, expected) => {
  const problem = buildProblem(builder, { ...request, ...change });
  if (expected) expect(problem?.message).toMatch(expected);
  else expect(problem).toBeUndefined();
});

test('a cache the builder cannot use names the cache input', () => {
  expect(buildProblem('docker', { ...request, platforms: [], cache: 'registry' })?.input).toBe('cache');
  expect(buildProblem('docker', { ...request, platforms: ['linux/amd64', 'linux/arm64'], cache: 'none', pushFromBuilder: true })?.input).toBe('platform');
});
