import { InputReader, tableInputs } from '@tandem/kit';
import { readInputs } from '../src/inputs.js';

const read = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ 'aws-region': 'eu-west-1', ...values })));

test('defaults', () => {
  const inputs = read({ repository: 'shop-backend' });
  expect(inputs).toMatchObject({
    repository: 'shop-backend',
    context: '.',
    dockerfile: '',
    tags: [],
    createRepository: true,
    tagMutability: 'IMMUTABLE',
    untaggedExpiryDays: 14,
    skipIfExists: true,
    djangoChecks: true,
    checkFailLevel: 'WARNING',
    push: true,
    cache: 'auto',
    provenance: 'false',
    registry: undefined,
  });
});

// Each input as it is written in a workflow, and what the step makes of it.
test.each<[string, Record<string, string>, object]>([
  [
    'registry, tags, build args and check settings',
    { registry: '127.0.0.1:5000', tags: 'v1, latest', 'build-args': 'A=1\nB=x=y', 'check-env': 'FEATURE=on' },
    { registry: { host: '127.0.0.1:5000', apiBase: 'http://127.0.0.1:5000' }, tags: ['v1', 'latest'], buildArgs: [['A', '1'], ['B', 'x=y']], checkEnv: [['FEATURE', 'on']] },
  ],
  [
    "labels, BuildKit secrets and ssh, network, platforms by build-push-action's names",
    {
      labels: 'org.opencontainers.image.title=shop\norg.opencontainers.image.version=main',
      secrets: 'NPM_TOKEN=npm-Secret-1\nPIP_CONF=[global]=x',
      'secret-files': 'netrc=/home/runner/.netrc',
      'secret-envs': 'gh=GH_TOKEN',
      ssh: 'default\ndeploy=/keys/id_ed25519,/keys/id_rsa',
      network: 'none',
      platforms: 'linux/arm64',
    },
    {
      labels: [['org.opencontainers.image.title', 'shop'], ['org.opencontainers.image.version', 'main']],
      secrets: [
        { id: 'NPM_TOKEN', from: 'value', source: 'npm-Secret-1' },
        { id: 'PIP_CONF', from: 'value', source: '[global]=x' },
        { id: 'netrc', from: 'file', source: '/home/runner/.netrc' },
        { id: 'gh', from: 'env', source: 'GH_TOKEN' },
      ],
      ssh: ['default', 'deploy=/keys/id_ed25519,/keys/id_rsa'],
      network: 'none',
      platforms: ['linux/arm64'],
    },
  ],
  ['none of those given', {}, { labels: [], secrets: [], ssh: [], network: '', buildArgs: [], checkEnv: [] }],
])('%s', (_name, values, expected) => {
  expect(read({ repository: 'shop', ...values })).toMatchObject(expected);
});

test('tags as docker/metadata-action writes them: full references to this repository, newline or comma separated', () => {
  const ecr = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const inputs = read({ repository: 'shop', tags: `${ecr}/shop:sha-1a2b3c4\nshop:latest, main` });
  expect(inputs.tags).toEqual(['sha-1a2b3c4', 'latest', 'main']);
  // The registry of a full reference is compared with the one pushed to once the ECR login names it.
  expect(inputs.tagReferences).toEqual([{ text: `${ecr}/shop:sha-1a2b3c4`, tag: 'sha-1a2b3c4', registry: ecr, repository: 'shop' }]);
});

test('secret values are registered with the runner\'s mask as they are read', () => {
  const lines = printed(() => read({ repository: 'shop', secrets: 'NPM_TOKEN=npm-Secret-1\nPIP=pip-Secret-2' }));
  expect(lines).toEqual(['::add-mask::npm-Secret-1', '::add-mask::pip-Secret-2']);
});

test('several platforms with the checks off go straight to the registry', () => {
  expect(read({ repository: 'shop', platform: 'linux/amd64,linux/arm64', 'django-checks': 'false' }).platforms).toEqual(['linux/amd64', 'linux/arm64']);
});

test.each<[Record<string, string>, string]>([
  [{}, "Input 'repository': is required"],
  [{ repository: 'Shop' }, "Input 'repository'"],
  [{ repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend' }, "Input 'repository': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend' is the repository's URI: give its name alone (shop-backend)"],
  [{ repository: 'shop-backend:latest' }, "Input 'repository': 'shop-backend:latest' holds a tag: give the repository's name alone (shop-backend), and the tag under tags"],
  [{ repository: 'shop', tags: 'ok, -bad' }, "Input 'tags': '-bad'"],
  [{ repository: 'shop', registry: 'https://host/path' }, "Input 'registry'"],
  [{ repository: 'shop', platform: 'amd64' }, "Input 'platform'"],
  [{ repository: 'shop', tags: 'latest v1.2' }, "Input 'tags': 'latest v1.2' holds 2 tags separated by spaces: give them one per line or separated by commas"],
  [{ repository: 'shop', platforms: 'linux/amd64 linux/arm64' }, "Input 'platforms': 'linux/amd64 linux/arm64' holds 2 platforms separated by spaces: give them one per line or separated by commas"],
  [{ repository: 'shop', 'secret-envs': 'npm=NPM_TOKEN pip=PIP_TOKEN' }, "Input 'secret-envs': 'npm=NPM_TOKEN pip=PIP_TOKEN' holds 2 id=VARIABLE pairs separated by spaces: give them one per line"],
  [{ repository: 'shop', 'secret-files': 'npmrc=.npmrc pip=pip.conf' }, "Input 'secret-files': 'npmrc=.npmrc pip=pip.conf' holds 2 id=path pairs separated by spaces: give them one per line"],
  [{ repository: 'shop', 'skip-if-exists': 'yes' }, "Input 'skip-if-exists': expected true or false"],
  [{ repository: 'shop', 'check-fail-level': 'INFO' }, "Input 'check-fail-level'"],
  [{ repository: 'shop', 'check-env': '1BAD=x' }, "Input 'check-env'"],
  [{ repository: 'shop', 'manage-py': '../manage.py' }, "Input 'manage-py'"],
  [{ repository: 'shop', cache: 'registry' }, "Input 'cache-ref'"],
  [{ repository: 'shop', cache: 'registry', 'cache-ref': 'r.example/shop-cache:main,mode=min' }, "Input 'cache-ref': 'r.example/shop-cache:main,mode=min' may not hold commas, = or white space"],
  [{ repository: 'shop', cache: 'registry', 'cache-ref': 'r.example/Shop:main' }, "Input 'cache-ref': 'r.example/Shop:main' is not an image reference"],
  [{ repository: 'shop', 'build-args': 'A=1', 'secret-build-args': 'TOKEN' }, "Input 'secret-build-args': 'TOKEN' is not one of the build-args (A)"],
  [{ repository: 'shop', 'tag-mutability': 'immutable' }, "Input 'tag-mutability'"],
  [{ repository: 'shop', 'untagged-expiry-days': '0' }, "Input 'untagged-expiry-days'"],
  [{ repository: 'shop', platform: 'linux/amd64,linux/arm64' }, "Input 'platform': linux/amd64, linux/arm64: an image for several platforms cannot be loaded into the local engine for the Django checks"],
  [{ repository: 'shop', platform: 'linux/amd64,linux/arm64', 'django-checks': 'false', push: 'false' }, "Input 'platform': linux/amd64, linux/arm64: an image for several platforms can only go straight to the registry"],
  [{ repository: 'shop', tags: 'ghcr.io/acme/shop:main' }, "Input 'tags': 'ghcr.io/acme/shop:main' names ghcr.io/acme/shop, but this step pushes to shop only"],
  [{ repository: 'shop', registry: '127.0.0.1:5000', tags: '127.0.0.1:5001/shop:main' }, "Input 'tags': '127.0.0.1:5001/shop:main' names 127.0.0.1:5001/shop, but this step pushes to 127.0.0.1:5000/shop only"],
  [{ repository: 'shop', tags: 'other:latest' }, "Input 'tags': 'other:latest' names other"],
  [{ repository: 'shop', tags: `r.example/shop@sha256:${'a'.repeat(64)}` }, "Input 'tags': 'r.example/shop@sha256:aaaa"],
  [{ repository: 'shop', platforms: 'linux/amd64,linux/arm64' }, "Input 'platforms': linux/amd64, linux/arm64: an image for several platforms cannot be loaded"],
  [{ repository: 'shop', platforms: 'x86' }, "Input 'platforms': 'x86' is not a platform"],
  [{ repository: 'shop', labels: 'no-value-here' }, "Input 'labels': expected NAME=VALUE"],
  [{ repository: 'shop', secrets: 'NPM TOKEN=abc' }, "Input 'secrets': 'NPM TOKEN' is not a secret id"],
  [{ repository: 'shop', secrets: 'NPM_TOKEN=' }, "Input 'secrets': 'NPM_TOKEN' has no value"],
  [{ repository: 'shop', 'secret-files': 'netrc=/home/runner/my netrc' }, "Input 'secret-files': 'netrc': the path may not hold commas, quotes or spaces"],
  [{ repository: 'shop', 'secret-envs': 'gh=GH-TOKEN' }, "Input 'secret-envs': 'GH-TOKEN' is not an environment variable name"],
  [{ repository: 'shop', 'secret-envs': 'gh=$GH_TOKEN' }, "Input 'secret-envs': '$GH_TOKEN' would be the variable's value: give its name alone (GH_TOKEN)"],
  [{ repository: 'shop', 'check-env': '${FEATURE}=on' }, "Input 'check-env': '${FEATURE}' would be the variable's value: give its name alone (FEATURE)"],
  [{ repository: 'shop', secrets: 'NPM_TOKEN=a', 'secret-envs': 'NPM_TOKEN=NPM_TOKEN' }, "Input 'secrets': secret id 'NPM_TOKEN' is given twice"],
  [{ repository: 'shop', ssh: 'deploy=/keys/a key' }, "Input 'ssh': 'deploy=/keys/a key' is not default or id=path"],
  [{ repository: 'shop', network: 'bridge' }, "Input 'network'"],
])('refuses %p', (values, message) => {
  expect(() => read(values)).toThrow(message);
});

/** What the step printed to stdout while reading its inputs (the runner's ::add-mask:: commands). */
function printed(work: () => void): string[] {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    work();
  } finally {
    process.stdout.write = write;
  }
  return written.join('').split('\n').filter(Boolean);
}

test('a secret whose value holds spaces and = is one secret, never read as pairs on one line (the refusal would show the value)', () => {
  let inputs: ReturnType<typeof read> | undefined;
  const lines = printed(() => {
    inputs = read({ repository: 'shop', secrets: 'npm=tok en pip=hunter2' });
  });
  expect(inputs?.secrets).toEqual([{ id: 'npm', from: 'value', source: 'tok en pip=hunter2' }]);
  expect(lines).toContain('::add-mask::tok en pip=hunter2');
});

test('check-database-url: the password with an unencoded @ is masked whole, not cut at the first @', () => {
  const lines = printed(() => read({ repository: 'shop', 'check-database-url': 'postgres://app:p@ssw0rd@127.0.0.1:5432/shop' }));
  expect(lines).toContain('::add-mask::p@ssw0rd');
  expect(lines).not.toContain('::add-mask::p');
});

test('build args marked secret or named like one are registered with the runner before the build; the others are not', () => {
  let inputs: ReturnType<typeof read> | undefined;
  const lines = printed(() => {
    inputs = read({
      repository: 'shop',
      'build-args': 'BASE_IMAGE=tandem/django-base:sid\nPIP_EXTRA=internal-index-key-42\nNPM_TOKEN=npm_abc123\nINDEX=https://ci:hunter22@pypi.internal/simple',
      'secret-build-args': 'PIP_EXTRA',
    });
  });
  expect(inputs?.secretBuildArgs).toEqual(['PIP_EXTRA', 'NPM_TOKEN']);
  expect(lines).toEqual(['::add-mask::internal-index-key-42', '::add-mask::npm_abc123', '::add-mask::hunter22']);
});

describe('promote-from', () => {
  const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const source = `${ECR}/shop-backend:1a2b3c4`;

  test('reads the source image, its region and the source service', () => {
    const inputs = read({ repository: 'shop-backend', 'promote-from': source, 'promote-from-service': 'staging/shop-web' });
    expect(inputs.promotion).toMatchObject({ source: { repository: 'shop-backend', tag: '1a2b3c4', region: 'us-east-1', registryId: '123456789012' }, service: { cluster: 'staging', service: 'shop-web' } });
    expect(read({ repository: 'shop-backend', 'promote-from': '127.0.0.1:5000/shop-backend:v1' }).promotion?.source.region).toBe('eu-west-1');
    expect(read({ repository: 'shop-backend', 'promote-from': '127.0.0.1:5000/shop-backend:v1', 'promote-from-region': 'us-west-2' }).promotion?.source.region).toBe('us-west-2');
    expect(read({ repository: 'shop-backend' }).promotion).toBeUndefined();
  });

  test.each([
    [{ 'promote-from': 'shop-backend:1a2b3c4' }, 'promote-from', /names no registry host/],
    [{ 'promote-from': `${ECR}/shop-backend` }, 'promote-from', /neither a tag nor a digest/],
    [{ 'promote-from': source, 'promote-from-region': 'europe' }, 'promote-from-region', /not an AWS region/],
    [{ 'promote-from': source, 'promote-from-region': 'us-west-2b' }, 'promote-from-region', /'us-west-2b' is an availability zone: give its region, us-west-2$/],
    [{ 'promote-from-region': 'us-east-1' }, 'promote-from-region', /without promote-from/],
    [{ 'promote-from-service': 'staging/shop-web' }, 'promote-from-service', /without promote-from/],
    [{ 'promote-from': source, 'promote-from-service': 'shop-web' }, 'promote-from-service', /not cluster\/service/],
    [{ 'promote-from': `${ECR}/shop-backend@sha256:${'a'.repeat(64)}`, 'promote-from-service': 'staging/shop-web' }, 'promote-from', /names no tag/],
    [{ 'promote-from': source, context: 'backend' }, 'context', /: context is for building an image/],
    [{ 'promote-from': source, 'build-args': 'A=1', secrets: 'NPM=x', platforms: 'linux/amd64' }, 'build-args', /: build-args, secrets, platforms are for building an image.*remove them/],
    [{ 'promote-from': source, dockerfile: 'generate' }, 'dockerfile', /nothing is built/],
    [{ 'promote-from': source, push: 'false' }, 'push', /: push is for building/],
  ])('%j is refused, naming %s', (values, input, message) => {
    let thrown: unknown;
    try {
      read({ repository: 'shop-backend', ...values });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'ConfigurationError', input });
    expect((thrown as Error).message).toMatch(message);
  });
});
