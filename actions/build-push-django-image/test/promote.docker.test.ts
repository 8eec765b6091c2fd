import { BatchDeleteImageCommand, CreateRepositoryCommand, DescribeImagesCommand, ECRClient, PutLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand, TagResourceCommand } from '@aws-sdk/client-ecs';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userConfigWithBuildx } from '@tandem/standins/buildx';
import type { Registry } from '@tandem/standins/docker';
import { removeImage } from '@tandem/standins/engine';
import { deleteFromRegistry, dockerRecorder, pushMultiPlatformIndex, recordInEcr, type DockerRecorder } from '@tandem/standins/ecr-registry';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import type { Moto } from '@tandem/standins/moto';
import { useImageStandIns } from '@tandem/standins/use-image-stand-ins';
import { ACTION } from './trust/scenario.js';
import { exampleWorkspace } from './workspace.js';

// Staging and production: two local registries stand in for the two environments' ECR
// registries, moto's ECR in us-east-1 (staging) and eu-west-1 (production) for ECR's API. One
// image is built into staging, then promoted: the docker commands the step spawns are recorded.

const SHA = 'feed0015feed0015feed0015feed0015feed0015';
const STAGING = 'us-east-1';
const PRODUCTION = 'eu-west-1';
let moto: Moto;
let staging: Registry;
let production: Registry;
let base: string;
let recorder: DockerRecorder;
let workspace: string;

const client = <C>(Client: new (config: object) => C, region: string): C =>
  new Client({ region, endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

// Both registries hold the base image's layer from the start (see registry-seed.ts): the copy moves the release's own layers.
useImageStandIns((made) => ({ moto, base, registries: [staging, production] } = made), { registries: 2, reset: 'file', holding: ['shop-backend'] });
beforeAll(async () => {
  [recorder, workspace] = await Promise.all([dockerRecorder(), exampleWorkspace()]);
}, 600_000);

function step(inputs: Record<string, string>, region: string, env: Record<string, string> = {}): Promise<BundleRun> {
  return runBundle(ACTION, {
    workspace,
    sha: SHA,
    inputs: { repository: 'shop-backend', 'aws-region': region, ...inputs },
    env: { AWS_ENDPOINT_URL: moto.endpoint, PATH: `${recorder.dir}:${process.env.PATH ?? ''}`, ...env },
    timeoutMs: 300_000,
  });
}

const promote = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  step({ registry: production.address, 'promote-from': `${staging.address}/shop-backend:${SHA}`, 'promote-from-region': STAGING, ...inputs }, PRODUCTION, env);

/** What production's ECR API and registry hold for a repository: nothing changes on a refusal. */
async function productionState(repository: string): Promise<string> {
  const listed = await client(ECRClient, PRODUCTION)
    .send(new DescribeImagesCommand({ repositoryName: repository }))
    .then((answer) => JSON.stringify(answer.imageDetails ?? []), (error: Error) => error.name);
  return `${listed} ${await production.digestOf(repository, SHA)}`;
}

const verbs = (commands: string[][]) => commands.map((args) => (args[0] === 'buildx' ? `buildx ${args[1]}` : args[0]));

test('built once into staging, promoted to production: no build, the same digest under the release SHA; a rerun copies nothing', async () => {
  const built = await step({ registry: staging.address, 'build-args': `BASE_IMAGE=${base}\nINSTALL_REQUIREMENTS=false`, network: 'none', 'django-checks': 'false' }, STAGING);
  expect(built.errors).toEqual([]);
  expect(built.outputs.built).toBe('true');
  const stagingDigest = await recordInEcr(client(ECRClient, STAGING), staging, 'shop-backend', SHA);
  expect(built.outputs.digest).toBe(stagingDigest);
  // A runner of its own: the image is not in the engine, as on a fresh production job.
  await removeImage(`${staging.address}/shop-backend:${SHA}`, { force: true });

  await recorder.clear();
  const run = await promote();
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const commands = await recorder.commands();
  expect(verbs(commands).filter((verb) => verb === 'build' || verb === 'buildx build')).toEqual([]);
  expect(verbs(commands)).toEqual(['login', 'login', 'pull', 'tag', 'push']);
  expect(commands[2]).toEqual(['pull', `${staging.address}/shop-backend@${stagingDigest}`]);
  expect(await production.digestOf('shop-backend', SHA)).toBe(stagingDigest);
  expect(run.outputs).toMatchObject({
    image: `${production.address}/shop-backend@${stagingDigest}`,
    digest: stagingDigest,
    built: 'false',
    tags: JSON.stringify([SHA]),
    'promoted-from': `${staging.address}/shop-backend@${stagingDigest}`,
  });
  expect(run.summary).toContain(`<td>promoted from</td><td>\`${staging.address}/shop-backend@${stagingDigest}\` (same digest, nothing built)</td>`);
  expect(run.summary).toContain('promoted: copied by digest from the source environment');
  // The job's own Docker config holds both environments' logins, and nothing else does.
  const auths = Object.keys((JSON.parse(await readFile(join(run.outputs['docker-config'], 'config.json'), 'utf8')) as { auths: object }).auths);
  expect(auths.sort()).toEqual([production.address, staging.address].sort());

  await recorder.clear();
  const again = await promote();
  expect(again.code).toBe(0);
  expect(verbs(await recorder.commands())).toEqual(['login', 'login']);
  expect(again.stdout).toContain(`shop-backend already holds ${stagingDigest} under ${SHA}: nothing to copy`);
  expect(again.outputs.digest).toBe(stagingDigest);
  expect(again.summary).toContain('promoted earlier');
}, 600_000);

// Follows the first test: staging holds shop-backend:SHA, production holds it too.
test('refused before any write: the source image expired by the lifecycle policy; the release never served in promote-from-service', async () => {
  // A second release in staging (the base image: its layers are there already), expired as the
  // policy's count rule would: gone from the API and the registry.
  const image = `${staging.address}/shop-expired:${SHA}`;
  const config = await mkdtemp(join(tmpdir(), 'test-docker-config-'));
  const asTest = (args: string[], input?: string) => spawnSync('docker', args, { env: { ...process.env, DOCKER_CONFIG: config }, input, encoding: 'utf8' }).status;
  expect(asTest(['login', '--username', staging.user, '--password-stdin', staging.address], staging.password)).toBe(0);
  expect(asTest(['tag', base, image])).toBe(0);
  expect(asTest(['push', image])).toBe(0);
  const ecr = client(ECRClient, STAGING);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop-expired' }));
  const digest = await recordInEcr(ecr, staging, 'shop-expired', SHA);
  const rules = [
    { rulePriority: 1, description: 'Expire untagged images after 14 days', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } },
    { rulePriority: 2, description: 'Keep the last 20 releases', selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } },
  ];
  await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'shop-expired', lifecyclePolicyText: JSON.stringify({ rules }) }));
  await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'shop-expired', imageIds: [{ imageDigest: digest }] }));
  await deleteFromRegistry(staging, 'shop-expired', digest);

  const before = await productionState('shop-expired');
  await recorder.clear();
  const expired = await promote({ repository: 'shop-expired', 'promote-from': image });
  expect(expired.code).toBe(1);
  expect(expired.errors).toEqual([
    `build-push-django-image: Input 'promote-from': the source image shop-expired:${SHA} is gone from ${staging.address}: expired by the repository's lifecycle policy (rule 2 'Keep the last 20 releases'); it cannot be promoted. Deploy a release that still has its image`,
  ]);
  expect(await productionState('shop-expired')).toBe(before);
  expect(before).toBe('RepositoryNotFoundException undefined');
  expect(verbs(await recorder.commands()).filter((verb) => verb !== 'login')).toEqual([]);

  // The release registered in staging's service, but its rollout never completed: never served.
  const ecs = client(ECSClient, STAGING);
  await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'shop-web',
      containerDefinitions: [{ name: 'web', image: `${staging.address}/shop-backend@${await staging.digestOf('shop-backend', SHA)}`, memory: 512 }],
      tags: [{ key: 'tandem-deploy:release', value: SHA }],
    }),
  );
  const arn = registered.taskDefinition?.taskDefinitionArn ?? '';
  await ecs.send(new CreateServiceCommand({ cluster: 'staging', serviceName: 'shop-web', taskDefinition: arn, desiredCount: 1 }));
  const productionBefore = await productionState('shop-backend');
  await recorder.clear();
  const unserved = await promote({ 'promote-from-service': 'staging/shop-web' });
  expect(unserved.code).toBe(1);
  expect(unserved.errors).toEqual([
    `build-push-django-image: Input 'promote-from-service': release ${SHA} never served in staging/shop-web: 1 revision(s) of shop-web carry tandem-deploy:release=${SHA}, but none tandem-deploy:served: its rollout never completed there. Promote a release that served in the source environment`,
  ]);
  expect(await recorder.commands()).toEqual([]);
  expect(await productionState('shop-backend')).toBe(productionBefore);

  // Once its rollout completed there (the deploy tags the revision served), the same promotion goes through.
  await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'tandem-deploy:served', value: '2026-11-30T04:00:00Z' }] }));
  const served = await promote({ 'promote-from-service': 'staging/shop-web' });
  expect(served.errors).toEqual([]);
  expect(served.stdout).toContain(`Release ${SHA} served in staging/shop-web (revision 1)`);
  expect(served.outputs.digest).toBe(await staging.digestOf('shop-backend', SHA));
}, 600_000);

// Follows the first test: staging holds shop-backend:SHA. Production's repository is immutable but
// for latest, and its SHA tag holds another image (one small layer of its own). The local
// registry refuses no overwrite, as ECR would, so what stays where it was is the step's own doing.
test('a production repository immutable but for latest: the release SHA holding another image is refused before any copy', async () => {
  const image = `${production.address}/shop-excepted:${SHA}`;
  const config = await mkdtemp(join(tmpdir(), 'test-docker-config-'));
  const layer = await mkdtemp(join(tmpdir(), 'test-other-build-'));
  await writeFile(join(layer, 'build'), 'another build of the same commit\n');
  const asTest = (command: string, args: string[], input?: string) => spawnSync(command, args, { env: { ...process.env, DOCKER_CONFIG: config }, input, encoding: 'utf8' }).status;
  expect(asTest('docker', ['login', '--username', production.user, '--password-stdin', production.address], production.password)).toBe(0);
  for (const [command, ...args] of [['tar', '-cf', join(layer, 'layer.tar'), '-C', layer, 'build'], ['docker', 'import', join(layer, 'layer.tar'), image], ['docker', 'push', image], ['docker', 'rmi', image]]) {
    expect({ command: [command, ...args].join(' '), status: asTest(command, args) }).toMatchObject({ status: 0 });
  }
  await client(ECRClient, PRODUCTION).send(new CreateRepositoryCommand({
    repositoryName: 'shop-excepted',
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
  }));
  const other = await production.digestOf('shop-excepted', SHA);
  const release = await staging.digestOf('shop-backend', SHA);

  await recorder.clear();
  const refused = await promote({ repository: 'shop-excepted', tags: `${SHA}\nlatest` });
  expect(refused.code).toBe(1);
  expect(refused.errors).toEqual([
    `build-push-django-image: Input 'tags': tag ${SHA} (${other}) in shop-excepted is immutable (IMMUTABLE_WITH_EXCLUSION: every tag but latest is immutable) and holds another image than ${release}: nothing was copied. Promote under another tag`,
  ]);
  expect(verbs(await recorder.commands()).filter((verb) => verb !== 'login')).toEqual([]);
  expect(await production.digestOf('shop-excepted', SHA)).toBe(other);
  expect(await production.digestOf('shop-excepted', 'latest')).toBeUndefined();
}, 300_000);

/** The manifest a registry serves for a reference of shop-multiarch, with its media type. */
async function manifestOf(registry: Registry, reference: string): Promise<{ status: number; type: string | null; digest: string | null }> {
  const response = await fetch(`http://${registry.address}/v2/shop-multiarch/manifests/${reference}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`,
      accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return { status: response.status, type: response.headers.get('content-type'), digest: response.headers.get('docker-content-digest') };
}

// A multi-platform release (an OCI index over linux/amd64 and linux/arm64) is copied as it is with
// `docker buildx imagetools create`, so production's tag names the index staging tested, not a new
// index around it. No engine here builds for another architecture: the index is written through
// the registry API, as buildx pushes one.
test('a multi-platform index is copied as it is: the same index digest under the release SHA, every platform with it, nothing pulled into the engine', async () => {
  const release = await pushMultiPlatformIndex(staging, 'shop-multiarch', SHA, [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ]);
  const ecr = client(ECRClient, STAGING);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop-multiarch' }));
  expect(await recordInEcr(ecr, staging, 'shop-multiarch', SHA)).toBe(release.digest);
  // The runner user's Docker config, where docker/setup-buildx-action puts buildx.
  const env = { DOCKER_CONFIG: await userConfigWithBuildx() };
  const multiarch = { repository: 'shop-multiarch', 'promote-from': `${staging.address}/shop-multiarch:${SHA}` };

  await recorder.clear();
  const run = await promote(multiarch, env);
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const commands = await recorder.commands();
  expect(verbs(commands)).toEqual(['login', 'login', 'buildx imagetools']);
  expect(commands[2]).toEqual(['buildx', 'imagetools', 'create', '--tag', `${production.address}/shop-multiarch:${SHA}`, `${staging.address}/shop-multiarch@${release.digest}`]);
  expect(await manifestOf(production, SHA)).toEqual({ status: 200, type: 'application/vnd.oci.image.index.v1+json', digest: release.digest });
  for (const manifest of release.manifests) expect(await manifestOf(production, manifest)).toMatchObject({ status: 200, digest: manifest });
  expect(run.outputs).toMatchObject({ digest: release.digest, built: 'false', 'promoted-from': `${staging.address}/shop-multiarch@${release.digest}` });

  await recorder.clear();
  const again = await promote(multiarch, env);
  expect(again.code).toBe(0);
  expect(verbs(await recorder.commands())).toEqual(['login', 'login']);
  expect(again.stdout).toContain(`shop-multiarch already holds ${release.digest} under ${SHA}: nothing to copy`);
}, 600_000);
