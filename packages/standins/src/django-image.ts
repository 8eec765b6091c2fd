import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureDocker } from './docker.js';
import { makeOnce } from './cache.js';
import { inspectImage } from './engine.js';

/**
 * A base image with Debian's Django 5.2, gunicorn, psycopg2, dj-database-url, whitenoise, boto3
 * and django-storages, standing in for `python:3.12-slim` + `pip install -r requirements.txt`
 * (nothing can be pulled here). Made once with debootstrap and kept as a Docker image.
 */
export const DJANGO_BASE_IMAGE = 'tandem-test/django-base:sid';

export const EXAMPLE_DJANGO_DIR = resolve(import.meta.dirname, '../../../examples/django');

const PACKAGES = [
  'python3-django',
  'gunicorn',
  'python3-psycopg2',
  'python3-dj-database-url',
  'python3-whitenoise',
  'python3-boto3',
  'python3-django-storages',
  // Without it, collectstatic fails on the admin's dangling jquery symlinks.
  'libjs-jquery',
];
const MIRROR = 'http://deb.debian.org/debian';

function run(command: string, args: string[], options: { input?: NodeJS.ReadableStream } = {}): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: [options.input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    if (options.input && child.stdin) options.input.pipe(child.stdin);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

async function buildBase(name: string): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'django-base-'));
  try {
    await run('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, 'sid', root, MIRROR]);
    // Debian names the interpreter python3 only; Dockerfiles written for python:3.x call python.
    await run('ln', ['-sf', '/usr/bin/python3', join(root, 'usr/local/bin/python')]);
    await run('rm', ['-rf', join(root, 'var/cache/apt/archives'), join(root, 'var/lib/apt/lists')]);
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await run('docker', ['import', '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--change', 'ENV LANG=C.UTF-8', '-', name], {
      input: tar.stdout,
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Returns the name of the local Django base image, making it when absent (about a minute).
 * Safe when several test processes ask at once: one builds under a lock, the others wait.
 */
export async function ensureDjangoBaseImage(name = DJANGO_BASE_IMAGE): Promise<string> {
  await makeOnce('tandem-django-base', async () => (await inspectImage(name)) !== undefined, () => buildBase(name));
  return name;
}

/**
 * Builds a Django project (the example by default) on the local base, without pip: the base
 * already holds what requirements.txt names.
 */
export async function buildDjangoImage(tag: string, options: { context?: string; buildArgs?: Record<string, string> } = {}): Promise<string> {
  const base = await ensureDjangoBaseImage();
  const args = ['build', '--pull=false', '-q', '-t', tag, '--build-arg', `BASE_IMAGE=${base}`, '--build-arg', 'INSTALL_REQUIREMENTS=false'];
  for (const [key, value] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
  await run('docker', [...args, options.context ?? EXAMPLE_DJANGO_DIR]);
  return tag;
}

/** The build arguments that make the example's Dockerfile use the local base. */
export async function localBaseBuildArgs(): Promise<string> {
  return `BASE_IMAGE=${await ensureDjangoBaseImage()}\nINSTALL_REQUIREMENTS=false`;
}

/**
 * The example shop's image, and over it a storage fixture's variant of the shop
 * (test/fixtures/storage/FIXTURE: settings that ignore DATABASE_URL, or that print secrets).
 */
export async function buildShopVariant(shop: string, variant: string, fixture: 'sqlite-fallback' | 'leaky-settings'): Promise<void> {
  await buildDjangoImage(shop);
  await run('docker', ['build', '--pull=false', '-q', '-t', variant, '--build-arg', `EXAMPLE_IMAGE=${shop}`, resolve(import.meta.dirname, '../../../test/fixtures/storage', fixture)]);
}

/** The example shop's image, as the storage tests name it. */
export const SHOP_IMAGE = 'tandem-test/verify-storage-shop:test';

/**
 * As a jest hook: the Docker Engine, then the example shop's image and a storage fixture's
 * variant of it, built before the file's (or the describe block's) first test. Returns the
 * variant's name.
 */
export function useShopVariant(fixture: 'sqlite-fallback' | 'leaky-settings'): string {
  const variant = `tandem-test/verify-storage-${fixture}:test`;
  beforeAll(async () => {
    await ensureDocker();
    await buildShopVariant(SHOP_IMAGE, variant, fixture);
  }, 600_000);
  return variant;
}
