import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateDBClusterCommand, CreateDBProxyEndpointCommand, CreateGlobalClusterCommand, DescribeGlobalClustersCommand } from '@aws-sdk/client-rds';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { actionsOf, enforcePolicy, relaxPolicy, without, type Credentials, type PolicyDocument } from '@tandem/standins/iam';
import { REPO_ROOT, runBundle, type BundleRun } from '@tandem/standins/harness';
import { MOTO_S3_IAM } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';
import { clients, createShopProxy, register, sharedWorld, shopEnvironment, taskDefinition, webContainer, type World } from '../world.js';
import { MODES, README_PLACE, REFUSED_CALL, forMoto, policyOf, readmePolicies, type Mode } from './policy.js';
import { TEST_PLACE, bucketContents, scenarioOf, seedUploads, type Scenario } from './scenarios.js';

// Each mode's main scenario runs under exactly the README's policy with moto's IAM enforcement
// on, and fails when any one action is taken out of it. moto checks resources only for S3: the
// ECS, RDS, Secrets Manager and SSM statements are run with Resource "*" (see forMoto), so their
// resource scopes are written for AWS and not proven here. packages/standins/src/moto-s3-iam.py makes moto authorise
// HeadBucket and GetPublicAccessBlock with the IAM actions AWS uses.
let world: World;
let scenario: Scenario;
const moto = useMoto({ script: MOTO_S3_IAM, reset: 'file' });
afterEach(() => relaxPolicy(moto));

/** One world per mode: a run changes nothing in it (each test checks so, bar the one that may not delete), only IAM users pile up. */
async function buildWorld(mode: Mode): Promise<void> {
  await relaxPolicy(moto);
  await moto.reset();
  world = await sharedWorld();
  await seedUploads(clients.s3(), world.bucket);
  scenario = await scenarioOf(mode, world);
}

const s3As = (keys: Credentials) =>
  new S3Client({ region: TEST_PLACE.region, endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY } });

/** Runs the mode's scenario through the bundle as a deployer holding exactly `policy`. */
async function runUnder(policy: PolicyDocument): Promise<{ run: BundleRun; before: string[]; after: string[] }> {
  await relaxPolicy(moto);
  const before = await bucketContents(clients.s3(), world.bucket);
  const { admin, deployer } = await enforcePolicy(moto, forMoto(policy));
  const run = await runBundle('verify-shared-storage', { inputs: { ...scenario.inputs, 'max-attempts': '2' }, env: { ...deployer, AWS_ENDPOINT_URL: moto.endpoint } });
  const after = await bucketContents(s3As(admin), world.bucket);
  return { run, before, after };
}

test('the README gives exactly the policy each mode is tested with', () => {
  const readme = readFileSync(join(REPO_ROOT, 'actions/verify-shared-storage/README.md'), 'utf8');
  const documented = readmePolicies(readme);
  expect([...documented.keys()].sort()).toEqual([...MODES].sort());
  for (const mode of MODES) expect(documented.get(mode)).toEqual(policyOf(mode, README_PLACE));
});

describe.each(MODES)('%s', (mode) => {
  const policy = policyOf(mode, TEST_PLACE);
  beforeAll(() => buildWorld(mode));

  test('passes under exactly its policy, and leaves the bucket as it was', async () => {
    const { run, before, after } = await runUnder(policy);
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.outputs.report) as { ok: boolean; checks: Array<{ id: string; result: string }> };
    expect(report.ok).toBe(true);
    const results = Object.fromEntries(report.checks.map((check) => [check.id, check.result]));
    expect(results).toMatchObject({ 'database-rds': 'pass', 'media-bucket-exists': 'pass', 'media-public-access': 'pass', 'media-versioning': 'pass' });
    expect(results['media-probe']).toBe(mode === 'probe' ? 'pass' : 'skip');
    if (mode === 'secret-resolution') expect(results['secret-resolution']).toBe('pass');
    expect(after).toEqual(before);
  });

  test.each(actionsOf(policy))(`fails without %s`, async (action) => {
    const { run, before, after } = await runUnder(without(policy, action));
    expect(run.code).toBe(1);
    expect(run.outputs.ok ?? 'false').toBe('false');
    expect(run.errors).toEqual([expect.stringContaining(REFUSED_CALL[action])]);
    if (action === 's3:DeleteObjectVersion') {
      // A role that may write but not delete leaves the probe's object: the step says so.
      expect(run.errors[0]).toContain('the probe left 1 version(s) or delete marker(s) behind');
      expect(after.filter((entry) => !before.includes(entry))).toEqual([expect.stringMatching(/^version verify-shared-storage-probe\/1001-1-/)]);
    } else {
      expect(after).toEqual(before);
    }
  });
});

// The README's policies leave rds:DescribeGlobalClusters out: only a host that is an Aurora global
// database's writer endpoint reads it. Without it such a host fails, naming the permission.
test('a global writer endpoint: without rds:DescribeGlobalClusters the failure names it; with it, the check passes', async () => {
  await buildWorld('read-only');
  const rds = clients.rds();
  await rds.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'shop-global', Engine: 'aurora-postgresql' }));
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'shop-aurora', GlobalClusterIdentifier: 'shop-global', Engine: 'aurora-postgresql', MasterUsername: 'shop', MasterUserPassword: 'password-1' }));
  const endpoint = (await rds.send(new DescribeGlobalClustersCommand({}))).GlobalClusters?.[0]?.Endpoint as string;
  const environment = shopEnvironment(world, { DATABASE_URL: `postgres://shop:secret@${endpoint}:5432/shop` });
  scenario = { inputs: { 'task-definition': await register(taskDefinition(webContainer(environment))), probe: 'false' } };
  const policy = policyOf('read-only', TEST_PLACE);

  const denied = await runUnder(policy);
  expect(denied.run.code).toBe(1);
  expect(denied.run.errors.join('\n')).toContain(`${endpoint} is not the endpoint of any RDS instance, cluster, proxy or global database in us-east-1`);
  expect(denied.run.errors.join('\n')).toContain('(Aurora global databases not read: allow rds:DescribeGlobalClusters to check a global writer endpoint)');

  const allowed = await runUnder({ ...policy, Statement: [...policy.Statement, { Effect: 'Allow', Action: 'rds:DescribeGlobalClusters', Resource: '*' }] });
  expect(allowed.run.errors).toEqual([]);
  const report = JSON.parse(allowed.run.outputs.report) as { checks: Array<{ id: string; result: string; message: string }> };
  expect(report.checks.find((check) => check.id === 'database-rds')).toMatchObject({ result: 'pass', message: `${endpoint} is RDS global database shop-global (primary cluster shop-aurora) (aurora-postgresql)` });
});

// Route 53 is read only for a database host of the team's own name, so its two permissions are
// left out of the README's policies too. Without them such a host fails, naming them.
test('a CNAME of the team\'s own: without route53:ListHostedZones and route53:ListResourceRecordSets the failure names them; with them, the check passes', async () => {
  await buildWorld('read-only');
  const route53 = clients.route53();
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'shop.internal', CallerReference: 'shop-internal', HostedZoneConfig: { PrivateZone: true }, VPC: { VPCRegion: 'us-east-1', VPCId: 'vpc-0a1b2c3d' } }));
  await route53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: zone.HostedZone?.Id,
    ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'db.shop.internal', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: world.endpoint }] } }] },
  }));
  const environment = shopEnvironment(world, { DATABASE_URL: world.databaseUrl.replace(world.endpoint, 'db.shop.internal') });
  scenario = { inputs: { 'task-definition': await register(taskDefinition(webContainer(environment))), probe: 'false' } };
  const policy = policyOf('read-only', TEST_PLACE);

  const denied = await runUnder(policy);
  expect(denied.run.code).toBe(1);
  expect(denied.run.errors.join('\n')).toContain('db.shop.internal is not the endpoint of any RDS instance, cluster, proxy or global database in us-east-1');
  expect(denied.run.errors.join('\n')).toContain('(Route 53 not read: allow route53:ListHostedZones and route53:ListResourceRecordSets to follow a CNAME of your own to the database)');

  const allowed = await runUnder({ ...policy, Statement: [...policy.Statement, { Effect: 'Allow', Action: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'], Resource: '*' }] });
  expect(allowed.run.errors).toEqual([]);
  const report = JSON.parse(allowed.run.outputs.report) as { checks: Array<{ id: string; result: string; message: string }> };
  expect(report.checks.find((check) => check.id === 'database-rds')).toMatchObject({
    result: 'pass',
    message: `db.shop.internal (→ ${world.endpoint}, a CNAME in Route 53's private zone shop.internal) is RDS instance shop (postgres)`,
  });
});

// A proxy's endpoints are read only for a host that is one: the README's policies leave their
// permissions out. Without rds:DescribeDBProxies the failure names it and DescribeDBProxyTargets;
// with those and without rds:DescribeDBProxyEndpoints, an additional endpoint's failure names that.
test("a proxy's additional endpoint: each missing permission named in turn; with all three, the check passes", async () => {
  await buildWorld('read-only');
  const rds = clients.rds();
  const { subnets } = await createShopProxy();
  const address = (await rds.send(new CreateDBProxyEndpointCommand({ DBProxyName: 'shop-pool', DBProxyEndpointName: 'other-vpc', VpcSubnetIds: subnets }))).DBProxyEndpoint?.Endpoint as string;
  const environment = shopEnvironment(world, { DATABASE_URL: world.databaseUrl.replace(world.endpoint, address) });
  scenario = { inputs: { 'task-definition': await register(taskDefinition(webContainer(environment))), probe: 'false' } };
  const policy = policyOf('read-only', TEST_PLACE);
  const plus = (...actions: string[]) => ({ ...policy, Statement: [...policy.Statement, { Effect: 'Allow' as const, Action: actions, Resource: '*' }] });

  const noProxies = await runUnder(policy);
  expect(noProxies.run.errors.join('\n')).toContain('(RDS proxies not read: allow rds:DescribeDBProxies and rds:DescribeDBProxyTargets to check a proxy)');
  const noEndpoints = await runUnder(plus('rds:DescribeDBProxies', 'rds:DescribeDBProxyTargets'));
  expect(noEndpoints.run.errors.join('\n')).toContain(`${address} is not the endpoint of any RDS instance, cluster, proxy or global database in us-east-1`);
  expect(noEndpoints.run.errors.join('\n')).toContain("(RDS proxies' additional endpoints not read: allow rds:DescribeDBProxyEndpoints to check one)");

  const allowed = await runUnder(plus('rds:DescribeDBProxies', 'rds:DescribeDBProxyTargets', 'rds:DescribeDBProxyEndpoints'));
  expect(allowed.run.errors).toEqual([]);
  const report = JSON.parse(allowed.run.outputs.report) as { checks: Array<{ id: string; result: string; message: string }> };
  expect(report.checks.find((check) => check.id === 'database-rds')).toMatchObject({ result: 'pass', message: `${address} is RDS proxy other-vpc of shop-pool (to instance shop) (postgres)` });
});
