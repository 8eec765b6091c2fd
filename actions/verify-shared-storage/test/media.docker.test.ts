import { dockerCli } from '@tandem/image';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, InputReader, resultOf, tableInputs } from '@tandem/kit';
import { type Check } from '@tandem/storage';
import { buildDjangoImage, DJANGO_BASE_IMAGE, ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { docker, ensureDocker } from '@tandem/standins/docker';
import { REPO_ROOT } from '@tandem/standins/harness';
import { recordingLog } from '@tandem/standins/log';
import { useMoto } from '@tandem/standins/use-moto';
import { testContext } from '@tandem/standins/context';
import { readInputs } from '../src/inputs.js';
import { run, type Deps } from '../src/run.js';
import { clients, register, sharedWorld, taskDefinition, webContainer, type World } from './world.js';

// Whether the app needs shared media is read from Django inside the image: an app without file
// fields needs no bucket; the example shop (Product.photo is a FileField) does.
const LIBRARY = 'tandem-test/verify-storage-no-uploads:test';
const SHOP = 'tandem-test/verify-storage-shop:test';
let world: World;

useMoto();
beforeAll(async () => {
  await ensureDocker();
  await ensureDjangoBaseImage();
  await buildDjangoImage(SHOP);
  const built = docker(['build', '--pull=false', '-q', '-t', LIBRARY, '--build-arg', `BASE_IMAGE=${DJANGO_BASE_IMAGE}`, join(REPO_ROOT, 'test/fixtures/storage/no-uploads')]);
  if (built.status !== 0) throw new Error(built.stderr);
  process.env.GITHUB_OUTPUT = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'output');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
}, 900_000);
afterAll(async () => {
  delete process.env.GITHUB_OUTPUT;
});
beforeEach(async () => {
  world = await sharedWorld();
});

const deps = (): Deps => ({ ...clients, secrets: { secretsManager: () => { throw new Error('unused'); }, ssm: () => { throw new Error('unused'); } }, docker: dockerCli(), mask: () => undefined, probeId: 'run-1' });

async function verify(environment: Record<string, string>, values: Record<string, string>): Promise<{ ok: boolean; checks: Record<string, Check>; error?: string }> {
  const arn = await register(taskDefinition(webContainer(environment)));
  const inputs = readInputs(new InputReader(tableInputs({ 'aws-region': 'us-east-1', 'task-definition': arn, ...values })));
  const log = recordingLog();
  try {
    const verdict = await run(inputs, deps(), testContext({ log }));
    return { ok: verdict.ok, checks: Object.fromEntries(verdict.checks.map((check) => [check.id, check])) };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    // The failed run's verdict, as runAction hands it to report.
    const verdict = resultOf<{ checks: Check[] }>(error);
    if (!verdict) throw error;
    return { ok: false, checks: Object.fromEntries(verdict.checks.map((check) => [check.id, check])), error: error.message };
  }
}

const LIBRARY_ENV = () => ({ DATABASE_URL: world.databaseUrl, DJANGO_SECRET_KEY: 'plain-secret-key-for-tests', DJANGO_DEBUG: 'False' });

test('an app with no file fields passes with RDS configured and no media bucket', async () => {
  const { ok, checks } = await verify(LIBRARY_ENV(), { image: LIBRARY });
  expect(ok).toBe(true);
  expect(checks['media-needed']).toMatchObject({ result: 'pass', message: expect.stringContaining('no model has a FileField or ImageField and the settings set no file storage') });
  for (const id of ['media-bucket-configured', 'media-bucket-exists', 'media-public-access', 'media-versioning', 'media-probe', 'django-storage']) expect(checks[id].result).toBe('skip');
  expect(checks['database-rds'].result).toBe('pass');
  expect(checks['django-database']).toMatchObject({ result: 'pass', message: expect.stringContaining(world.endpoint) });
});

test('without the image, shared media cannot be ruled out: the fix names media: none, which passes', async () => {
  const unknown = await verify(LIBRARY_ENV(), {});
  expect(unknown.ok).toBe(false);
  expect(unknown.error).toContain('media-bucket-configured');
  expect(unknown.checks['media-bucket-configured'].fix).toContain('set media: none if the app stores no uploaded files');
  const told = await verify(LIBRARY_ENV(), { media: 'none' });
  expect(told.ok).toBe(true);
  expect(told.checks['media-needed']).toMatchObject({ result: 'pass', message: expect.stringContaining('media: none') });
});

test('an app with a FileField needs the bucket, and the check says which field', async () => {
  const environment = { DATABASE_URL: world.databaseUrl, SECRET_KEY: 'plain-secret-key-for-tests', DEBUG: 'true' };
  const { ok, checks, error } = await verify(environment, { image: SHOP });
  expect(ok).toBe(false);
  expect(checks['media-needed'].message).toContain('file fields catalog.Product.photo');
  expect(error).toContain('media-bucket-configured: no AWS_STORAGE_BUCKET_NAME');
  const told = await verify(environment, { image: SHOP, media: 'none' });
  expect(told.checks['media-needed']).toMatchObject({ result: 'warn', message: expect.stringContaining('media: none, but the models have catalog.Product.photo') });
});

test('media: required checks the bucket of an app without file fields', async () => {
  const { checks } = await verify(LIBRARY_ENV(), { image: LIBRARY, media: 'required' });
  expect(checks['media-bucket-configured'].result).toBe('fail');
});
