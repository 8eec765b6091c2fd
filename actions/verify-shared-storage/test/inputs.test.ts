import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, InputReader, tableInputs } from '@tandem/kit';
import { readInputs } from '../src/inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'inputs-'));
writeFileSync(join(workspace, 'task-definition.json'), '{}');
const read = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ 'aws-region': 'eu-west-1', ...values })), workspace);

test('defaults', () => {
  expect(read({ cluster: 'prod', service: 'shop-web' })).toEqual({
    source: { kind: 'service', cluster: 'prod', service: 'shop-web' },
    containerName: '',
    databaseUrlEnv: 'DATABASE_URL',
    mediaBucketEnv: 'AWS_STORAGE_BUCKET_NAME',
    image: '',
    dockerConfig: '',
    settingsModule: '',
    requireRds: true,
    probe: true,
    probePrefix: 'verify-shared-storage-probe/',
    allowSecretResolution: false,
    failOn: 'error',
    media: 'auto',
    aws: { region: 'eu-west-1', maxAttempts: 8, idleTimeoutMs: 60_000, pathStyle: false },
  });
});

test.each([
  ['task-definition.json', { kind: 'file', path: join(workspace, 'task-definition.json') }],
  ['shop-web:42', { kind: 'reference', reference: 'shop-web:42' }],
  ['shop-web', { kind: 'reference', reference: 'shop-web' }],
  ['arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:42', { kind: 'reference', reference: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:42' }],
])('task-definition %s', (value, source) => {
  expect(read({ 'task-definition': value }).source).toEqual(source);
});

test.each([
  [{}, 'task-definition', 'is required'],
  [{ service: 'shop-web' }, 'cluster', 'is required with service'],
  [{ cluster: 'prod' }, 'service', 'is required with cluster'],
  [{ 'task-definition': 'shop-web:1', cluster: 'prod', service: 'web' }, 'task-definition', 'not both'],
  [{ 'task-definition': 'rendered/missing.json' }, 'task-definition', 'neither a file'],
  [{ cluster: 'prod cluster', service: 'web' }, 'cluster', 'is not an ECS cluster'],
  [{ 'task-definition': 'shop:1', 'database-url-env': 'DATABASE-URL' }, 'database-url-env', "is not an environment variable name: give the name of the task definition's variable that holds the database URL, such as DATABASE_URL"],
  [{ 'task-definition': 'shop:1', 'media-bucket-env': '$BUCKET' }, 'media-bucket-env', "'$BUCKET' would be the variable's value: give its name alone (BUCKET)"],
  [{ 'task-definition': 'shop:1', 'media-bucket-env': '${MEDIA_BUCKET}' }, 'media-bucket-env', "give its name alone (MEDIA_BUCKET)"],
  [{ 'task-definition': 'shop:1', 'media-bucket-env': 'shop-media' }, 'media-bucket-env', "'shop-media' is not an environment variable name: give the name of the task definition's variable that holds the media bucket, such as AWS_STORAGE_BUCKET_NAME"],
  [{ 'task-definition': 'shop:1', image: 'Shop Image' }, 'image', 'is not an image reference'],
  [{ 'task-definition': 'shop:1', 'settings-module': 'shop/settings.py' }, 'settings-module', "'shop/settings.py' is not a Python module path: give the module's dotted path as Python imports it, such as shop.settings"],
  [{ 'task-definition': 'shop:1', 'settings-module': './shop/settings/production.py' }, 'settings-module', 'such as shop.settings.production'],
  [{ 'task-definition': 'shop:1', 'settings-module': 'shop settings' }, 'settings-module', "'shop settings' is not a Python module path such as shop.settings"],
  [{ 'task-definition': 'shop:1', 'require-rds': 'yes' }, 'require-rds', 'expected true or false'],
  [{ 'task-definition': 'shop:1', probe: 'off' }, 'probe', 'expected true or false'],
  [{ 'task-definition': 'shop:1', 'allow-secret-resolution': '1' }, 'allow-secret-resolution', 'expected true or false'],
  [{ 'task-definition': 'shop:1', 'fail-on': 'warnings' }, 'fail-on', "expected one of 'error', 'warning'"],
  [{ 'task-definition': 'shop:1', media: 'no' }, 'media', "expected one of 'auto', 'required', 'none'"],
  [{ 'task-definition': 'shop:1', 'probe-prefix': 'probe' }, 'probe-prefix', 'ending in /'],
  [{ 'task-definition': 'shop:1', 'probe-prefix': '/probe/' }, 'probe-prefix', 'relative folder'],
  [{ 'task-definition': 'shop:1', 'aws-region': 'Europe' }, 'aws-region', 'is not an AWS region'],
  // Asked in eu-west-1, ECS would answer that they do not exist, as if the names were wrong.
  [{ cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/shop', service: 'web' }, 'cluster', 'is in us-east-1, but this step calls ECS in eu-west-1: set aws-region: us-east-1, or name one in eu-west-1'],
  [{ cluster: 'shop', service: 'arn:aws:ecs:us-east-1:123456789012:service/shop/web' }, 'service', 'is in us-east-1, but this step calls ECS in eu-west-1'],
  [{ 'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7' }, 'task-definition', 'is in us-east-1, but this step calls ECS in eu-west-1'],
  [{ 'task-definition': 'shop:1', 'max-attempts': '0' }, 'max-attempts', 'must be at least 1'],
])('%j is refused, naming %s', (values, input, message) => {
  let error: unknown;
  try {
    read(values);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).input).toBe(input);
  expect((error as Error).message).toContain(message);
});

test('image references docker accepts', () => {
  for (const image of ['shop:abc123', '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:abc123', '127.0.0.1:5000/team/shop@sha256:' + 'a'.repeat(64), 'sha256:' + 'b'.repeat(64)]) {
    expect(read({ 'task-definition': 'shop:1', image }).image).toBe(image);
  }
});
