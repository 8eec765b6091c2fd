import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { SHOP_IMAGE, useShopVariant } from '@tandem/standins/django-image';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { findLeaks } from '@tandem/standins/leaks';
import { useMoto } from '@tandem/standins/use-moto';
import { register, sharedWorld, shopEnvironment, taskDefinition, webContainer, type World } from '../world.js';
import { TEST_PLACE, secretClients } from './scenarios.js';

// The whole step, with the image check on the example shop, run with AWS keys and a session token
// in its environment and a database password in each of the places it can come from; no secret
// may show anywhere the step wrote, except log lines after the runner's mask command for it.
const PASSWORD = 'Pw-7dq/Kx9@zR:vL2%mB';
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAZ7TRUSTTEST00001',
  AWS_SECRET_ACCESS_KEY: 'tRuSt/Te5t+Secret/Access/Key0000000000001',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEBkaDTrustTestSessionToken0000000001',
};
const SECRET_KEY = 'django-secret-key-trust-test-0001';

let world: World;
const moto = useMoto();
// The same image with one more settings module, which quotes DATABASE_URL in its error.
const LEAKY = useShopVariant('leaky-settings');
beforeEach(async () => {
  world = await sharedWorld();
});

const databaseUrl = (password: string) => `postgres://shop:${password}@${world.endpoint}:5432/shop`;
const encoded = () => databaseUrl(encodeURIComponent(PASSWORD));

/** Every form in which a secret could be printed. */
function secrets(url: string): string[] {
  return [PASSWORD, encodeURIComponent(PASSWORD), url, SECRET_KEY, ...Object.values(KEYS)];
}

async function verify(container: ReturnType<typeof webContainer>, extra: Record<string, string> = {}): Promise<BundleRun> {
  const arn = await register(taskDefinition(container));
  return runBundle('verify-shared-storage', {
    inputs: { 'task-definition': arn, image: SHOP_IMAGE, ...extra },
    env: { ...KEYS, AWS_ENDPOINT_URL: moto.endpoint },
  });
}

function expectPassed(run: BundleRun): void {
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.outputs.report) as { checks: Array<{ id: string; result: string }> };
  const results = Object.fromEntries(report.checks.map((check) => [check.id, check.result]));
  expect(results).toMatchObject({ 'database-rds': 'pass', 'media-probe': 'pass', 'django-database': 'pass', 'django-storage': 'pass' });
}

test('the password in a plain DATABASE_URL', async () => {
  const url = encoded();
  const run = await verify(webContainer(shopEnvironment(world, { DATABASE_URL: url, SECRET_KEY })));
  expectPassed(run);
  expect(run.masked).toEqual(expect.arrayContaining([PASSWORD, encodeURIComponent(PASSWORD), SECRET_KEY]));
  expect(findLeaks(run, secrets(url))).toEqual([]);
});

test('DATABASE_URL from Secrets Manager, resolved', async () => {
  const url = encoded();
  const secret = await secretClients.secretsManager().send(new CreateSecretCommand({ Name: TEST_PLACE.databaseSecret, SecretString: url }));
  const { DATABASE_URL: _secret, ...plain } = shopEnvironment(world, { SECRET_KEY });
  const run = await verify(webContainer(plain, { secrets: [{ name: 'DATABASE_URL', valueFrom: secret.ARN }] }), { 'allow-secret-resolution': 'true' });
  expectPassed(run);
  expect(run.masked).toEqual(expect.arrayContaining([url, PASSWORD, encodeURIComponent(PASSWORD)]));
  expect(findLeaks(run, secrets(url))).toEqual([]);
});

test('DATABASE_URL from an SSM SecureString, resolved, and the JSON key of a Secrets Manager secret', async () => {
  const url = encoded();
  await secretClients.ssm().send(new PutParameterCommand({ Name: '/shop/database-url', Value: url, Type: 'SecureString' }));
  const secret = await secretClients.secretsManager().send(new CreateSecretCommand({ Name: 'shop/django', SecretString: JSON.stringify({ key: SECRET_KEY }) }));
  const { DATABASE_URL: _secret, SECRET_KEY: _key, ...plain } = shopEnvironment(world);
  const container = webContainer(plain, {
    secrets: [
      { name: 'DATABASE_URL', valueFrom: `arn:aws:ssm:${TEST_PLACE.region}:${TEST_PLACE.account}:parameter/shop/database-url` },
      { name: 'SECRET_KEY', valueFrom: `${secret.ARN}:key::` },
    ],
  });
  const run = await verify(container, { 'allow-secret-resolution': 'true' });
  expectPassed(run);
  expect(findLeaks(run, secrets(url))).toEqual([]);
});

test.each<[string, Record<string, string>]>([
  ['the example settings', {}],
  ['settings that quote DATABASE_URL in their error', { image: LEAKY, 'settings-module': 'shop.leaky_settings' }],
])('a failing run: %s cannot load an unencoded password in DATABASE_URL', async (_settings, extra) => {
  // As typed by hand: the / and @ in the password are not URL-encoded, so Django cannot parse the
  // URL and its error shows in the image check. Neither the password nor any part of it may.
  const url = databaseUrl(PASSWORD);
  const run = await verify(webContainer(shopEnvironment(world, { DATABASE_URL: url, SECRET_KEY })), extra);
  expect(run.code).toBe(1);
  expect(run.errors[0]).toContain('database-configured: DATABASE_URL has a port that is not a number');
  expect(run.errors[0]).toContain("django-database: Django's settings could not be loaded");
  if (extra.image) expect(run.errors[0]).toContain(`ValueError: DATABASE_URL is not a valid URL: postgres://shop:***@${world.endpoint}:5432/shop`);
  const parts = PASSWORD.split(/[/@:%]/).filter((part) => part.length >= 4);
  expect(parts.length).toBeGreaterThan(0);
  expect(findLeaks(run, [...secrets(url), ...parts])).toEqual([]);
});
