import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { userConfigWithBuildx } from '@tandem/standins/buildx';
import { ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';
import { dockerRecorder, pushMultiPlatformIndex, recordInEcr, type DockerRecorder, type PushedIndex } from '@tandem/standins/ecr-registry';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { startMoto, type Moto } from '@tandem/standins/moto';
import { exampleWorkspace } from './workspace.js';

// A multi-platform release (an OCI index over linux/amd64 and linux/arm64) promoted from staging
// to production: it is copied as it is with `docker buildx imagetools create`, so production's
// tag names the index staging tested, not a new index around it, and every platform's image
// comes along. No engine here builds for another architecture, so the index is written through
// the registry API as buildx pushes one.

const ACTION = 'build-push-django-image';
const SHA = 'b1d3b1d3b1d3b1d3b1d3b1d3b1d3b1d3b1d3b1d3';
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];
let moto: Moto;
let staging: Registry;
let production: Registry;
let recorder: DockerRecorder;
let workspace: string;
let userConfig: string;
let release: PushedIndex;

beforeAll(async () => {
  await ensureDocker();
  [moto, staging, production, recorder, workspace, userConfig] = await Promise.all([startMoto(), startRegistry(), startRegistry(), dockerRecorder(), exampleWorkspace(), userConfigWithBuildx()]);
  release = await pushMultiPlatformIndex(staging, 'shop-backend', SHA, PLATFORMS);
  const ecr = new ECRClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop-backend' }));
  expect(await recordInEcr(ecr, staging, 'shop-backend', SHA)).toBe(release.digest);
}, 600_000);
afterAll(async () => {
  await Promise.all([moto?.stop(), staging?.stop(), production?.stop()]);
});

function promote(): Promise<BundleRun> {
  return runBundle(ACTION, {
    workspace,
    sha: SHA,
    inputs: { repository: 'shop-backend', 'aws-region': 'eu-west-1', registry: production.address, 'promote-from': `${staging.address}/shop-backend:${SHA}`, 'promote-from-region': 'us-east-1' },
    // The runner user's Docker config, where docker/setup-buildx-action puts buildx.
    env: { AWS_ENDPOINT_URL: moto.endpoint, DOCKER_CONFIG: userConfig, PATH: `${recorder.dir}:${process.env.PATH ?? ''}` },
    timeoutMs: 300_000,
  });
}

/** The manifest a registry serves for a reference, with its media type. */
async function manifestOf(registry: Registry, reference: string): Promise<{ status: number; type: string | null; digest: string | null }> {
  const response = await fetch(`http://${registry.address}/v2/shop-backend/manifests/${reference}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`,
      accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return { status: response.status, type: response.headers.get('content-type'), digest: response.headers.get('docker-content-digest') };
}

test('a multi-platform index is copied as it is: the same index digest under the release SHA, every platform with it, nothing pulled into the engine', async () => {
  const run = await promote();
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const commands = await recorder.commands();
  expect(commands.map((args) => args.slice(0, args[0] === 'buildx' ? 3 : 1).join(' '))).toEqual(['login', 'login', 'buildx imagetools create']);
  expect(commands[2].slice(3)).toEqual(['--tag', `${production.address}/shop-backend:${SHA}`, `${staging.address}/shop-backend@${release.digest}`]);
  expect(await manifestOf(production, SHA)).toEqual({ status: 200, type: 'application/vnd.oci.image.index.v1+json', digest: release.digest });
  for (const manifest of release.manifests) expect(await manifestOf(production, manifest)).toMatchObject({ status: 200, digest: manifest });
  expect(run.outputs).toMatchObject({ digest: release.digest, built: 'false', 'promoted-from': `${staging.address}/shop-backend@${release.digest}` });

  await recorder.clear();
  const again = await promote();
  expect(again.code).toBe(0);
  expect((await recorder.commands()).map((args) => args[0])).toEqual(['login', 'login']);
  expect(again.stdout).toContain(`shop-backend already holds ${release.digest} under ${SHA}: nothing to copy`);
}, 600_000);
