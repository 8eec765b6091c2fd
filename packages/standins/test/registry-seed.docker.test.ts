import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { docker, ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';

// A registry that holds the base image's layer from the start: the layer is there under the
// repositories named and nowhere else, nothing else of the seed is, and a push of an image on
// that base sends the layer no more.
let base: string;
let seeded: Registry;
let config: string;

beforeAll(async () => {
  await ensureDocker();
  base = await ensureDjangoBaseImage();
  seeded = await startRegistry({ holding: { image: base, repositories: ['shop', 'team/shop'] } });
  config = mkdtempSync(join(tmpdir(), 'seed-test-docker-config-'));
  const login = spawnSync('docker', ['--config', config, 'login', '--username', seeded.user, '--password-stdin', seeded.address], { input: seeded.password, encoding: 'utf8' });
  if (login.status !== 0) throw new Error(login.stderr);
}, 600_000);
afterAll(async () => {
  await seeded?.stop();
});

const auth = () => `Basic ${Buffer.from(`${seeded.user}:${seeded.password}`).toString('base64')}`;
const get = (path: string, method = 'GET') => fetch(`http://${seeded.address}/v2/${path}`, { method, headers: { authorization: auth() } });

/** Pushes an image to the seeded registry as shop:layers; returns what docker push printed. */
function push(image: string): string {
  const name = `${seeded.address}/shop:layers`;
  docker(['tag', image, name]);
  try {
    const pushed = spawnSync('docker', ['--config', config, 'push', name], { encoding: 'utf8' });
    if (pushed.status !== 0) throw new Error(pushed.stderr);
    return pushed.stdout;
  } finally {
    docker(['rmi', name]);
  }
}

test('the base layer is under the named repositories only, with no manifest or tag of the seed', async () => {
  expect(await (await get('_catalog')).json()).toEqual({ repositories: ['shop', 'team/shop'] });
  expect((await get('shop/tags/list')).status).toBe(404);
  const output = push(base);
  // The push found the layer there and sent only the manifest and the image config.
  expect(output).toMatch(/: Layer already exists/);
  expect(output).not.toMatch(/: Pushed/);
  const manifest = (await (await fetch(`http://${seeded.address}/v2/shop/manifests/layers`, { headers: { authorization: auth(), accept: 'application/vnd.docker.distribution.manifest.v2+json' } })).json()) as { layers: Array<{ digest: string }> };
  expect(manifest.layers.length).toBeGreaterThan(0);
  for (const { digest } of manifest.layers) {
    expect((await get(`team/shop/blobs/${digest}`, 'HEAD')).status).toBe(200);
    expect((await get(`other/blobs/${digest}`, 'HEAD')).status).toBe(404);
  }
}, 300_000);

test('a registry started without holding has none of it', async () => {
  const empty = await startRegistry();
  try {
    const response = await fetch(`http://${empty.address}/v2/_catalog`, { headers: { authorization: `Basic ${Buffer.from(`${empty.user}:${empty.password}`).toString('base64')}` } });
    expect(await response.json()).toEqual({ repositories: [] });
  } finally {
    await empty.stop();
  }
});

test('each registry asks for its login in a realm of its own, so a registry that another one got the port of is not taken for it', async () => {
  const other = await startRegistry();
  try {
    const realms = await Promise.all([seeded, other].map(async (registry) => (await fetch(`http://${registry.address}/v2/`)).headers.get('www-authenticate')));
    for (const realm of realms) expect(realm).toMatch(/^Basic realm="registry-\w+"$/);
    expect(realms[0]).not.toBe(realms[1]);
  } finally {
    await other.stop();
  }
});
