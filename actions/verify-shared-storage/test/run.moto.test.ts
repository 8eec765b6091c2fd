import { dockerCli } from '@tandem/image';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, CreateServiceCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateDBClusterCommand, CreateDBProxyEndpointCommand, CreateGlobalClusterCommand, DescribeGlobalClustersCommand } from '@aws-sdk/client-rds';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import { DeletePublicAccessBlockCommand, ListObjectVersionsCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfigurationError, InputReader, makeClient, tableInputs } from '@tandem/kit';
import { type Check } from '@tandem/storage';
import { useMoto } from '@tandem/standins/use-moto';
import { recordingLog, type RecordingLog } from '@tandem/standins/log';
import { testContext } from '@tandem/standins/context';
import { readInputs } from '../src/inputs.js';
import type { Verdict } from '../src/report.js';
import { run, type Deps } from '../src/run.js';
import { DB_PASSWORD, clients, createShopProxy, register, sharedWorld, shopEnvironment, taskDefinition, webContainer, type World } from './world.js';

let world: World;
let log: RecordingLog;
let masked: string[];
useMoto();
beforeAll(() => {
  // Outputs go to a file as on a runner, not to the test log as deprecated commands.
  process.env.GITHUB_OUTPUT = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'output');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
});
afterAll(async () => {
  delete process.env.GITHUB_OUTPUT;
});
beforeEach(async () => {
  world = await sharedWorld();
  log = recordingLog();
  masked = [];
});

const settings = { region: 'us-east-1', maxAttempts: 2 };
function deps(): Deps {
  return {
    ...clients,
    secrets: { secretsManager: () => makeClient(SecretsManagerClient, settings, 'test'), ssm: () => makeClient(SSMClient, settings, 'test') },
    docker: dockerCli(),
    mask: (value) => masked.push(value),
    probeId: 'run-1',
  };
}

async function verify(values: Record<string, string>): Promise<{ verdict?: Verdict; error?: ConfigurationError; results: Record<string, string> }> {
  const inputs = readInputs(new InputReader(tableInputs({ 'aws-region': 'us-east-1', ...values })));
  try {
    const verdict = await run(inputs, deps(), testContext({ log }));
    return { verdict, results: resultsOf(verdict.checks) };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const reported = log.lines.map((line) => /^(?:pass|WARN|FAIL|skip) ([a-z-]+):/.exec(line.message)).filter(Boolean) as RegExpExecArray[];
    const results = Object.fromEntries(reported.map((match) => [match[1], match[0].split(' ')[0].toLowerCase()]));
    return { error, results };
  }
}
const resultsOf = (checks: Check[]) => Object.fromEntries(checks.map((check) => [check.id, check.result]));

test('RDS + S3 passes every check, and the probe leaves the bucket as it was', async () => {
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const before = await clients.s3().send(new ListObjectVersionsCommand({ Bucket: world.bucket }));
  const { verdict, results } = await verify({ 'task-definition': arn });
  expect(results).toEqual({
    'database-configured': 'pass',
    'database-credentials': 'warn',
    'database-engine': 'pass',
    'database-host': 'pass',
    'database-rds': 'pass',
    'database-resilience': 'pass',
    'media-needed': 'pass',
    'media-bucket-configured': 'pass',
    'media-bucket-exists': 'pass',
    'media-public-access': 'pass',
    'media-versioning': 'pass',
    'media-probe': 'pass',
    'task-local-mounts': 'pass',
    'django-database': 'skip',
    'django-storage': 'skip',
  });
  expect(verdict?.ok).toBe(true);
  const after = await clients.s3().send(new ListObjectVersionsCommand({ Bucket: world.bucket }));
  expect(after.Versions ?? []).toEqual(before.Versions ?? []);
  expect(after.DeleteMarkers ?? []).toEqual(before.DeleteMarkers ?? []);
  expect(masked).toEqual(expect.arrayContaining([encodeURIComponent(DB_PASSWORD), DB_PASSWORD, 'plain-secret-key-for-tests']));
  expect(log.text()).not.toContain(DB_PASSWORD);
  expect(JSON.stringify(verdict?.report)).not.toContain(encodeURIComponent(DB_PASSWORD));
});

test('a plain password warns, and fail-on warning turns that into a failed step', async () => {
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const { error } = await verify({ 'task-definition': arn, 'fail-on': 'warning' });
  expect(error?.message).toContain('1 check(s) failed or warned: database-credentials');
});

test.each([
  ['SQLite', { DATABASE_URL: 'sqlite:////app/db.sqlite3' }, { 'database-engine': 'fail', 'database-rds': 'skip' }, 'database-engine: SQLite'],
  ['a localhost database', { DATABASE_URL: 'postgres://shop@localhost:5432/shop' }, { 'database-host': 'fail', 'database-rds': 'fail' }, 'database-host'],
  ['a database outside RDS', { DATABASE_URL: 'postgres://shop@db.example.com:5432/shop' }, { 'database-host': 'pass', 'database-rds': 'fail' }, 'database-rds: db.example.com is not the endpoint'],
  ['a missing bucket', { AWS_STORAGE_BUCKET_NAME: 'shop-media-typo' }, { 'media-bucket-exists': 'fail', 'media-probe': 'skip' }, 'media-bucket-exists: AWS_STORAGE_BUCKET_NAME names shop-media-typo, which does not exist'],
  ['no bucket at all', { AWS_STORAGE_BUCKET_NAME: '' }, { 'media-bucket-configured': 'fail' }, 'media-bucket-configured'],
  // django-storages would put it in front of its own endpoint: shop-media.s3.amazonaws.com.s3.amazonaws.com.
  ['the bucket\'s endpoint for its name', { AWS_STORAGE_BUCKET_NAME: 'shop-media.s3.amazonaws.com' }, { 'media-bucket-configured': 'fail', 'media-bucket-exists': 'skip' }, "media-bucket-configured: AWS_STORAGE_BUCKET_NAME: 'shop-media.s3.amazonaws.com' is the bucket's S3 endpoint: give its name alone (shop-media)"],
])('%s fails, naming the check and the fix', async (_name, overrides, expected, message) => {
  const environment = Object.fromEntries(Object.entries(shopEnvironment(world, overrides)).filter(([, value]) => value !== ''));
  const arn = await register(taskDefinition(webContainer(environment)));
  const { error, results } = await verify({ 'task-definition': arn });
  expect(error?.message).toContain(message);
  expect(error?.message).toContain('Fix: ');
  expect(results).toMatchObject(expected);
});

test('a database reached through an RDS Proxy is checked as the instance behind it', async () => {
  const { endpoint: proxy } = await createShopProxy();
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: world.databaseUrl.replace(world.endpoint, proxy) }))));
  const { verdict, results } = await verify({ 'task-definition': arn });
  expect(results).toMatchObject({ 'database-rds': 'pass', 'database-resilience': 'pass' });
  expect(verdict?.checks.find((check) => check.id === 'database-rds')?.message).toBe(`${proxy} is RDS proxy shop-pool (to instance shop) (postgres)`);
});

test("a proxy's additional endpoint: a READ_WRITE one is checked as the proxy, a READ_ONLY one fails, as it refuses writes", async () => {
  const rds = clients.rds();
  const { subnets } = await createShopProxy();
  const endpointOf = async (name: string, role: 'READ_WRITE' | 'READ_ONLY') =>
    (await rds.send(new CreateDBProxyEndpointCommand({ DBProxyName: 'shop-pool', DBProxyEndpointName: name, VpcSubnetIds: subnets, TargetRole: role }))).DBProxyEndpoint?.Endpoint as string;
  const other = await endpointOf('other-vpc', 'READ_WRITE');
  const readers = await endpointOf('readers', 'READ_ONLY');
  expect(other).toMatch(/^other-vpc\.endpoint\.proxy-\w+\.us-east-1\.rds\.amazonaws\.com$/);

  const writes = await verify({ 'task-definition': await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: world.databaseUrl.replace(world.endpoint, other) })))) });
  expect(writes.results).toMatchObject({ 'database-rds': 'pass', 'database-resilience': 'pass' });
  expect(writes.verdict?.checks.find((check) => check.id === 'database-rds')?.message).toBe(`${other} is RDS proxy other-vpc of shop-pool (to instance shop) (postgres)`);

  const reads = await verify({ 'task-definition': await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: world.databaseUrl.replace(world.endpoint, readers) })))) });
  expect(reads.results['database-rds']).toBe('fail');
  expect(reads.error?.message).toContain(`database-rds: ${readers} is RDS proxy read-only endpoint readers of shop-pool (to instance shop) (postgres): a READ_ONLY proxy endpoint sends connections to the readers, which refuse writes`);
  expect(reads.error?.message).toContain("Use proxy shop-pool's default endpoint (Endpoint in DescribeDBProxies) or a READ_WRITE endpoint of it");
});

// Teams serving several regions keep one Aurora global database; its writer endpoint leads to the primary cluster.
test('a database reached through an Aurora global writer endpoint is checked as its primary cluster', async () => {
  const rds = clients.rds();
  await rds.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'shop-global', Engine: 'aurora-postgresql' }));
  await rds.send(new CreateDBClusterCommand({
    DBClusterIdentifier: 'shop-aurora', GlobalClusterIdentifier: 'shop-global', Engine: 'aurora-postgresql', MasterUsername: 'shop', MasterUserPassword: 'password-1', BackupRetentionPeriod: 7, StorageEncrypted: true,
  }));
  const endpoint = (await rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: 'shop-global' }))).GlobalClusters?.[0]?.Endpoint as string;
  expect(endpoint).toMatch(/^shop-global\.global-\w+\.global\.rds\.amazonaws\.com$/);
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: `postgres://shop:secret@${endpoint}:5432/shop` }))));
  const { verdict, results } = await verify({ 'task-definition': arn });
  expect(results['database-rds']).toBe('pass');
  expect(verdict?.checks.find((check) => check.id === 'database-rds')?.message).toBe(`${endpoint} is RDS global database shop-global (primary cluster shop-aurora) (aurora-postgresql)`);
  expect(verdict?.checks.find((check) => check.id === 'database-resilience')?.message).toMatch(/^global database shop-global \(primary cluster shop-aurora\): Multi-AZ (yes|no), automated backups kept 7 day\(s\), storage encrypted$/);
});

/** A hosted zone with CNAME records (name to target), private to a VPC or public. */
async function zoneWith(name: string, cnames: Record<string, string>, privateZone: boolean): Promise<void> {
  const route53 = clients.route53();
  const created = await route53.send(new CreateHostedZoneCommand({
    Name: name, CallerReference: `${name}-${privateZone}-${Date.now()}`,
    ...(privateZone ? { HostedZoneConfig: { PrivateZone: true }, VPC: { VPCRegion: 'us-east-1', VPCId: 'vpc-0a1b2c3d' } } : {}),
  }));
  await route53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: created.HostedZone?.Id,
    ChangeBatch: { Changes: Object.entries(cnames).map(([record, target]) => ({ Action: 'CREATE', ResourceRecordSet: { Name: record, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: target }] } })) },
  }));
}

// Teams often give the database a name of their own, a CNAME in a private zone that only the VPC
// resolves (so not by DNS from a GitHub-hosted runner): the record is read from Route 53.
test('a database host of the team\'s own, CNAMEs in a private Route 53 zone to the RDS endpoint, is checked as that instance', async () => {
  await zoneWith('shop.internal', { 'db.shop.internal': 'primary.shop.internal', 'primary.shop.internal': world.endpoint }, true);
  // The public zone of the same name (split horizon) answers otherwise outside the VPC: the tasks see the private one.
  await zoneWith('shop.internal', { 'db.shop.internal': 'db.example.com' }, false);
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: world.databaseUrl.replace(world.endpoint, 'db.shop.internal') }))));
  const { verdict, results } = await verify({ 'task-definition': arn });
  expect(results).toMatchObject({ 'database-rds': 'pass', 'database-resilience': 'pass' });
  expect(verdict?.checks.find((check) => check.id === 'database-rds')?.message).toBe(
    `db.shop.internal (→ primary.shop.internal → ${world.endpoint}, CNAMEs in Route 53's private zone shop.internal) is RDS instance shop (postgres)`,
  );
});

test('a CNAME of the team\'s own that leads outside RDS fails, naming where it leads', async () => {
  await zoneWith('shop.example.org', { 'db.shop.example.org': 'db.example.com' }, false);
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: 'postgres://shop:secret@db.shop.example.org:5432/shop' }))));
  const { error, results } = await verify({ 'task-definition': arn });
  expect(results['database-rds']).toBe('fail');
  expect(error?.message).toContain("database-rds: db.shop.example.org (→ db.example.com, a CNAME in Route 53's public zone shop.example.org) is not the endpoint of any RDS instance");
  expect(error?.message).toContain('or to a name of yours with a CNAME to it in one of this account\'s Route 53 zones');
});

test('a local media volume fails; the same path on EFS passes', async () => {
  const mounted = webContainer(shopEnvironment(world), { mountPoints: [{ sourceVolume: 'media', containerPath: '/app/media' }] });
  const local = await register(taskDefinition(mounted, [{ name: 'media', host: { sourcePath: '/srv/media' } }]));
  const failed = await verify({ 'task-definition': local });
  expect(failed.results['task-local-mounts']).toBe('fail');
  expect(failed.error?.message).toContain('/app/media is a bind mount (volume media)');
  const efs = await register(taskDefinition(mounted, [{ name: 'media', efsVolumeConfiguration: { fileSystemId: 'fs-12345678' } }]));
  expect((await verify({ 'task-definition': efs })).results['task-local-mounts']).toBe('pass');
});

test('a bucket anyone can list fails', async () => {
  await clients.s3().send(new PutBucketPolicyCommand({
    Bucket: world.bucket,
    Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:ListBucket', 's3:GetObject'], Resource: [`arn:aws:s3:::${world.bucket}`, `arn:aws:s3:::${world.bucket}/*`] }] }),
  }));
  // RestrictPublicBuckets neutralises such a policy; without it, the listing is public.
  await clients.s3().send(new DeletePublicAccessBlockCommand({ Bucket: world.bucket }));
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const { error } = await verify({ 'task-definition': arn });
  expect(error?.message).toContain('media-public-access: anyone can list every upload in shop-media');
});

test('probe: false writes nothing', async () => {
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const { results } = await verify({ 'task-definition': arn, probe: 'false' });
  expect(results['media-probe']).toBe('skip');
  const versions = await clients.s3().send(new ListObjectVersionsCommand({ Bucket: world.bucket }));
  expect(versions.Versions ?? []).toEqual([]);
});

test('a DATABASE_URL secret is reported by reference, and resolved and matched only when allowed', async () => {
  const secret = await makeClient(SecretsManagerClient, settings, 'test').send(new CreateSecretCommand({ Name: 'shop/database-url', SecretString: world.databaseUrl }));
  const { DATABASE_URL: _inSecret, ...plain } = shopEnvironment(world);
  const arn = await register(taskDefinition(webContainer(plain, { secrets: [{ name: 'DATABASE_URL', valueFrom: secret.ARN }] })));
  const byReference = await verify({ 'task-definition': arn });
  expect(byReference.results).toMatchObject({ 'database-configured': 'pass', 'database-host': 'skip', 'database-rds': 'warn' });
  expect(byReference.verdict?.ok).toBe(true);
  expect(masked).not.toContain(world.databaseUrl);

  const resolved = await verify({ 'task-definition': arn, 'allow-secret-resolution': 'true' });
  expect(resolved.results).toMatchObject({ 'secret-resolution': 'pass', 'database-host': 'pass', 'database-rds': 'pass' });
  expect(resolved.results['database-credentials']).toBeUndefined();
  expect(masked).toEqual(expect.arrayContaining([world.databaseUrl, encodeURIComponent(DB_PASSWORD), DB_PASSWORD]));
  expect(log.text()).not.toContain(world.databaseUrl);
});

test("the service's current task definition is the one checked", async () => {
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world, { DATABASE_URL: 'sqlite:///db.sqlite3' }))));
  await clients.ecs().send(new CreateClusterCommand({ clusterName: 'prod' }));
  await clients.ecs().send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'shop-web', taskDefinition: arn, desiredCount: 2 }));
  const { error, results } = await verify({ cluster: 'prod', service: 'shop-web' });
  expect(results['database-engine']).toBe('fail');
  expect(log.text()).toContain(`Checking container web of ${arn}`);
  expect(error).toBeDefined();
  const missing = await verify({ cluster: 'prod', service: 'nope' }).catch((thrown: Error) => thrown);
  expect((missing as { error?: Error }).error?.message ?? (missing as Error).message).toMatch(/service nope in cluster prod/);
});

test('a task definition file written by describe-task-definition is read as is', async () => {
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const described = await clients.ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
  const dir = mkdtempSync(join(tmpdir(), 'td-'));
  writeFileSync(join(dir, 'td.json'), JSON.stringify({ taskDefinition: described.taskDefinition }));
  const { verdict } = await verify({ 'task-definition': join(dir, 'td.json') });
  expect(verdict?.ok).toBe(true);
  expect(verdict?.report).toMatchObject({ taskDefinition: join(dir, 'td.json'), container: 'web' });
});
