import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { userConfigWithBuildx } from '@tandem/standins/buildx';
import { docker, type Registry } from '@tandem/standins/docker';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { findLeaks } from '@tandem/standins/leaks';
import type { Moto } from '@tandem/standins/moto';
import { useImageStandIns } from '@tandem/standins/use-image-stand-ins';
import { ACTION } from './trust/scenario.js';
import { exampleWorkspace } from './workspace.js';

// docker/build-push-action's inputs through buildx with its default builder (the docker driver,
// as on GitHub's runners), found where docker/setup-buildx-action installs it: the runner user's
// Docker config, which the action's job-private config must point back to. The RUN steps get
// network none: this engine runs without a bridge (every test stays on loopback), and BuildKit
// would look for one.

const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
let moto: Moto;
let registry: Registry;
let base: string;
let userConfig: string;

useImageStandIns((made) => ({ moto, registry, base } = made), { holding: ['shop-backend'] });
beforeAll(async () => {
  userConfig = await userConfigWithBuildx();
}, 600_000);

function deploy(workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<BundleRun> {
  return runBundle(ACTION, {
    workspace,
    sha: SHA,
    inputs: { repository: 'shop-backend', registry: registry.address, network: 'none', 'build-args': `BASE_IMAGE=${base}\nINSTALL_REQUIREMENTS=false`, ...inputs },
    env: { AWS_ENDPOINT_URL: moto.endpoint, DOCKER_CONFIG: userConfig, ...env },
    eventPayload: { head_commit: { timestamp: '2026-11-29T11:00:00+01:00' } },
    timeoutMs: 300_000,
  });
}

/**
 * The registry's manifest for a tag, its config blob and the layers the push added (unzipped), as
 * text. The layers the registry held before the build (the base image's, seeded: see
 * registry-seed.ts) are left out: a digest names its bytes, so those are the bytes made before
 * this test's build saw any secret (and unzipping them is 340 MB for a jest worker to hold).
 */
async function registryContent(tag: string): Promise<string> {
  const authorization = `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
  const get = (path: string, accept = '*/*') => fetch(`http://${registry.address}/v2/shop-backend/${path}`, { headers: { authorization, accept } });
  const manifestText = await (await get(`manifests/${tag}`, 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json')).text();
  const manifest = JSON.parse(manifestText) as { config: { digest: string }; layers: Array<{ digest: string }> };
  const config = await (await get(`blobs/${manifest.config.digest}`)).text();
  const pushed = manifest.layers.filter((layer) => !registry.held.includes(layer.digest));
  // The image is built FROM the base: its first layers are the base's, the ones the registry held.
  expect(manifest.layers.slice(0, registry.held.length).map((layer) => layer.digest)).toEqual(registry.held);
  expect(pushed.length).toBeGreaterThan(0);
  const layers = await Promise.all(pushed.map(async (layer) => gunzipSync(Buffer.from(await (await get(`blobs/${layer.digest}`)).arrayBuffer())).toString('latin1')));
  return [manifestText, config, ...layers].join('\n');
}

test('BuildKit secrets and ssh reach RUN --mount and are absent from the image history, its config and the registry; tags and labels as metadata-action writes them', async () => {
  const NPM_TOKEN = 'npm-Secret-3b8f1c';
  const NETRC = 'machine pypi.internal login ci password netrc-Secret-91aa';
  const GH_TOKEN = 'gh-Secret-7d2e55';
  const workspace = await mkdtemp(join(tmpdir(), 'buildkit-ws-'));
  const keys = await mkdtemp(join(tmpdir(), 'ssh-keys-'));
  expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deploy', '-f', join(keys, 'id_ed25519')]).status).toBe(0);
  const privateKey = readFileSync(join(keys, 'id_ed25519'), 'utf8').split('\n')[1];
  await writeFile(join(keys, 'netrc'), NETRC);
  // Each secret's sha256 goes into the image: proof that it reached the RUN step, without it.
  await writeFile(
    join(workspace, 'Dockerfile'),
    [
      'ARG BASE_IMAGE',
      'FROM ${BASE_IMAGE}',
      'RUN --mount=type=secret,id=NPM_TOKEN --mount=type=secret,id=netrc --mount=type=secret,id=gh --mount=type=ssh,id=deploy \\',
      '    sha256sum /run/secrets/NPM_TOKEN /run/secrets/netrc /run/secrets/gh > /proof && test -S "$SSH_AUTH_SOCK" && echo ssh-agent-mounted >> /proof',
      '',
    ].join('\n'),
  );
  const run = await deploy(
    workspace,
    {
      'django-checks': 'false',
      tags: `${registry.address}/shop-backend:sha-c0ffee0\nshop-backend:latest`,
      labels: 'org.opencontainers.image.title=shop\norg.opencontainers.image.source=https://github.com/acme/shop',
      secrets: `NPM_TOKEN=${NPM_TOKEN}`,
      'secret-files': `netrc=${join(keys, 'netrc')}`,
      'secret-envs': 'gh=GH_TOKEN',
      ssh: `deploy=${join(keys, 'id_ed25519')}`,
    },
    { GH_TOKEN },
  );
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('docker buildx build');
  expect(run.stdout).toContain('--secret id=NPM_TOKEN,env=TANDEM_BUILD_SECRET_0');
  // Masked as the inputs were read, and shown nowhere before that.
  expect(run.masked).toContain(NPM_TOKEN);
  expect(findLeaks(run, [NPM_TOKEN, GH_TOKEN, privateKey, 'netrc-Secret-91aa'])).toEqual([]);

  // Full references became this repository's tags, both pushed.
  expect(run.outputs.tags).toBe(JSON.stringify(['sha-c0ffee0', 'latest']));
  const digest = await registry.digestOf('shop-backend', 'sha-c0ffee0');
  expect(run.outputs.digest).toBe(digest);
  expect(await registry.digestOf('shop-backend', 'latest')).toBe(digest);

  const image = `${registry.address}/shop-backend:sha-c0ffee0`;
  const proof = docker(['run', '--rm', '--pull', 'never', '--network', 'none', '--entrypoint', 'cat', image, '/proof']).stdout;
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  expect(proof).toContain(`${sha(NPM_TOKEN)}  /run/secrets/NPM_TOKEN`);
  expect(proof).toContain(`${sha(NETRC)}  /run/secrets/netrc`);
  expect(proof).toContain(`${sha(GH_TOKEN)}  /run/secrets/gh`);
  expect(proof).toContain('ssh-agent-mounted');

  const history = docker(['history', '--no-trunc', image]);
  const inspect = docker(['image', 'inspect', image]);
  expect(history.status).toBe(0);
  expect(history.stdout).toContain('sha256sum /run/secrets/NPM_TOKEN');
  const remote = await registryContent('sha-c0ffee0');
  for (const secret of [NPM_TOKEN, GH_TOKEN, 'netrc-Secret-91aa', privateKey, 'TANDEM_BUILD_SECRET_0']) {
    expect({ secret, history: history.stdout.includes(secret), inspect: inspect.stdout.includes(secret), registry: remote.includes(secret) }).toEqual({ secret, history: false, inspect: false, registry: false });
  }

  // The OCI labels by default, the commit's time as created, and the user's labels winning.
  const labels = (JSON.parse(inspect.stdout) as Array<{ Config: { Labels: Record<string, string> } }>)[0].Config.Labels;
  expect(labels).toMatchObject({
    'org.opencontainers.image.revision': SHA,
    'org.opencontainers.image.created': '2026-11-29T10:00:00.000Z',
    'org.opencontainers.image.source': 'https://github.com/acme/shop',
    'org.opencontainers.image.title': 'shop',
  });
}, 300_000);

test('cache auto on the docker driver with the runtime token present builds without a cache and says what to add; cache gha is refused before any AWS write', async () => {
  const workspace = await exampleWorkspace();
  // What GitHub's runners give every job: auto used to pick the gha cache, which the docker driver refuses.
  const runner = { ACTIONS_RUNTIME_TOKEN: 'runtime-token', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' };
  const run = await deploy(workspace, {}, runner);
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("::notice::no build cache: the builder 'default' uses the docker driver on Docker's classic image store, which cannot export one; for the GitHub Actions cache, add docker/setup-buildx-action");
  expect(run.stdout).not.toContain('--cache-to');
  expect(run.stdout).toContain('System check identified no issues');
  expect(run.outputs.digest).toBe(await registry.digestOf('shop-backend', SHA));

  await moto.reset();
  const refused = await deploy(workspace, { cache: 'gha' }, runner);
  expect(refused.code).toBe(1);
  expect(refused.errors).toEqual([
    "build-push-django-image: Input 'cache': the builder 'default' uses the docker driver on Docker's classic image store, which cannot export the gha cache: set cache: none, add docker/setup-buildx-action before this step (it sets up a docker-container builder), or turn on the Docker Engine's containerd image store",
  ]);
  const ecr = new ECRClient({ endpoint: moto.endpoint, region: 'us-east-1' });
  expect((await ecr.send(new DescribeRepositoriesCommand({}))).repositories).toEqual([]);
}, 300_000);
