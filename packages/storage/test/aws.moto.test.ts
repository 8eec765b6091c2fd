import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBProxyCommand, CreateDBProxyEndpointCommand, CreateGlobalClusterCommand, DescribeDBInstancesCommand, DescribeDBProxiesCommand, DescribeGlobalClustersCommand, RDSClient, RegisterDBProxyTargetsCommand } from '@aws-sdk/client-rds';
import {
  CreateBucketCommand, ListObjectVersionsCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, PutPublicAccessBlockCommand, S3Client,
} from '@aws-sdk/client-s3';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { makeClient } from '@tandem/kit';
import {
  bucketExistsCheck, describeGlobalClusters, followCname, listProxyEndpoints, listProxyExtraEndpoints, listRdsEndpoints, parseDatabaseUrl, probeBucket, publicAccess, rdsCheck, resilienceCheck, resolveSecrets, versioningCheck, type Environment,
} from '@tandem/storage';
import { defaultSubnetIds } from '@tandem/standins/ecs-world';
import { useMoto } from '@tandem/standins/use-moto';

useMoto();

const settings = { region: 'us-east-1', maxAttempts: 2 };
const rds = () => makeClient(RDSClient, settings, 'test');
const s3 = () => makeClient(S3Client, settings, 'test');

async function createInstance(id: string, options: { multiAz?: boolean; backups?: number } = {}) {
  await rds().send(new CreateDBInstanceCommand({
    DBInstanceIdentifier: id, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', MasterUsername: 'shop', MasterUserPassword: 'password-1',
    AllocatedStorage: 20, MultiAZ: options.multiAz ?? true, BackupRetentionPeriod: options.backups ?? 7, StorageEncrypted: true,
  }));
  const described = await rds().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  return described.DBInstances?.[0]?.Endpoint?.Address as string;
}

describe('RDS', () => {
  test('a host that is an instance endpoint passes, with Multi-AZ, backups and encryption reported', async () => {
    const address = await createInstance('shop');
    const endpoints = await listRdsEndpoints(rds());
    const target = parseDatabaseUrl(`postgres://shop@${address}:5432/shop`);
    expect(rdsCheck(target, endpoints, 'us-east-1')).toMatchObject({ result: 'pass', message: expect.stringContaining('instance shop (postgres)') });
    expect(resilienceCheck(target, endpoints)).toMatchObject({ result: 'pass', message: 'instance shop: Multi-AZ yes, automated backups kept 7 day(s), storage encrypted' });
  });

  test('a single-AZ instance without backups is reported with what to change', async () => {
    const address = await createInstance('small', { multiAz: false, backups: 0 });
    const check = resilienceCheck(parseDatabaseUrl(`postgres://u@${address}/x`), await listRdsEndpoints(rds()));
    expect(check.result).toBe('warn');
    expect(check.fix).toContain('Multi-AZ');
    expect(check.fix).toContain('backup retention');
  });

  test('a host that matches nothing fails and lists what is there', async () => {
    const address = await createInstance('shop');
    const check = rdsCheck(parseDatabaseUrl('postgres://u@old-db.example.com/x'), await listRdsEndpoints(rds()), 'us-east-1');
    expect(check.result).toBe('fail');
    expect(check.message).toContain(address);
  });

  test('cluster writer and reader endpoints are known; the reader fails', async () => {
    const cluster = await rds().send(new CreateDBClusterCommand({ DBClusterIdentifier: 'aurora', Engine: 'aurora-postgresql', MasterUsername: 'shop', MasterUserPassword: 'password-1' }));
    const endpoints = await listRdsEndpoints(rds());
    const writer = cluster.DBCluster?.Endpoint as string;
    const reader = cluster.DBCluster?.ReaderEndpoint as string;
    expect(rdsCheck(parseDatabaseUrl(`postgres://u@${writer}/x`), endpoints, 'us-east-1').result).toBe('pass');
    expect(rdsCheck(parseDatabaseUrl(`postgres://u@${reader}/x`), endpoints, 'us-east-1')).toMatchObject({ result: 'fail', message: expect.stringContaining('reader') });
    expect(rdsCheck(parseDatabaseUrl(`mysql://u@${writer}/x`), endpoints, 'us-east-1')).toMatchObject({ result: 'fail', message: expect.stringContaining('runs aurora-postgresql') });
    expect(rdsCheck(parseDatabaseUrl(`postgres://u@${writer}:6432/x`), endpoints, 'us-east-1')).toMatchObject({ result: 'fail', message: expect.stringContaining('port 6432') });
  });

  // An Aurora instance's own endpoint answers while it is the writer; after a failover it is a reader.
  test('an Aurora instance endpoint: the writer warns that a failover moves the writes, a reader fails', async () => {
    const cluster = await rds().send(new CreateDBClusterCommand({ DBClusterIdentifier: 'aurora', Engine: 'aurora-postgresql', MasterUsername: 'shop', MasterUserPassword: 'password-1' }));
    // Two zones: the cluster is Multi-AZ, while each Aurora instance reports MultiAZ false.
    for (const [id, zone] of [['aurora-1', 'us-east-1a'], ['aurora-2', 'us-east-1b']]) {
      await rds().send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, DBClusterIdentifier: 'aurora', Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', AvailabilityZone: zone }));
    }
    const endpoints = await listRdsEndpoints(rds());
    const address = (id: string) => endpoints.find((endpoint) => endpoint.kind === 'instance' && endpoint.id === id)?.address as string;
    expect(endpoints.filter((endpoint) => endpoint.kind === 'instance').map((endpoint) => [endpoint.id, endpoint.member])).toEqual([
      ['aurora-1', { cluster: 'aurora', writer: true }],
      ['aurora-2', { cluster: 'aurora', writer: false }],
    ]);
    expect(rdsCheck(parseDatabaseUrl(`postgres://u@${address('aurora-1')}/x`), endpoints, 'us-east-1')).toMatchObject({
      result: 'warn',
      message: expect.stringContaining('the writer of Aurora cluster aurora now: after a failover another instance takes the writes'),
      fix: expect.stringContaining(`Use the writer endpoint of cluster aurora`),
    });
    expect(resilienceCheck(parseDatabaseUrl(`postgres://u@${address('aurora-1')}/x`), endpoints).message).toMatch(/^instance aurora-1: Multi-AZ yes/);
    expect(rdsCheck(parseDatabaseUrl(`postgres://u@${address('aurora-2')}/x`), endpoints, 'us-east-1')).toMatchObject({
      result: 'fail',
      message: expect.stringContaining('a reader instance of Aurora cluster aurora, which refuses writes'),
    });
    expect(rdsCheck(parseDatabaseUrl(`postgres://u@${cluster.DBCluster?.Endpoint}/x`), endpoints, 'us-east-1').result).toBe('pass');
  });

  // A Django app under many tasks often connects through an RDS Proxy, which pools connections.
  test('a proxy to an instance passes as that instance, with its resilience; a proxy with no target of ours is not listed', async () => {
    await createInstance('shop');
    const subnets = (await defaultSubnetIds()).slice(0, 2);
    const proxy = async (name: string) =>
      (await rds().send(new CreateDBProxyCommand({
        DBProxyName: name, EngineFamily: 'POSTGRESQL', RoleArn: 'arn:aws:iam::123456789012:role/shop-proxy', VpcSubnetIds: subnets,
        Auth: [{ AuthScheme: 'SECRETS', SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db', IAMAuth: 'DISABLED' }],
      }))).DBProxy?.Endpoint as string;
    const address = await proxy('shop-proxy');
    await proxy('idle-proxy');
    await rds().send(new RegisterDBProxyTargetsCommand({ DBProxyName: 'shop-proxy', DBInstanceIdentifiers: ['shop'] }));
    const direct = await listRdsEndpoints(rds());
    const proxies = await listProxyEndpoints(rds(), direct);
    expect(proxies.map((endpoint) => [endpoint.address, endpoint.kind, endpoint.id])).toEqual([[address, 'proxy', 'shop-proxy (to instance shop)']]);
    const target = parseDatabaseUrl(`postgres://shop@${address}:5432/shop`);
    const endpoints = [...direct, ...proxies];
    expect(rdsCheck(target, endpoints, 'us-east-1')).toMatchObject({ result: 'pass', message: `${address} is RDS proxy shop-proxy (to instance shop) (postgres)` });
    expect(resilienceCheck(target, endpoints)).toMatchObject({ result: 'pass', message: 'proxy shop-proxy (to instance shop): Multi-AZ yes, automated backups kept 7 day(s), storage encrypted' });
    // Without the proxies, the same host is no endpoint of ours.
    expect(rdsCheck(target, direct, 'us-east-1', 'RDS proxies not read')).toMatchObject({ result: 'fail', message: expect.stringContaining('is not the endpoint of any RDS instance, cluster, proxy or global database in us-east-1; the 1 endpoint(s) there: ') });
  });

  test("a proxy's additional endpoints, read page by page (20 a page, the API's least): each judged as its proxy, the default one left out", async () => {
    await createInstance('shop');
    const subnets = (await defaultSubnetIds()).slice(0, 2);
    await rds().send(new CreateDBProxyCommand({
      DBProxyName: 'shop-proxy', EngineFamily: 'POSTGRESQL', RoleArn: 'arn:aws:iam::123456789012:role/shop-proxy', VpcSubnetIds: subnets,
      Auth: [{ AuthScheme: 'SECRETS', SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db', IAMAuth: 'DISABLED' }],
    }));
    await rds().send(new RegisterDBProxyTargetsCommand({ DBProxyName: 'shop-proxy', DBInstanceIdentifiers: ['shop'] }));
    for (let index = 0; index < 24; index += 1) {
      await rds().send(new CreateDBProxyEndpointCommand({ DBProxyName: 'shop-proxy', DBProxyEndpointName: `vpc-${String(index).padStart(2, '0')}`, VpcSubnetIds: subnets }));
    }
    const last = (await rds().send(new CreateDBProxyEndpointCommand({ DBProxyName: 'shop-proxy', DBProxyEndpointName: 'readers', VpcSubnetIds: subnets, TargetRole: 'READ_ONLY' }))).DBProxyEndpoint?.Endpoint as string;
    const direct = await listRdsEndpoints(rds());
    const extra = await listProxyExtraEndpoints(rds(), await listProxyEndpoints(rds(), direct), 20);
    expect(extra).toHaveLength(25);
    expect(extra.at(-1)).toMatchObject({ address: last, kind: 'proxy read-only endpoint', id: 'readers of shop-proxy (to instance shop)', proxy: 'shop-proxy', multiAz: true });
    // A proxy that is not ours (no target among the endpoints) gives none.
    expect(await listProxyExtraEndpoints(rds(), [], 20)).toEqual([]);
  });

  test('every page of DescribeDBInstances is read', async () => {
    for (let index = 0; index < 23; index += 1) await createInstance(`db-${String(index).padStart(2, '0')}`);
    const endpoints = await listRdsEndpoints(rds(), 20);
    expect(endpoints.filter((endpoint) => endpoint.kind === 'instance')).toHaveLength(23);
  });

  // moto answers these two in one page; its stand-in pages them as the API does (moto-rds-pages.py).
  test('every page of DescribeDBProxies is read: the one proxy of ours is the 23rd', async () => {
    await createInstance('shop');
    const subnets = (await defaultSubnetIds()).slice(0, 2);
    for (let index = 0; index < 23; index += 1) {
      await rds().send(new CreateDBProxyCommand({
        DBProxyName: `pool-${String(index).padStart(2, '0')}`, EngineFamily: 'POSTGRESQL', RoleArn: 'arn:aws:iam::123456789012:role/shop-proxy', VpcSubnetIds: subnets,
        Auth: [{ AuthScheme: 'SECRETS', SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db', IAMAuth: 'DISABLED' }],
      }));
    }
    await rds().send(new RegisterDBProxyTargetsCommand({ DBProxyName: 'pool-22', DBInstanceIdentifiers: ['shop'] }));
    const first = await rds().send(new DescribeDBProxiesCommand({ MaxRecords: 20 }));
    expect([first.DBProxies?.length, first.Marker]).toEqual([20, expect.any(String)]);
    const proxies = await listProxyEndpoints(rds(), await listRdsEndpoints(rds()), 20);
    expect(proxies.map((endpoint) => endpoint.id)).toEqual(['pool-22 (to instance shop)']);
  });

  test('every page of DescribeGlobalClusters is read', async () => {
    for (let index = 0; index < 22; index += 1) await rds().send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: `global-${String(index).padStart(2, '0')}`, Engine: 'aurora-postgresql' }));
    const first = await rds().send(new DescribeGlobalClustersCommand({ MaxRecords: 20 }));
    expect([first.GlobalClusters?.length, first.Marker]).toEqual([20, expect.any(String)]);
    expect((await describeGlobalClusters(rds(), 20)).map((cluster) => cluster.GlobalClusterIdentifier)).toHaveLength(22);
  });
});

async function bucketState(bucket: string) {
  const objects = await s3().send(new ListObjectsV2Command({ Bucket: bucket }));
  const versions = await s3().send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return {
    objects: (objects.Contents ?? []).map((object) => `${object.Key} ${object.ETag}`).sort(),
    versions: [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].map((entry) => `${entry.Key} ${entry.VersionId}`).sort(),
  };
}

describe('S3', () => {
  test.each([
    ['an unversioned bucket', undefined],
    ['a versioned bucket', 'Enabled'],
    ['a bucket with versioning suspended', 'Suspended'],
  ] as const)('the probe leaves %s exactly as it found it', async (_name, versioning) => {
    await s3().send(new CreateBucketCommand({ Bucket: 'shop-media' }));
    if (versioning) await s3().send(new PutBucketVersioningCommand({ Bucket: 'shop-media', VersioningConfiguration: { Status: 'Enabled' } }));
    await s3().send(new PutObjectCommand({ Bucket: 'shop-media', Key: 'media/cat.jpg', Body: 'meow' }));
    await s3().send(new PutObjectCommand({ Bucket: 'shop-media', Key: 'verify-shared-storage-probe/keep-me', Body: 'not ours' }));
    if (versioning === 'Suspended') await s3().send(new PutBucketVersioningCommand({ Bucket: 'shop-media', VersioningConfiguration: { Status: 'Suspended' } }));
    const before = await bucketState('shop-media');
    const check = await probeBucket(s3(), { bucket: 'shop-media', prefix: 'verify-shared-storage-probe/', id: 'run-1' });
    expect(check).toMatchObject({ id: 'media-probe', result: 'pass', message: expect.stringContaining('nothing left behind') });
    expect(await bucketState('shop-media')).toEqual(before);
  });

  test('a missing bucket fails with what to do', async () => {
    const check = await bucketExistsCheck(s3(), 'no-such-media', 'AWS_STORAGE_BUCKET_NAME');
    expect(check).toMatchObject({ result: 'fail', message: expect.stringContaining('does not exist') });
    expect(check.fix).toContain('Create the bucket');
  });

  test('a probe into a bucket that refuses writes fails and still leaves nothing', async () => {
    const check = await probeBucket(s3(), { bucket: 'gone-bucket', prefix: 'p/', id: 'x' });
    expect(check.result).toBe('fail');
    expect(check.message).toContain('NoSuchBucket');
  });

  test('public listing through the bucket policy fails; Block Public Access passes', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'open-media' }));
    await s3().send(new PutBucketPolicyCommand({
      Bucket: 'open-media',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'PublicList', Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::open-media' }] }),
    }));
    expect(await publicAccess(s3(), 'open-media')).toMatchObject({ result: 'fail', message: expect.stringContaining('bucket policy PublicList') });

    await s3().send(new CreateBucketCommand({ Bucket: 'closed-media' }));
    expect((await publicAccess(s3(), 'closed-media')).result).toBe('warn');
    await s3().send(new PutPublicAccessBlockCommand({
      Bucket: 'closed-media',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }));
    expect((await publicAccess(s3(), 'closed-media')).result).toBe('pass');
  });

  test('versioning is reported', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'shop-media' }));
    expect((await versioningCheck(s3(), 'shop-media')).check.result).toBe('warn');
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'shop-media', VersioningConfiguration: { Status: 'Enabled' } }));
    expect((await versioningCheck(s3(), 'shop-media')).check).toMatchObject({ result: 'pass', message: expect.stringContaining('can be restored') });
  });
});

test('secrets from Secrets Manager (whole and by JSON key) and SSM resolve, each masked on arrival', async () => {
  const secretsManager = makeClient(SecretsManagerClient, settings, 'test');
  const ssm = makeClient(SSMClient, settings, 'test');
  const whole = await secretsManager.send(new CreateSecretCommand({ Name: 'shop/db', SecretString: 'postgres://shop:p%40ss@db.example.com/shop' }));
  const json = await secretsManager.send(new CreateSecretCommand({ Name: 'shop/config', SecretString: JSON.stringify({ bucket: 'shop-media' }) }));
  await ssm.send(new PutParameterCommand({ Name: '/shop/db-host', Value: 'db.example.com', Type: 'SecureString' }));
  const environment: Environment = new Map([
    ['DATABASE_URL', { kind: 'secret', from: whole.ARN as string }],
    ['AWS_STORAGE_BUCKET_NAME', { kind: 'secret', from: `${json.ARN}:bucket::` }],
    ['DB_HOST', { kind: 'secret', from: '/shop/db-host' }],
    ['MISSING', { kind: 'secret', from: '/shop/nothing' }],
  ]);
  const masked: string[] = [];
  const failures = await resolveSecrets(environment, ['DATABASE_URL', 'AWS_STORAGE_BUCKET_NAME', 'DB_HOST', 'MISSING'], { secretsManager: () => secretsManager, ssm: () => ssm }, (value) => masked.push(value));
  expect(environment.get('DATABASE_URL')?.value).toBe('postgres://shop:p%40ss@db.example.com/shop');
  expect(environment.get('AWS_STORAGE_BUCKET_NAME')?.value).toBe('shop-media');
  expect(environment.get('DB_HOST')?.value).toBe('db.example.com');
  expect(masked).toEqual(expect.arrayContaining(['postgres://shop:p%40ss@db.example.com/shop', 'p%40ss', 'p@ss', 'shop-media', 'db.example.com']));
  expect(failures).toEqual([{ name: 'MISSING', reason: expect.stringContaining('ParameterNotFound') }]);
});

describe('Route 53', () => {
  const route53 = () => makeClient(Route53Client, settings, 'test');
  async function zoneWith(name: string, cnames: Record<string, string>): Promise<void> {
    const created = await route53().send(new CreateHostedZoneCommand({ Name: name, CallerReference: `${name}-${Date.now()}` }));
    if (!Object.keys(cnames).length) return;
    await route53().send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: created.HostedZone?.Id,
      ChangeBatch: { Changes: Object.entries(cnames).map(([record, target]) => ({ Action: 'CREATE', ResourceRecordSet: { Name: record, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: target }] } })) },
    }));
  }

  test('the zones are read page by page: a CNAME in the zone of the last page is found', async () => {
    await zoneWith('a-shop.example', {});
    await zoneWith('b-shop.example', {});
    await zoneWith('shop.internal', { 'db.shop.internal': 'shop.abc.us-east-1.rds.amazonaws.com' });
    const client = route53();
    let pages = 0;
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'ListHostedZonesCommand') pages += 1;
      return next(args);
    }, { step: 'initialize', name: 'countPages' });
    expect(await followCname(client, 'db.shop.internal', 1)).toEqual([{ name: 'db.shop.internal', target: 'shop.abc.us-east-1.rds.amazonaws.com', zone: 'shop.internal', private: false }]);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  test('a record of another type at the name, a CNAME of another name, and a loop: no hop, or as many as the limit', async () => {
    const client = route53();
    const created = await client.send(new CreateHostedZoneCommand({ Name: 'loop.example', CallerReference: `loop-${Date.now()}` }));
    await client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: created.HostedZone?.Id,
      ChangeBatch: {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: { Name: 'db.loop.example', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.0.0.5' }] } },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'dc.loop.example', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'shop.abc.us-east-1.rds.amazonaws.com' }] } },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'a.loop.example', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'b.loop.example' }] } },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'b.loop.example', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'a.loop.example' }] } },
        ],
      },
    }));
    expect(await followCname(client, 'db.loop.example')).toEqual([]);
    expect((await followCname(client, 'a.loop.example')).map((hop) => hop.target)).toEqual(['b.loop.example', 'a.loop.example', 'b.loop.example', 'a.loop.example', 'b.loop.example']);
  });
});
