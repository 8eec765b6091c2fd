import { serverSettingsCommand } from '@tandem/image';
import {
  MARKER, PLACEHOLDER_HOST, SNIPPET, namesRegistry, databaseSettingsCheck, dockerArguments, expectedDatabase, imageEnvironment, parseDatabaseUrl, parseEffectiveSettings, storageSettingsCheck,
  type EffectiveSettings, type Environment,
} from '@tandem/storage';

const RDS = 'shop.abcdefghijkl.eu-west-1.rds.amazonaws.com';
const effective = (database: Partial<EffectiveSettings['database']>, storage: Partial<EffectiveSettings['storage']> = {}): EffectiveSettings => ({
  django: '5.2',
  settingsModule: 'shop.settings',
  database: { ENGINE: 'django.db.backends.postgresql', HOST: RDS, NAME: 'shop', PORT: '5432', ...database },
  storage: { BACKEND: 'storages.backends.s3.S3Storage', bucket: 'shop-media', ...storage },
  mediaRoot: '/app/media',
});
const postgres = parseDatabaseUrl(`postgres://u@${RDS}/shop`);

test.each([
  ['as the environment says', effective({}), postgres, 'pass', 'as the environment says'],
  ['upper-case host with a trailing dot', effective({ HOST: `${RDS.toUpperCase()}.` }), postgres, 'pass', ''],
  ['SQLite although DATABASE_URL names postgres', effective({ ENGINE: 'django.db.backends.sqlite3', HOST: '', NAME: '/app/db.sqlite3' }), postgres, 'fail', 'the settings ignore it'],
  ['SQLite with nothing configured', effective({ ENGINE: 'django.db.backends.sqlite3', HOST: '' }), undefined, 'fail', 'own SQLite file'],
  ['another host than the environment', effective({ HOST: 'old-db.example.com' }), postgres, 'fail', 'somewhere else'],
  ['localhost hard-coded', effective({ HOST: 'localhost' }), undefined, 'fail', 'the task itself'],
])('database: %s', (_name, settings, expected, result, words) => {
  const check = databaseSettingsCheck(settings, expected, 'DATABASE_URL');
  expect(check.result).toBe(result);
  expect(check.message).toContain(words);
  if (result === 'fail') expect(check.fix).toContain('DATABASE_URL');
});

test.each([
  ['S3 on the bucket the environment names', {}, 'shop-media', 'pass'],
  ['the S3 backend of django-storages < 1.14', { BACKEND: 'storages.backends.s3boto3.S3Boto3Storage' }, 'shop-media', 'pass'],
  ['FileSystemStorage', { BACKEND: 'django.core.files.storage.FileSystemStorage', bucket: null }, 'shop-media', 'fail'],
  ['FileSystemStorage with no bucket configured', { BACKEND: 'django.core.files.storage.FileSystemStorage', bucket: null }, undefined, 'fail'],
  ['S3 on another bucket', { bucket: 'old-media' }, 'shop-media', 'fail'],
  ['S3 with no bucket name', { bucket: null }, 'shop-media', 'fail'],
  ['Google Cloud Storage', { BACKEND: 'storages.backends.gcloud.GoogleCloudStorage' }, 'shop-media', 'warn'],
])('storage: %s', (_name, storage, bucket, result) => {
  const check = storageSettingsCheck(effective({}, storage), bucket, 'AWS_STORAGE_BUCKET_NAME');
  expect(check.result).toBe(result);
  if (result !== 'pass') expect(check.fix).toContain('AWS_STORAGE_BUCKET_NAME');
});

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-AbCdEf';
test('secrets never reach the container: placeholders stand in, a database URL keeps its scheme', () => {
  const environment: Environment = new Map([
    ['DATABASE_URL', { kind: 'secret', from: ARN, value: 'mysql://u:hunter2@db.example.com/shop' }],
    ['SECRET_KEY', { kind: 'secret', from: ARN }],
    ['REDIS_HOST', { kind: 'secret', from: ARN }],
    ['ALLOWED_HOSTS', { kind: 'plain', value: 'shop.example.com' }],
  ]);
  const passed = imageEnvironment(environment, 'DATABASE_URL');
  expect(passed).toEqual({
    DATABASE_URL: `mysql://placeholder:placeholder@${PLACEHOLDER_HOST}:5432/placeholder`,
    SECRET_KEY: 'placeholder',
    REDIS_HOST: PLACEHOLDER_HOST,
    ALLOWED_HOSTS: 'shop.example.com',
  });
  expect(JSON.stringify(passed)).not.toContain('hunter2');
  expect(expectedDatabase(passed, 'DATABASE_URL')).toMatchObject({ engine: 'mysql', host: PLACEHOLDER_HOST });
});

test('an unresolved database URL secret becomes a postgres placeholder', () => {
  const passed = imageEnvironment(new Map([['DATABASE_URL', { kind: 'secret', from: ARN }]]), 'DATABASE_URL');
  expect(passed.DATABASE_URL).toMatch(/^postgres:\/\//);
});

test('DB_HOST style variables are what the image is compared with when there is no URL', () => {
  expect(expectedDatabase({ DB_ENGINE: 'django.db.backends.postgresql', DB_HOST: RDS }, 'DATABASE_URL')).toMatchObject({ engine: 'postgresql', host: RDS });
  expect(expectedDatabase({}, 'DATABASE_URL')).toBeUndefined();
});

test('docker runs with no network, no pull, and variables forwarded by name only', () => {
  const args = dockerArguments('shop:abc', { SECRET_KEY: 'placeholder', DATABASE_URL: 'postgres://u:pw@h/d' }, 'python3', false);
  expect(args.slice(0, 8)).toEqual(['run', '--rm', '--pull', 'never', '--network', 'none', '--entrypoint', 'python3']);
  expect(args).toEqual(expect.arrayContaining(['-e', 'DATABASE_URL', '-e', 'SECRET_KEY', 'shop:abc', '-c']));
  expect(args.join(' ')).not.toContain('pw@');
  // Without a module known: manage.py shell, after the prelude that takes the server's module where it differs.
  expect(dockerArguments('shop:abc', {}, 'python', true).slice(-7)).toEqual(['shop:abc', ...serverSettingsCommand(['shell', '-c', SNIPPET])]);
});

test.each([
  [`noise\n${MARKER}{"django":"5.2","settingsModule":"s","database":{"ENGINE":"e","HOST":"h","NAME":"n","PORT":""},"storage":{"BACKEND":"b","bucket":null},"mediaRoot":""}\n`, true],
  ['no marker at all', false],
  [`${MARKER}{not json`, false],
])('the settings line is found in the output: %#', (stdout, found) => {
  expect(parseEffectiveSettings(stdout) !== undefined).toBe(found);
});

describe('namesRegistry: only images that name their registry are pulled', () => {
  test.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop@sha256:' + 'a'.repeat(64), true],
    ['127.0.0.1:5000/shop:abc', true],
    ['localhost/shop:abc', true],
    ['ghcr.io/example/shop:1', true],
    ['shop:abc', false],
    ['library/python:3.12', false],
    ['example/shop:1', false],
  ])('%s: %s', (image, expected) => expect(namesRegistry(image)).toBe(expected));
});
