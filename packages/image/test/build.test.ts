import { buildCommand, buildProblem, runnerPlatformNotice, type BuildRequest, type BuildSecret } from '../src/build.js';
import type { BuilderInfo } from '../src/builder.js';

const request: BuildRequest = {
  context: '/ws',
  dockerfile: '/ws/Dockerfile',
  names: ['r.example/shop:abc'],
  buildArgs: [['TOKEN', 's3cret']],
  secretBuildArgs: ['TOKEN'],
  labels: [['org.opencontainers.image.revision', 'abc']],
  secrets: [],
  ssh: [],
  network: '',
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
  ['classic build: no buildx flags; a failed step\'s container removed', 'docker', {}, ['build', '--file', '/ws/Dockerfile', '--iidfile', '/tmp/iid', '--force-rm'], ['--provenance=false', '--load']],
  ['buildx loads for the checks, provenance off', 'buildx', {}, ['buildx', 'build', '--provenance=false', '--load'], ['--push', '--force-rm']],
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

const classic: BuilderInfo = { builder: 'docker' };
const dockerDriver: BuilderInfo = { builder: 'buildx', name: 'default', driver: 'docker', imageStore: 'classic' };
const containerdStore: BuilderInfo = { builder: 'buildx', name: 'default', driver: 'docker', imageStore: 'containerd' };
const container: BuilderInfo = { builder: 'buildx', name: 'builder-1', driver: 'docker-container' };
const secret: BuildSecret = { id: 'NPM_TOKEN', from: 'value', source: 'npm-Secret-77' };

const cacheMount = { shown: 'compose/production/django/Dockerfile', line: 12, what: 'RUN --mount' };
test.each<[string, BuilderInfo, Partial<BuildRequest> & { buildKitSyntax?: typeof cacheMount }, [string, RegExp] | undefined]>([
  ['one platform, classic', classic, { platforms: ['linux/amd64'] }, undefined],
  [
    'a Dockerfile with a cache mount, classic builder',
    classic,
    { buildKitSyntax: cacheMount },
    ['dockerfile', /^compose\/production\/django\/Dockerfile line 12 uses RUN --mount, which only BuildKit builds, and docker buildx is not installed here: docker build would build the steps before it and stop there\. Add docker\/setup-buildx-action before this step$/],
  ],
  ['a Dockerfile with a cache mount, docker driver', dockerDriver, { buildKitSyntax: cacheMount }, undefined],
  ['several platforms, classic', classic, { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, ['platforms', /need docker buildx/]],
  ['several platforms, docker driver', dockerDriver, { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, ['platforms', /'default' uses the docker driver on Docker's classic image store, which builds one platform: add docker\/setup-buildx-action.*containerd image store/]],
  ['several platforms pushed by the docker driver on the containerd image store', containerdStore, { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, undefined],
  ['several platforms with checks', container, { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: false }, ['platforms', /cannot be loaded/]],
  ['several platforms pushed by a docker-container builder', container, { platforms: ['linux/amd64', 'linux/arm64'], pushFromBuilder: true }, undefined],
  ['secrets, classic builder', classic, { secrets: [secret] }, ['secrets', /BuildKit secrets need docker buildx/]],
  ['ssh, classic builder', classic, { ssh: ['default'] }, ['ssh', /SSH forwarding needs docker buildx/]],
  ['secrets and ssh with the docker driver', dockerDriver, { secrets: [secret], ssh: ['default'] }, undefined],
])('buildProblem: %s', (_name, info, change, expected) => {
  const problem = buildProblem(info, { ...request, ...change });
  if (expected) expect(problem).toEqual({ input: expected[0], message: expect.stringMatching(expected[1]) });
  else expect(problem).toBeUndefined();
});

test('secrets go to docker as --secret options; a value only through docker\'s environment, never on the command line', () => {
  const command = buildCommand('buildx', {
    ...request,
    secrets: [secret, { id: 'netrc', from: 'file', source: '/home/runner/.netrc' }, { id: 'gh', from: 'env', source: 'GH_TOKEN' }],
    ssh: ['default', 'deploy=/keys/id_ed25519'],
    network: 'none',
  });
  expect(command.args).toEqual(expect.arrayContaining(['--secret', 'id=NPM_TOKEN,env=TANDEM_BUILD_SECRET_0', 'id=netrc,src=/home/runner/.netrc', 'id=gh,env=GH_TOKEN']));
  expect(command.env).toEqual({ TANDEM_BUILD_SECRET_0: 'npm-Secret-77' });
  expect([...command.args, ...command.shown].join(' ')).not.toContain('npm-Secret-77');
  expect(command.args.join(' ')).toContain('--ssh default --ssh deploy=/keys/id_ed25519 --network none');
});

test.each<[string, string | undefined, string[], boolean]>([
  ["GitHub's arm64 runner, no platforms", 'ARM64', [], true],
  ['an arm64 runner, as written in lower case', 'arm64', [], true],
  ['an arm64 runner that names its platform', 'ARM64', ['linux/arm64'], false],
  ['an arm64 runner building for x64', 'ARM64', ['linux/amd64'], false],
  ['an x64 runner', 'X64', [], false],
  ['outside a runner', undefined, [], false],
])('runnerPlatformNotice: %s', (_name, arch, platforms, noticed) => {
  const notice = runnerPlatformNotice(arch, platforms);
  expect(notice !== undefined).toBe(noticed);
  if (noticed) expect(notice).toContain('set platforms: linux/amd64');
});
