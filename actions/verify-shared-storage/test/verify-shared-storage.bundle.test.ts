import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { SHOP_IMAGE, useShopVariant } from '@tandem/standins/django-image';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { DB_PASSWORD, clients, register, sharedWorld, shopEnvironment, taskDefinition, webContainer, type World } from './world.js';

let world: World;
const moto = useMoto();
beforeEach(async () => {
  world = await sharedWorld();
});

const verify = (inputs: Record<string, string>) => runBundle('verify-shared-storage', { inputs, env: { AWS_ENDPOINT_URL: moto.endpoint } });

test('RDS + S3: the step passes, reports every check and leaves the bucket as it was', async () => {
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const run = await verify({ 'task-definition': arn });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.outputs.ok).toBe('true');
  const report = JSON.parse(run.outputs.report) as { ok: boolean; container: string; taskDefinition: string; checks: Array<{ id: string; result: string }> };
  expect(report).toMatchObject({ ok: true, container: 'web', taskDefinition: arn });
  expect(report.checks.filter((check) => check.result === 'fail')).toEqual([]);
  expect(report.checks.find((check) => check.id === 'media-probe')?.result).toBe('pass');
  expect(run.summary).toContain('<h2>Shared storage: every task shares one database and one media store</h2>');
  expect(run.summary).toContain('<td>database-rds</td><td>✅ pass</td>');
  expect(run.warnings).toEqual([expect.stringContaining('database-credentials')]);
  // The password was masked before anything could print it, and appears in no file the step wrote.
  const lines = run.stdout.split('\n');
  const firstMask = lines.indexOf(`::add-mask::${DB_PASSWORD}`);
  expect(firstMask).toBeGreaterThanOrEqual(0);
  expect(lines.findIndex((line) => line.startsWith('pass ') || line.startsWith('::warning::'))).toBeGreaterThan(firstMask);
  expect(lines.filter((line) => !line.startsWith('::add-mask::')).join('\n')).not.toContain(DB_PASSWORD);
  expect(JSON.stringify(run.files)).not.toContain(DB_PASSWORD);
  expect(JSON.stringify(run.files)).not.toContain(encodeURIComponent(DB_PASSWORD));
  const versions = await clients.s3().send(new ListObjectVersionsCommand({ Bucket: world.bucket }));
  expect([...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]).toEqual([]);
});

test('SQLite and a local media volume: the step fails, naming each check and its fix', async () => {
  const container = webContainer(shopEnvironment(world, { DATABASE_URL: 'sqlite:////app/data/db.sqlite3' }), { mountPoints: [{ sourceVolume: 'data', containerPath: '/app/data' }] });
  const arn = await register(taskDefinition(container, [{ name: 'data', host: {} }]));
  const run = await verify({ 'task-definition': arn });
  expect(run.code).toBe(1);
  expect(run.outputs.ok).toBe('false');
  const report = JSON.parse(run.outputs.report) as { checks: Array<{ id: string; result: string; fix?: string }> };
  const failed = report.checks.filter((check) => check.result === 'fail');
  expect(failed.map((check) => check.id)).toEqual(['database-engine', 'task-local-mounts']);
  for (const check of failed) expect(check.fix).toBeTruthy();
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/^verify-shared-storage: 2 check\(s\) failed: database-engine: SQLite \(\/app\/data\/db.sqlite3\)/);
  expect(run.errors[0]).toContain('task-local-mounts: /app/data is a bind mount (volume data) and the SQLite database /app/data/db.sqlite3 is there');
  expect(run.summary).toContain('<td>database-engine</td><td>❌ fail</td>');
  expect(run.summary).toContain('<h2>Shared storage: not shared</h2>');
});

test('bad input fails before any AWS call, naming the input', async () => {
  const run = await verify({ 'task-definition': 'shop-web:1', 'fail-on': 'sometimes' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringContaining("verify-shared-storage: Input 'fail-on': expected one of 'error', 'warning'")]);
  expect(run.outputs).toEqual({});
});

describe('with the image check', () => {
  const BROKEN = useShopVariant('sqlite-fallback');

  test('the example shop passes; the same task definition with settings that ignore DATABASE_URL fails', async () => {
    const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
    const good = await verify({ 'task-definition': arn, image: SHOP_IMAGE });
    expect(good.code).toBe(0);
    expect(good.summary).toContain('<td>django-database</td><td>✅ pass</td>');
    const bad = await verify({ 'task-definition': arn, image: BROKEN });
    expect(bad.code).toBe(1);
    expect(bad.outputs.ok).toBe('false');
    expect(bad.errors[0]).toMatch(/^verify-shared-storage: 1 check\(s\) failed: django-database: Django [\d.]+ \(shop.settings\) uses django.db.backends.sqlite3/);
    expect(bad.errors[0]).toContain('the settings ignore it');
    expect(JSON.stringify(bad.files)).not.toContain(DB_PASSWORD);
  });
});
