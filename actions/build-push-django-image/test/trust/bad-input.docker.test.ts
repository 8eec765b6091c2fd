import { CreateRepositoryCommand, DescribeRepositoriesCommand, ListImagesCommand } from '@aws-sdk/client-ecr';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from '@tandem/standins/docker';
import { inspectImage } from '@tandem/standins/engine';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import type { Moto } from '@tandem/standins/moto';
import { commit, deploy, ecrClient, useStage, type Stage } from './scenario.js';

// A catalogue of mistakes, each run through the bundle: each is refused with a message naming
// the input and the fix, no ECR call that changes anything is made (the proxy in front of moto
// sees every call), moto's repositories and the registry are as they were, and nothing is built.

let moto: Moto;
let registry: Registry;
let proxy: FaultProxy;
let stage: Stage;
let noDjango: string;
let monorepo: string;

const SHA = commit(9);

useStage((made) => ({ moto, registry, stage } = made), {
  reset: 'file',
  endpoint: async (moto) => (proxy = await startFaultProxy(moto.endpoint, { rate: 0, kinds: [] })).endpoint,
});
beforeAll(async () => {
  // An existing repository, so "unchanged" covers more than an empty account.
  await ecrClient(moto.endpoint).send(new CreateRepositoryCommand({ repositoryName: 'shop-existing', imageTagMutability: 'MUTABLE' }));
  // A project with a Dockerfile and no manage.py.
  noDjango = await mkdtemp(join(tmpdir(), 'no-django-'));
  await writeFile(join(noDjango, 'Dockerfile'), 'FROM scratch\n');
  // The back end in a folder of its own, with a Dockerfile of another name beside its manage.py.
  monorepo = await mkdtemp(join(tmpdir(), 'monorepo-'));
  await mkdir(join(monorepo, 'backend'));
  await writeFile(join(monorepo, 'backend', 'Dockerfile.prod'), 'FROM scratch\n');
  await writeFile(join(monorepo, 'backend', 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n');
  // A uv project: pyproject.toml and uv.lock, no requirements.txt.
  await writeFile(join(monorepo, 'backend', 'pyproject.toml'), '[project]\nname = "shop"\ndependencies = ["django"]\n');
  await writeFile(join(monorepo, 'backend', 'uv.lock'), 'version = 1\n');
  // A uv build as uv's own guide writes it: a cache mount, which only BuildKit builds.
  await writeFile(join(monorepo, 'backend', 'Dockerfile.uv'), 'FROM scratch\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked\nCOPY . /app\n');
}, 600_000);
afterAll(async () => {
  await proxy?.stop();
});

async function ecrState(): Promise<unknown> {
  const ecr = ecrClient(moto.endpoint);
  const repositories = (await ecr.send(new DescribeRepositoriesCommand({}))).repositories ?? [];
  return Promise.all(
    repositories.map(async (repository) => ({
      name: repository.repositoryName,
      mutability: repository.imageTagMutability,
      images: (await ecr.send(new ListImagesCommand({ repositoryName: repository.repositoryName }))).imageIds ?? [],
    })),
  );
}

async function registryCatalog(): Promise<unknown> {
  const auth = `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
  return (await fetch(`http://${registry.address}/v2/_catalog`, { headers: { authorization: auth } })).json();
}

interface Case {
  inputs: Record<string, string>;
  /** The error annotation, after the action's name. */
  message: string;
  workspace?: () => string;
  /** The ECR calls made before the refusal: none, unless finding the mistake needs a look. */
  reads?: string[];
}

const CATALOGUE: Record<string, Case> = {
  'repository with capitals and an underscore': { inputs: { repository: 'Shop_Backend' }, message: "Input 'repository': 'Shop_Backend' may hold only lowercase letters, digits and . _ - / between letters or digits (ECR repository name rules)" },
  'repository left empty': { inputs: { repository: '' }, message: "Input 'repository': is required: the ECR repository name, e.g. shop-backend" },
  'repository pasted as the ECR console shows its URI': { inputs: { repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-existing' }, message: "Input 'repository': '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-existing' is the repository's URI: give its name alone (shop-existing); the host goes under registry when it is not this account's ECR" },
  'repository with a tag': { inputs: { repository: 'shop-existing:latest' }, message: "Input 'repository': 'shop-existing:latest' holds a tag: give the repository's name alone (shop-existing), and the tag under tags" },
  'a repository that does not exist, with create-repository false': { inputs: { repository: 'shop-missing', 'create-repository': 'false' }, message: "Input 'repository': ECR repository 'shop-missing' does not exist: create it, or set create-repository: true", reads: ['GetAuthorizationToken', 'DescribeRepositories'] },
  'boolean typo': { inputs: { 'create-repository': 'ture' }, message: "Input 'create-repository': expected true or false, got 'ture'" },
  'boolean as a word': { inputs: { push: 'yes please' }, message: "Input 'push': expected true or false, got 'yes please'" },
  'tag mutability misspelt': { inputs: { 'tag-mutability': 'IMUTABLE' }, message: "Input 'tag-mutability': expected one of 'IMMUTABLE', 'MUTABLE', got 'IMUTABLE'" },
  'expiry written as a duration': { inputs: { 'untagged-expiry-days': '14d' }, message: "Input 'untagged-expiry-days': expected a whole number, got '14d'" },
  'expiry of zero days': { inputs: { 'untagged-expiry-days': '0' }, message: "Input 'untagged-expiry-days': must be at least 1, got 0" },
  'a tag with a colon, read as a reference to another repository': { inputs: { tags: 'v1.2:latest' }, message: "Input 'tags': 'v1.2:latest' names v1.2, but this step pushes to PUSHED_TO/shop-backend only: list only its tags (for metadata-action, images: PUSHED_TO/shop-backend)" },
  'a tag as a reference in another registry': { inputs: { tags: 'ghcr.io/acme/shop-backend:main' }, message: "Input 'tags': 'ghcr.io/acme/shop-backend:main' names ghcr.io/acme/shop-backend, but this step pushes to PUSHED_TO/shop-backend only: list only its tags (for metadata-action, images: PUSHED_TO/shop-backend)" },
  'a tag as a reference by digest': { inputs: { tags: `shop-backend@sha256:${'a'.repeat(64)}` }, message: `Input 'tags': 'shop-backend@sha256:${'a'.repeat(64)}': names a digest: a tag names an image by tag only` },
  'a label line without a value': { inputs: { labels: 'org.opencontainers.image.title' }, message: "Input 'labels': expected NAME=VALUE on each line, got 'org.opencontainers.image.title'" },
  'a secret id with a space': { inputs: { secrets: 'NPM TOKEN=npm-Secret-1' }, message: "Input 'secrets': 'NPM TOKEN' is not a secret id: use letters, digits, _ . -" },
  'a secret id given twice': { inputs: { secrets: 'NPM_TOKEN=npm-Secret-1', 'secret-envs': 'NPM_TOKEN=NPM_TOKEN' }, message: "Input 'secrets': secret id 'NPM_TOKEN' is given twice (secrets, secret-files and secret-envs share one set of ids)" },
  'an ssh key path with a space': { inputs: { ssh: 'deploy=/home/runner/my key' }, message: "Input 'ssh': 'deploy=/home/runner/my key' is not default or id=path[,path] (an SSH agent socket or key per path)" },
  'a network buildx does not have': { inputs: { network: 'bridge' }, message: "Input 'network': expected one of 'default', 'none', 'host', got 'bridge'" },
  'several platforms by build-push-action\'s name with the Django checks on': { inputs: { platforms: 'linux/amd64,linux/arm64' }, message: "Input 'platforms': linux/amd64, linux/arm64: an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false" },
  'two tags on one line, as docker build -t would not take them either': { inputs: { tags: 'latest v1.2' }, message: "Input 'tags': 'latest v1.2' holds 2 tags separated by spaces: give them one per line or separated by commas" },
  'a tag longer than ECR allows': { inputs: { tags: `release-${'x'.repeat(130)}` }, message: `Input 'tags': 'release-${'x'.repeat(130)}': a tag is 1-128 characters: letters, digits, _ . - and not starting with . or -` },
  'registry given as a URL with a path': { inputs: { registry: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend' }, message: "Input 'registry': 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend' is not a registry host such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com" },
  'platform with a dash': { inputs: { platform: 'linux-amd64' }, message: "Input 'platform': 'linux-amd64' is not a platform such as linux/amd64" },
  'several platforms with the Django checks on': { inputs: { platform: 'linux/amd64,linux/arm64' }, message: "Input 'platform': linux/amd64, linux/arm64: an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false" },
  'check-env name starting with a digit': { inputs: { 'check-env': '1FEATURE=on' }, message: "Input 'check-env': '1FEATURE' is not an environment variable name: use letters, digits and _, not starting with a digit" },
  'build-args line without a value': { inputs: { 'build-args': 'BASE_IMAGE' }, message: "Input 'build-args': expected NAME=VALUE on each line, got 'BASE_IMAGE'" },
  'fail level Django does not have here': { inputs: { 'check-fail-level': 'INFO' }, message: "Input 'check-fail-level': expected one of 'ERROR', 'WARNING', got 'INFO'" },
  'manage.py outside the image working directory': { inputs: { 'manage-py': '../manage.py' }, message: "Input 'manage-py': '../manage.py' must be a path relative to the image's working directory" },
  'registry cache without its image': { inputs: { cache: 'registry' }, message: "Input 'cache-ref': cache: registry needs cache-ref, an image in a repository with mutable tags (e.g. REGISTRY/shop-cache:main)" },
  'a registry cache image with buildx options pasted after it': { inputs: { cache: 'registry', 'cache-ref': 'r.example/shop-cache:main,mode=min,push=true' }, message: "Input 'cache-ref': 'r.example/shop-cache:main,mode=min,push=true' may not hold commas, = or white space: it goes into buildx options as ref=<value>" },
  'a registry cache image with capitals': { inputs: { cache: 'registry', 'cache-ref': 'r.example/Shop-Cache:main' }, message: "Input 'cache-ref': 'r.example/Shop-Cache:main' is not an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-cache:main (lowercase repository path)" },
  'a secret build arg that is not among the build args': { inputs: { 'secret-build-args': 'NPM_TOKN' }, message: "Input 'secret-build-args': 'NPM_TOKN' is not one of the build-args (BASE_IMAGE, INSTALL_REQUIREMENTS)" },
  'a buildx cache where only the classic builder is installed': { inputs: { cache: 'gha' }, message: "Input 'cache': the gha cache needs docker buildx, which is not installed here: set cache: none, or add docker/setup-buildx-action before this step (it sets up a docker-container builder)" },
  'a Dockerfile with a cache mount where only the classic builder is installed': {
    inputs: { context: 'backend', dockerfile: 'backend/Dockerfile.uv' },
    workspace: () => monorepo,
    message:
      "Input 'dockerfile': backend/Dockerfile.uv line 3 uses RUN --mount, which only BuildKit builds, and docker buildx is not installed here: docker build would build the steps before it and stop there. Add docker/setup-buildx-action before this step",
  },
  'a context folder that does not exist': { inputs: { context: 'backend' }, message: "Input 'context': 'backend' is not a folder (resolved to WORKSPACE/backend)" },
  'a Dockerfile that does not exist': { inputs: { dockerfile: 'Dockerfile.prod' }, message: "Input 'dockerfile': WORKSPACE/Dockerfile.prod does not exist: set dockerfile to its path, or dockerfile: generate for a production Dockerfile" },
  'a Dockerfile named from the context rather than the workspace': { inputs: { context: 'backend', dockerfile: 'Dockerfile.prod' }, workspace: () => monorepo, message: "Input 'dockerfile': WORKSPACE/Dockerfile.prod does not exist: the path is from the workspace, not from the context; give backend/Dockerfile.prod" },
  'dockerfile: generate for a uv project': {
    inputs: { context: 'backend', dockerfile: 'generate' },
    workspace: () => monorepo,
    message:
      "Input 'dockerfile': cannot generate a Dockerfile: no requirements.txt beside manage.py or at the root of the build context: this project pins its dependencies with uv (uv.lock); " +
      'write the requirements.txt the generated Dockerfile installs in a step before this one, in the context: uv export --frozen --no-dev --no-hashes -o requirements.txt. Or write a Dockerfile of your own',
  },
  'Django checks on a project without manage.py': { inputs: {}, workspace: () => noDjango, message: "Input 'django-checks': no manage.py in WORKSPACE: set manage-py to its path in the image, or django-checks: false" },
  'max-attempts of zero': { inputs: { 'max-attempts': '0' }, message: "Input 'max-attempts': must be at least 1, got 0" },
  'a region without its number': { inputs: { 'aws-region': 'eu-west' }, message: "Input 'aws-region': 'eu-west' is not an AWS region such as us-east-1" },
};

test.each(Object.entries(CATALOGUE))('%s', async (_name, bad) => {
  const [ecrBefore, registryBefore] = [await ecrState(), await registryCatalog()];
  proxy.calls.length = 0;
  const workspace = bad.workspace?.() ?? stage.workspace;
  const run = await deploy({ ...stage, workspace }, { sha: SHA, inputs: bad.inputs, timeoutMs: 60_000 });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([`build-push-django-image: ${bad.message.replaceAll('WORKSPACE', workspace).replaceAll('PUSHED_TO', stage.registry)}`]);
  expect(proxy.calls).toEqual(bad.reads ?? []);
  expect(proxy.writes()).toEqual([]);
  expect(await ecrState()).toEqual(ecrBefore);
  expect(await registryCatalog()).toEqual(registryBefore);
  // Nothing was built either.
  expect(await inspectImage(`${registry.address}/shop-backend:${SHA}`)).toBeUndefined();
}, 60_000);
