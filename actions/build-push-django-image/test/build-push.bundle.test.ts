import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import type { Registry } from '@tandem/standins/docker';
import { pushAttestedIndex } from '@tandem/standins/ecr-registry';
import { inspectImage, listContainers } from '@tandem/standins/engine';
import type { Moto } from '@tandem/standins/moto';
import { useImageStandIns } from '@tandem/standins/use-image-stand-ins';
import { exampleWorkspace } from './workspace.js';

// The bundle as the runner runs it: the ECR API is moto's (token, repository), the registry is a
// real one on loopback with htpasswd auth, builds and checks run on the real Docker Engine.

const ACTION = 'build-push-django-image';
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
let moto: Moto;
let registry: Registry;
let base: string;
useImageStandIns((made) => ({ moto, registry, base } = made), { holding: ['shop-backend', 'shop-generated', 'shop-immutable', 'shop-moving', 'shop-excepted'] });

function ecr(): ECRClient {
  return new ECRClient({ endpoint: moto.endpoint, region: 'us-east-1' });
}

function deploy(workspace: string, inputs: Record<string, string> = {}, sha = SHA): Promise<BundleRun> {
  return runBundle(ACTION, {
    workspace,
    sha,
    inputs: {
      repository: 'shop-backend',
      registry: registry.address,
      'build-args': `BASE_IMAGE=${base}\nINSTALL_REQUIREMENTS=false`,
      ...inputs,
    },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
    timeoutMs: 300_000,
  });
}

test('first run builds, checks and pushes; a rerun for the same commit reuses the image', async () => {
  const workspace = await exampleWorkspace();
  const first = await deploy(workspace);
  expect(first.errors).toEqual([]);
  expect(first.code).toBe(0);
  const digest = await registry.digestOf('shop-backend', SHA);
  expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  expect(first.outputs).toEqual({ image: `${registry.address}/shop-backend@${digest}`, digest, tags: JSON.stringify([SHA]), built: 'true', 'docker-config': expect.stringContaining('docker-config-'), 'promoted-from': '' });
  // The Django checks ran in the image, and the job summary says so.
  expect(first.stdout).toContain('System check identified no issues');
  expect(first.stdout).toContain('No changes detected');
  expect(first.stdout).toMatch(/static files? copied|unmodified/);
  expect(first.summary).toContain('built and pushed');
  expect(first.summary).toContain('check --deploy');
  expect(first.summary).toContain(digest);
  // The registry password was masked before anything could print it.
  expect(first.masked).toContain('123456789012-auth-token');
  expect(first.stdout.replace(/::add-mask::.*/g, '')).not.toContain('123456789012-auth-token');

  // The repository was created with scan on push, immutable tags and an untagged-only lifecycle policy.
  const repository = (await ecr().send(new DescribeRepositoriesCommand({ repositoryNames: ['shop-backend'] }))).repositories?.[0];
  expect(repository?.imageScanningConfiguration?.scanOnPush).toBe(true);
  expect(repository?.imageTagMutability).toBe('IMMUTABLE');
  const policy = JSON.parse((await ecr().send(new GetLifecyclePolicyCommand({ repositoryName: 'shop-backend' }))).lifecyclePolicyText ?? '{}');
  expect(policy.rules.map((rule: { selection: { tagStatus: string } }) => rule.selection.tagStatus)).toEqual(['untagged']);

  // The login went to the job's own Docker config, which the post step removes.
  const configDir = first.state.dockerConfig;
  expect(configDir).toBeTruthy();
  expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).auths).toHaveProperty([registry.address]);

  const second = await deploy(workspace);
  expect(second.code).toBe(0);
  expect(second.outputs).toEqual({ ...first.outputs, built: 'false', 'docker-config': expect.stringContaining('docker-config-') });
  expect(second.stdout).not.toContain('docker build');
  expect(second.summary).toContain('reused');

  const post = await runBundle(ACTION, { postOf: first });
  expect(post.code).toBe(0);
  expect(existsSync(configDir)).toBe(false);
}, 300_000);

/** Runs a broken copy of the example project: the step fails and the repository gets no image for the commit. */
async function refused(workspace: string, repository: string) {
  const run = await deploy(workspace, { repository });
  expect(run.code).toBe(1);
  expect(await registry.digestOf(repository, SHA)).toBeUndefined();
  return { ...run, errorText: run.errors.join('\n') };
}

test('a model change without its migration fails with Django\'s own output and pushes nothing', async () => {
  const workspace = await exampleWorkspace();
  // A model added without running makemigrations: the image must not ship.
  await appendFile(join(workspace, 'catalog/models.py'), '\n\nclass Coupon(models.Model):\n    code = models.CharField(max_length=20)\n');
  const run = await refused(workspace, 'shop-unmigrated');
  expect(run.errorText).toContain('makemigrations --check');
  expect(run.errorText).toContain('Nothing was pushed');
  // Django's own words, naming the model that lacks a migration.
  expect(run.stdout).toMatch(/Migrations for 'catalog'/);
  expect(run.stdout).toContain('Coupon');
  expect(run.summary).toContain('Django checks failed: nothing was pushed');
}, 300_000);

test('settings that do not load stop all three checks at one error, shown once, without fail-level advice', async () => {
  const workspace = await exampleWorkspace();
  // A development tool the settings import, which the image does not install; the Dockerfile's own
  // collectstatic (run with its throwaway SQLite file) skips it, so the image builds.
  await appendFile(join(workspace, 'shop/settings.py'), "\nif 'collectstatic.sqlite3' not in os.environ.get('DATABASE_URL', ''):\n    import debug_toolbar  # noqa\n");
  const run = await refused(workspace, 'shop-unloadable');
  expect(run.errorText).toContain('Django checks failed in the built image: check --deploy, makemigrations --check, collectstatic. Nothing was pushed.');
  expect(run.errorText).toContain('--- check --deploy, makemigrations --check, collectstatic: each ended with the same error ---');
  expect(run.errorText.match(/ModuleNotFoundError: No module named 'debug_toolbar'/g)).toHaveLength(1);
  expect(run.errorText).toContain('It stopped before any check ran, as the settings did not load (the error above)');
  expect(run.errorText).not.toContain('check-fail-level');
}, 300_000);

/** Containers, running or stopped, whose command prints the broken Dockerfile's message. */
async function brokenStepContainers(): Promise<string[]> {
  const listed = await listContainers();
  return listed.filter((container) => container.Command.includes('requirements are broken')).map((container) => container.Id);
}

test('a Dockerfile that does not build fails clearly, pushes nothing and leaves no container of the failed step', async () => {
  const before = await brokenStepContainers();
  const run = await refused(await exampleWorkspace('django-bad-dockerfile'), 'shop-broken');
  expect(run.errorText).toContain('the image did not build');
  expect(run.errorText).toContain('requirements are broken');
  expect(run.stdout).toContain('--force-rm');
  expect(await brokenStepContainers()).toEqual(before);
}, 300_000);

test('dockerfile: generate builds a production image from the template', async () => {
  const workspace = await exampleWorkspace();
  const run = await deploy(workspace, { repository: 'shop-generated', dockerfile: 'generate' });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.built).toBe('true');
  const local = `${registry.address}/shop-generated:${SHA}`;
  const config = (await inspectImage(local))?.Config;
  expect(config?.User).toBe('app');
  expect(config?.Healthcheck?.Test.join(' ')).toContain('/healthz');
  expect(config?.Cmd?.join(' ')).toContain('--keep-alive 75');
  expect(config?.Cmd?.join(' ')).toContain('shop.wsgi:application');
}, 300_000);

test('a generated Dockerfile for static files kept in S3 fails at its collectstatic, saying how to take the template over', async () => {
  const workspace = await exampleWorkspace();
  // The storage of test/fixtures/storage: every call goes to S3, as django-storages' S3Storage.
  await copyFile(join(import.meta.dirname, '../../../test/fixtures/storage/no-uploads/library/s3_static.py'), join(workspace, 'shop/s3_static.py'));
  await appendFile(join(workspace, 'shop/settings.py'), '\nSTORAGES = {**STORAGES, "staticfiles": {"BACKEND": "shop.s3_static.S3StaticStorage"}}\n');
  const run = await deploy(workspace, { repository: 'shop-generated', dockerfile: 'generate' }, 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
  expect(run.code).toBe(1);
  const error = run.errors.join('\n');
  expect(error).toContain('the image did not build');
  expect(error).toContain(
    'collectstatic ran in the build, but your static files storage keeps them in the cloud: it stopped at its first call (botocore.exceptions.NoCredentialsError: Unable to locate credentials), as a build has no AWS credentials. ' +
      'The generated Dockerfile collects the static files into the image; take it over without its collectstatic step',
  );
  expect(error).toContain('migrate-command: sh -c "python manage.py migrate --noinput && python manage.py collectstatic --noinput"');
  expect(await registry.digestOf('shop-generated', 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678')).toBeUndefined();
}, 300_000);

test('a bad repository name fails before any AWS call', async () => {
  const run = await deploy(await exampleWorkspace(), { repository: 'Shop_Backend' });
  expect(run.code).toBe(1);
  expect(run.errors.join('\n')).toContain("Input 'repository'");
  await expect(ecr().send(new DescribeRepositoriesCommand({}))).resolves.toMatchObject({ repositories: [] });
});

test('an immutable tag that holds the same image is success; one holding another image fails and says so', async () => {
  const workspace = await exampleWorkspace();
  // The tags are what this test is about: the Django checks, tested above and in
  // check-deploy.docker.test.ts, are left out of its three builds.
  const inputs = { repository: 'shop-immutable', 'skip-if-exists': 'false', 'django-checks': 'false' };
  const first = await deploy(workspace, inputs);
  expect(first.code).toBe(0);
  const digest = await registry.digestOf('shop-immutable', SHA);

  const same = await deploy(workspace, inputs);
  expect(same.errors).toEqual([]);
  expect(same.outputs).toMatchObject({ built: 'true', digest });
  expect(same.stdout).toContain('already holds this image');

  // The tag as a build with attestations leaves it: an index over this image and its provenance.
  const attested = await pushAttestedIndex(registry, 'shop-immutable', SHA, digest ?? '', { os: 'linux', architecture: 'amd64' });
  const again = await deploy(workspace, inputs);
  expect(again.errors).toEqual([]);
  expect(again.outputs).toMatchObject({ built: 'true', digest: attested });
  expect(again.stdout).toContain(`already holds this image (${attested})`);

  await writeFile(join(workspace, 'catalog', 'views.py'), '\n# a different build for the same tag\n', { flag: 'a' });
  const clash = await deploy(workspace, inputs);
  expect(clash.code).toBe(1);
  expect(clash.errors.join('\n')).toContain(`tag '${SHA}' in shop-immutable is immutable and already holds another image (${attested})`);
  expect(await registry.digestOf('shop-immutable', SHA)).toBe(attested);
}, 300_000);

test('a repository immutable but for latest: a clash on the commit\'s tag fails before latest moves', async () => {
  // ECR refuses to move the commit's tag and lets latest move; the local registry refuses neither,
  // so what stays where it was is the action's own doing.
  await ecr().send(new CreateRepositoryCommand({
    repositoryName: 'shop-excepted',
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
  }));
  const workspace = await exampleWorkspace();
  // The tags without the Django checks, as above.
  const inputs = { repository: 'shop-excepted', tags: `${SHA}\nlatest`, 'skip-if-exists': 'false', 'django-checks': 'false' };
  const first = await deploy(workspace, inputs);
  expect(first.errors).toEqual([]);
  const digest = await registry.digestOf('shop-excepted', SHA);
  expect(await registry.digestOf('shop-excepted', 'latest')).toBe(digest);

  await writeFile(join(workspace, 'catalog', 'views.py'), '\n# a different build for the same commit\n', { flag: 'a' });
  const clash = await deploy(workspace, inputs);
  expect(clash.code).toBe(1);
  expect(clash.errors.join('\n')).toContain(`tag '${SHA}' in shop-excepted is immutable (IMMUTABLE_WITH_EXCLUSION: every tag but latest is immutable) and already holds another image (${digest})`);
  expect(await registry.digestOf('shop-excepted', SHA)).toBe(digest);
  expect(await registry.digestOf('shop-excepted', 'latest')).toBe(digest);
}, 300_000);

test('skip-if-exists with a moving first tag (latest) builds the new commit instead of reusing an old image', async () => {
  const workspace = await exampleWorkspace();
  // As above, the tags without the Django checks.
  const inputs = { repository: 'shop-moving', 'tag-mutability': 'MUTABLE', tags: 'latest', 'django-checks': 'false' };
  const first = await deploy(workspace, inputs);
  expect(first.code).toBe(0);
  const old = await registry.digestOf('shop-moving', 'latest');

  await writeFile(join(workspace, 'catalog', 'views.py'), '\n# the next commit\n', { flag: 'a' });
  const next = await deploy(workspace, inputs, 'b2c3d4e5f60718293a4b5c6d7e8f9012345678a1');
  expect(next.errors).toEqual([]);
  expect(next.outputs.built).toBe('true');
  expect(next.stdout).toContain('skip-if-exists: latest does not name commit b2c3d4e5f60718293a4b5c6d7e8f9012345678a1');
  const moved = await registry.digestOf('shop-moving', 'latest');
  expect(moved).not.toBe(old);
  expect(next.outputs.digest).toBe(moved);

  // A first tag that holds the commit's short SHA is reused, as the commit SHA itself is.
  const short = { ...inputs, tags: 'sha-b2c3d4e, latest' };
  const tagged = await deploy(workspace, short, 'b2c3d4e5f60718293a4b5c6d7e8f9012345678a1');
  expect(tagged.outputs.built).toBe('true');
  const rerun = await deploy(workspace, short, 'b2c3d4e5f60718293a4b5c6d7e8f9012345678a1');
  expect(rerun.outputs).toMatchObject({ built: 'false', digest: tagged.outputs.digest });
}, 300_000);
