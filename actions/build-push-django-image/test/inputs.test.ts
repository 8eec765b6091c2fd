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

test('registry, tags, build args and check settings', () => {
  const inputs = read({
    repository: 'shop',
    registry: '127.0.0.1:5000',
    tags: 'v1, latest',
    'build-args': 'A=1\nB=x=y',
    'check-env': 'FEATURE=on',
  });
  expect(inputs.registry).toEqual({ host: '127.0.0.1:5000', apiBase: 'http://127.0.0.1:5000' });
  expect(inputs.tags).toEqual(['v1', 'latest']);
  expect(inputs.buildArgs).toEqual([['A', '1'], ['B', 'x=y']]);
  expect(inputs.checkEnv).toEqual([['FEATURE', 'on']]);
});

test('several platforms with the checks off go straight to the registry', () => {
  expect(read({ repository: 'shop', platform: 'linux/amd64,linux/arm64', 'django-checks': 'false' }).platforms).toEqual(['linux/amd64', 'linux/arm64']);
});

test.each<[Record<string, string>, string]>([
  [{}, "Input 'repository': is required"],
  [{ repository: 'Shop' }, "Input 'repository'"],
  [{ repository: 'shop', tags: 'ok, -bad' }, "Input 'tags': '-bad'"],
  [{ repository: 'shop', registry: 'https://host/path' }, "Input 'registry'"],
  [{ repository: 'shop', platform: 'amd64' }, "Input 'platform'"],
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
