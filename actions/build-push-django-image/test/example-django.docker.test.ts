import { randomBytes } from 'node:crypto';
import { freePort, waitFor } from '@tandem/standins/ports';
import { docker, ensureDocker } from '@tandem/standins/docker';
import { buildDjangoImage } from '@tandem/standins/django-image';
import { inspectImage, removeContainer } from '@tandem/standins/engine';

// The example project that the action's tests and other actions' tests deploy: it must build on
// the local base, pass Django's deployment checks, and answer an ALB's health check.

const IMAGE = 'tandem-test/example-shop:test';
const productionEnv = () => [
  '-e', `SECRET_KEY=${randomBytes(32).toString('hex')}`,
  '-e', 'DATABASE_URL=sqlite:////tmp/shop.sqlite3',
  '-e', 'ALLOWED_HOSTS=shop.example.com',
  '-e', 'AWS_STORAGE_BUCKET_NAME=shop-media',
];

beforeAll(async () => {
  await ensureDocker();
  await buildDjangoImage(IMAGE);
}, 600_000);

test('passes check --deploy at warning level with production settings', () => {
  const result = docker(['run', '--rm', '--pull', 'never', '--network', 'none', ...productionEnv(), IMAGE,
    'python', 'manage.py', 'check', '--deploy', '--fail-level', 'WARNING']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('no issues');
});

test('has every migration its models need', () => {
  const result = docker(['run', '--rm', '--pull', 'never', '--network', 'none', ...productionEnv(), IMAGE,
    'python', 'manage.py', 'makemigrations', '--check', '--dry-run']);
  expect(result.status).toBe(0);
});

test('says which setting is missing instead of starting without a database', () => {
  const result = docker(['run', '--rm', '--pull', 'never', '--network', 'none', '-e', 'SECRET_KEY=x', IMAGE, 'python', 'manage.py', 'check']);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('DATABASE_URL is not set');
});

test('runs as a non-root user with a health check', async () => {
  const inspected = await inspectImage(IMAGE);
  expect(inspected?.Config.User).toBe('app');
  expect(inspected?.Config.Healthcheck?.Test.join(' ')).toContain('/healthz');
});

test('answers the ALB health check sent to the task IP, and still rejects unknown hosts elsewhere', async () => {
  const port = await freePort();
  const name = `shop-${randomBytes(4).toString('hex')}`;
  const started = docker(['run', '-d', '--rm', '--pull', 'never', '--network', 'host', '--name', name, ...productionEnv(),
    '-e', `PORT=${port}`, '-e', 'WEB_CONCURRENCY=1', IMAGE]);
  expect(started.status).toBe(0);
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitFor('gunicorn', async () => (await fetch(`${url}/healthz`)).status === 200, 30_000);
    // fetch sends Host: 127.0.0.1:PORT, as an ALB sends the task's IP.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/products/`)).status).toBe(400);
    const config = docker(['exec', name, 'python', '-c', 'import runpy; c = runpy.run_path("gunicorn.conf.py"); print(c["keepalive"], c["graceful_timeout"])']);
    expect(config.stdout.trim()).toBe('75 25');
  } finally {
    await removeContainer(name);
  }
}, 60_000);
