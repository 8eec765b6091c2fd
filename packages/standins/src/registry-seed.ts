import { spawnSync } from 'node:child_process';
import { copyFile, link, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachePath, makeOnce } from './cache.js';
import { inspectImage, removeImage, tagImage } from './engine.js';

// A registry that already holds a base image's layers, as ECR holds them after the first push of
// any image built on that base. Every test file starts its own registries, so without this each
// one receives the Django base layer (about 340 MB, gzip-compressed by dockerd on every push to a
// new registry: 25-55 s of CPU on this machine) before the test's own layers: repetition, not
// what the tests prove. The layer is compressed once per base image and machine, kept in a
// registry's storage in the cache folder (cache.ts), and hard-linked into a new registry's
// storage under the repositories named. dockerd then finds the blob with its usual existence
// check (HEAD on the blob, from the digest it recorded when it pushed the layer once) and uploads
// only the layers above it. The manifests, tags and the test's own layers still go through the registry's API.

/** The filesystem driver's root inside a registry's `rootdirectory`. */
const V2 = 'docker/registry/v2';

function digestPath(digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return join('sha256', hex.slice(0, 2), hex, 'data');
}

function run(args: string[], input?: string): string {
  const result = spawnSync('docker', args, { encoding: 'utf8', input });
  if (result.status !== 0) throw new Error(`docker ${args.slice(0, 2).join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * The registry storage that holds `image`'s layers, made once per image id by pushing the image
 * to a registry of its own (which also records the layers' digests in dockerd). `start` starts a
 * registry on a given storage root and returns its address and login.
 */
async function seedStorage(image: string, start: (root: string) => Promise<{ address: string; user: string; password: string; stop(): Promise<void> }>): Promise<{ root: string; layers: string[] }> {
  const details = await inspectImage(image);
  if (!details) throw new Error(`the Docker Engine has no image ${image} to seed a registry with`);
  const id = details.Id.replace(/^sha256:/, '');
  const home = cachePath('tandem-registry-seed');
  const root = join(home, id);
  const layersFile = join(root, 'layers.json');
  await mkdir(home, { recursive: true });
  // One process pushes; the others (every worker's first Docker file, at a fresh run's start) wait for it.
  await makeOnce(join('tandem-registry-seed', id), () => existsSync(layersFile), async () => {
    const building = await mkdtemp(join(home, 'building-'));
    const registry = await start(join(building, 'data'));
    const config = await mkdtemp(join(tmpdir(), 'seed-docker-config-'));
    const name = `${registry.address}/seed:${id.slice(0, 12)}`;
    try {
      run(['--config', config, 'login', '--username', registry.user, '--password-stdin', registry.address], registry.password);
      await tagImage(image, name);
      run(['--config', config, 'push', name]);
      const response = await fetch(`http://${registry.address}/v2/seed/manifests/${id.slice(0, 12)}`, {
        headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json', authorization: `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}` },
      });
      if (!response.ok) throw new Error(`the seed registry answered ${response.status} for the base image's manifest`);
      const manifest = (await response.json()) as { layers: Array<{ digest: string }> };
      await writeFile(join(building, 'layers.json'), JSON.stringify(manifest.layers.map((layer) => layer.digest)));
    } finally {
      await removeImage(name).catch(() => false);
      await rm(config, { recursive: true, force: true });
      await registry.stop();
    }
    // A process that made it without the lock may have got there first: theirs is as good, ours goes.
    await rename(building, root).catch(() => rm(building, { recursive: true, force: true }));
  });
  return { root: join(root, 'data'), layers: JSON.parse(await readFile(layersFile, 'utf8')) as string[] };
}

/** Lays `image`'s layers into a registry's storage root, linked into each repository named. Returns their digests. */
export async function seedRegistry(
  rootdirectory: string,
  seed: { image: string; repositories: string[] },
  start: (root: string) => Promise<{ address: string; user: string; password: string; stop(): Promise<void> }>,
): Promise<string[]> {
  const { root, layers } = await seedStorage(seed.image, start);
  for (const digest of layers) {
    const from = join(root, V2, 'blobs', digestPath(digest));
    const to = join(rootdirectory, V2, 'blobs', digestPath(digest));
    await mkdir(join(to, '..'), { recursive: true });
    // The registry never rewrites a blob (content-addressed), so one file can serve every registry.
    await link(from, to).catch(() => copyFile(from, to));
    for (const repository of seed.repositories) {
      const layerLink = join(rootdirectory, V2, 'repositories', repository, '_layers', 'sha256', digest.replace(/^sha256:/, ''));
      await mkdir(layerLink, { recursive: true });
      await writeFile(join(layerLink, 'link'), digest);
    }
  }
  return layers;
}
