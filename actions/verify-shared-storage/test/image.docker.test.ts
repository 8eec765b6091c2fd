import { DJANGO_BASE_IMAGE, ensureDjangoBaseImage, SHOP_IMAGE, useShopVariant } from '@tandem/standins/django-image';
import { REPO_ROOT } from '@tandem/standins/harness';
import { docker, startRegistry, type Registry } from '@tandem/standins/docker';
import { inspectImage, removeImage } from '@tandem/standins/engine';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { imageChecks, verifyStorage, type Environment, type Setting } from '@tandem/storage';
import { dockerCli } from '@tandem/image';
import { basename, join } from 'node:path';

// The example shop image, and the same image with settings that ignore DATABASE_URL.
const BROKEN = useShopVariant('sqlite-fallback');
// Settings split as cookiecutter-django splits them, in an image that sets no DJANGO_SETTINGS_MODULE.
const SPLIT = 'tandem-test/verify-split-settings:test';
beforeAll(async () => {
  await ensureDjangoBaseImage();
  const built = docker(['build', '--pull=false', '-q', '-t', SPLIT, '--build-arg', `BASE_IMAGE=${DJANGO_BASE_IMAGE}`, join(REPO_ROOT, 'test/fixtures/django-split-settings')]);
  if (built.status !== 0) throw new Error(built.stderr);
}, 600_000);
const RDS = 'shop.aaaaaaaaaa.us-east-1.rds.amazonaws.com';
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/django-AbCdEf';

const environment = (values: Record<string, string>, secrets: string[] = []): Environment =>
  new Map<string, Setting>([
    ...Object.entries(values).map(([name, value]): [string, { kind: 'plain'; value: string }] => [name, { kind: 'plain', value }]),
    ...secrets.map((name): [string, { kind: 'secret'; from: string }] => [name, { kind: 'secret', from: ARN }]),
  ]);
const PRODUCTION = { DATABASE_URL: `postgres://shop@${RDS}:5432/shop`, AWS_STORAGE_BUCKET_NAME: 'shop-media', ALLOWED_HOSTS: 'shop.example.com' };
const check = (image: string, env: Environment) => imageChecks(dockerCli(), { image, environment: env, urlVariable: 'DATABASE_URL', bucketVariable: 'AWS_STORAGE_BUCKET_NAME' });

test('the example shop reads DATABASE_URL and the bucket from the environment: both pass', async () => {
  const checks = await check(SHOP_IMAGE, environment(PRODUCTION, ['SECRET_KEY']));
  expect(checks).toEqual([
    { id: 'django-database', result: 'pass', message: expect.stringContaining(`uses django.db.backends.postgresql on ${RDS}, NAME shop`) },
    { id: 'django-storage', result: 'pass', message: 'default storage is storages.backends.s3boto3.S3Boto3Storage on bucket shop-media' },
  ]);
});

test('settings that ignore DATABASE_URL and fall back to SQLite fail here, though the task definition looks right', async () => {
  const env = environment(PRODUCTION, ['SECRET_KEY']);
  const [database, storage] = await check(BROKEN, env);
  expect(database).toMatchObject({ id: 'django-database', result: 'fail', message: expect.stringContaining(`uses django.db.backends.sqlite3`) });
  expect(database.message).toContain(`although DATABASE_URL names postgresql on ${RDS}: the settings ignore it`);
  expect(database.fix).toContain("dj_database_url.config(env='DATABASE_URL')");
  expect(storage.result).toBe('pass');
});

test('a DATABASE_URL kept in Secrets Manager reaches the image as a placeholder the settings must read', async () => {
  const { DATABASE_URL: _secret, ...plain } = PRODUCTION;
  const [good] = await check(SHOP_IMAGE, environment(plain, ['SECRET_KEY', 'DATABASE_URL']));
  expect(good).toMatchObject({ result: 'pass', message: expect.stringContaining('placeholder-database.invalid') });
  const [broken] = await check(BROKEN, environment(plain, ['SECRET_KEY', 'DATABASE_URL']));
  expect(broken.result).toBe('fail');
});

test('DEBUG with no bucket: Django keeps uploads on the task disk, and the storage check says so', async () => {
  const checks = await check(SHOP_IMAGE, environment({ DEBUG: 'true', DATABASE_URL: PRODUCTION.DATABASE_URL }));
  expect(checks[1]).toMatchObject({ id: 'django-storage', result: 'fail', message: expect.stringContaining('FileSystemStorage: uploads are written to MEDIA_ROOT (/app/media)') });
});

test('settings that refuse to load are reported with their error, not a pass', async () => {
  const checks = await check(SHOP_IMAGE, environment({ AWS_STORAGE_BUCKET_NAME: 'shop-media', SECRET_KEY: 'x' }));
  expect(checks[0]).toMatchObject({ result: 'fail', message: expect.stringContaining('DATABASE_URL is not set') });
});

// manage.py defaults to development settings that import a tool the image leaves out; config/wsgi.py,
// which the server loads, to production's: the settings read are production's, and the check says why.
test("an image without DJANGO_SETTINGS_MODULE is read with the settings its wsgi.py gives the server, not manage.py's", async () => {
  const env = environment({ DATABASE_URL: PRODUCTION.DATABASE_URL, DJANGO_ADMIN_URL: 'manage-x7/', REDIS_URL: 'redis://cache.internal:6379/0', DJANGO_AWS_STORAGE_BUCKET_NAME: 'shop-media' }, ['DJANGO_SECRET_KEY']);
  const [database] = await check(SPLIT, env);
  // The fixture's production settings keep SQLite: the check reads them, rather than failing at manage.py's.
  expect(database).toMatchObject({ id: 'django-database', result: 'fail' });
  expect(database.message).toMatch(
    /^Django [\d.]+ \(config\.settings\.production, which config\/wsgi\.py gives the server; manage\.py defaults to config\.settings\.local\) uses django\.db\.backends\.sqlite3, NAME \/tmp\/split-settings\.sqlite3, although DATABASE_URL names postgresql/,
  );
});

/**
 * No AWS here: a client that cannot be made turns the media checks into failed checks (not a
 * crash); the database checks read only the task definition.
 */
const noAws = () => ({
  s3: () => { throw new Error('no S3 in this test'); },
  rds: () => { throw new Error('no RDS in this test'); },
  route53: () => { throw new Error('no Route 53 in this test'); },
  secrets: { secretsManager: () => { throw new Error('none'); }, ssm: () => { throw new Error('none'); } },
  docker: dockerCli(),
  mask: () => undefined,
});

// cookiecutter-django names the bucket DJANGO_AWS_STORAGE_BUCKET_NAME: the media checks follow the
// variable that holds the bucket Django's storage uses, rather than failing for AWS_STORAGE_BUCKET_NAME.
test("the media checks look at the bucket Django's storage uses, from the variable that holds it", async () => {
  const values = { DATABASE_URL: PRODUCTION.DATABASE_URL, DJANGO_ADMIN_URL: 'manage-x7/', REDIS_URL: 'redis://cache.internal:6379/0', DJANGO_AWS_STORAGE_BUCKET_NAME: 'bazaar-media', DJANGO_SECRET_KEY: 'k' };
  const checks = await verifyStorage(
    {
      taskDefinition: { family: 'bazaar', containerDefinitions: [] },
      container: { name: 'django', environment: Object.entries(values).map(([name, value]) => ({ name, value })) },
      urlVariable: 'DATABASE_URL', bucketVariable: 'AWS_STORAGE_BUCKET_NAME', requireRds: false, probe: false, probePrefix: 'p/', probeId: 'x',
      allowSecretResolution: false, image: SPLIT, region: 'us-east-1', media: 'auto',
    },
    // No S3 here: the bucket check that follows shows which bucket the media checks went to.
    noAws(),
  );
  const byId = Object.fromEntries(checks.map((entry) => [entry.id, entry]));
  expect(byId['media-needed']).toMatchObject({ result: 'pass', message: expect.stringContaining('storage settings STORAGES default storages.backends.s3.S3Storage') });
  expect(byId['media-bucket-configured']).toEqual({
    id: 'media-bucket-configured',
    result: 'pass',
    message: "DJANGO_AWS_STORAGE_BUCKET_NAME = bazaar-media (the bucket Django's storage uses; media-bucket-env names AWS_STORAGE_BUCKET_NAME, which the task definition does not set (set media-bucket-env: DJANGO_AWS_STORAGE_BUCKET_NAME to say so))",
  });
  expect(byId['media-bucket-exists']).toMatchObject({ result: 'fail', message: 'could not check: no S3 in this test' });
  expect(byId['django-storage']).toMatchObject({ result: 'pass', message: 'default storage is storages.backends.s3.S3Storage on bucket bazaar-media' });
});

test('an image that is not on the runner fails at once without a pull', async () => {
  const started = Date.now();
  const checks = await check('tandem-test/not-built:nope', environment(PRODUCTION));
  expect(checks[0]).toMatchObject({ result: 'fail', message: 'image tandem-test/not-built:nope is not present on this runner' });
  expect(Date.now() - started).toBeLessThan(10_000);
});

test('the whole verification with the broken image fails only where the image is involved', async () => {
  const checks = await verifyStorage(
    {
      taskDefinition: { family: 'shop', containerDefinitions: [] },
      container: { name: 'web', environment: Object.entries({ ...PRODUCTION, SECRET_KEY: 'k' }).map(([name, value]) => ({ name, value })) },
      urlVariable: 'DATABASE_URL', bucketVariable: 'AWS_STORAGE_BUCKET_NAME', requireRds: false, probe: false, probePrefix: 'p/', probeId: 'x',
      allowSecretResolution: false, image: BROKEN, region: 'us-east-1', media: 'auto',
    },
    noAws(),
  );
  const results = Object.fromEntries(checks.map((entry) => [entry.id, entry.result]));
  expect(checks.find((entry) => entry.id === 'media-bucket-exists')?.message).toContain('could not check: no S3 in this test');
  expect(results).toMatchObject({ 'database-engine': 'pass', 'database-host': 'pass', 'database-rds': 'skip', 'django-database': 'fail', 'django-storage': 'pass' });
});

describe('an image that is only in the registry (a rerun reused it instead of building)', () => {
  let registry: Registry;
  let config: string;
  let remote: string;
  beforeAll(async () => {
    // The registry holds the base image's layer from the start (see registry-seed.ts): the push moves the shop's own layers.
    registry = await startRegistry({ holding: { image: await ensureDjangoBaseImage(), repositories: ['shop'] } });
    config = mkdtempSync(join(tmpdir(), 'verify-docker-config-'));
    const login = spawnSync('docker', ['--config', config, 'login', '--username', registry.user, '--password-stdin', registry.address], { input: registry.password, encoding: 'utf8' });
    if (login.status !== 0) throw new Error(login.stderr);
    const tag = `${registry.address}/shop:rerun`;
    // An image of this file's own (a label of its folder's name: no new layer), so that no other
    // test can have pulled the same digest under this registry's address: a port can serve one
    // registry after another in a run, and the shop image pushed to each has the same digest.
    const own = docker(['build', '--quiet', '--tag', tag, '-'], `FROM ${SHOP_IMAGE}\nLABEL tandem.test=${basename(config)}\n`);
    const pushed = docker(['--config', config, 'push', tag]);
    for (const result of [own, pushed]) if (result.status !== 0) throw new Error(result.stderr);
    remote = `${registry.address}/shop@${await registry.digestOf('shop', 'rerun')}`;
    await removeImage(tag);
  }, 300_000);
  afterAll(() => registry?.stop());

  // The refused pull first: once a pull with the login succeeded, the daemon may reuse it.
  test('without a login the pull is refused, and the failure says what to pass', async () => {
    expect(await inspectImage(remote)).toBeUndefined();
    const [database] = await check(remote, environment(PRODUCTION, ['SECRET_KEY']));
    expect(database).toMatchObject({ result: 'fail', message: expect.stringContaining(`image ${remote} is not on this runner and could not be pulled:`) });
    expect(database.fix).toContain("build-push-django-image's docker-config output");
  });

  test('with the registry login in docker-config it is pulled and checked', async () => {
    expect(await inspectImage(remote)).toBeUndefined();
    const checks = await imageChecks(dockerCli(config), { image: remote, environment: environment(PRODUCTION, ['SECRET_KEY']), urlVariable: 'DATABASE_URL', bucketVariable: 'AWS_STORAGE_BUCKET_NAME' });
    expect(checks.map((entry) => entry.result)).toEqual(['pass', 'pass']);
    expect(await removeImage(remote)).toBe(true);
  });
});
