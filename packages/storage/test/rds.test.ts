import type { GlobalCluster } from '@aws-sdk/client-rds';
import { clusterEndpoints, GLOBAL_HOST, globalEndpoints, parseDatabaseUrl, rdsCheck, resilienceCheck, type RdsEndpoint } from '@tandem/storage';

// DescribeDBClusters as the RDS API reference gives it for an Aurora cluster with a custom endpoint
// (CustomEndpoints: the addresses of the cluster's custom endpoints), which moto does not make.
const CLUSTER = {
  DBClusterIdentifier: 'shop',
  Engine: 'aurora-postgresql',
  Port: 5432,
  MultiAZ: true,
  BackupRetentionPeriod: 7,
  StorageEncrypted: true,
  Endpoint: 'shop.cluster-c1a2b3.eu-west-1.rds.amazonaws.com',
  ReaderEndpoint: 'shop.cluster-ro-c1a2b3.eu-west-1.rds.amazonaws.com',
  CustomEndpoints: ['reporting.cluster-custom-c1a2b3.eu-west-1.rds.amazonaws.com'],
};

test('a cluster has its writer, reader and custom endpoints', () => {
  expect(clusterEndpoints(CLUSTER).map((endpoint) => [endpoint.kind, endpoint.address])).toEqual([
    ['cluster', CLUSTER.Endpoint],
    ['cluster reader', CLUSTER.ReaderEndpoint],
    ['cluster custom', CLUSTER.CustomEndpoints[0]],
  ]);
  expect(clusterEndpoints({ DBClusterIdentifier: 'new' })).toEqual([]);
});

const instance = (id: string, member?: RdsEndpoint['member']): RdsEndpoint => ({
  address: `${id}.c1a2b3.eu-west-1.rds.amazonaws.com`, port: 5432, kind: 'instance', id, engine: 'aurora-postgresql', multiAz: false, backupRetentionDays: 7, encrypted: true, ...(member ? { member } : {}),
});
const ENDPOINTS = [...clusterEndpoints(CLUSTER), instance('shop-1', { cluster: 'shop', writer: true }), instance('shop-2', { cluster: 'shop', writer: false }), instance('solo')];

test.each<[string, string, 'pass' | 'warn' | 'fail', string]>([
  ['the cluster endpoint', CLUSTER.Endpoint, 'pass', 'is RDS cluster shop'],
  ['the reader endpoint', CLUSTER.ReaderEndpoint, 'fail', 'a reader endpoint refuses writes'],
  ['a custom endpoint', CLUSTER.CustomEndpoints[0], 'fail', 'a custom endpoint spreads connections over the instances it names'],
  ["the writer instance's own endpoint", 'shop-1.c1a2b3.eu-west-1.rds.amazonaws.com', 'warn', 'the writer of Aurora cluster shop now'],
  ["a reader instance's own endpoint", 'shop-2.c1a2b3.eu-west-1.rds.amazonaws.com', 'fail', 'a reader instance of Aurora cluster shop'],
  ['an instance of no cluster', 'solo.c1a2b3.eu-west-1.rds.amazonaws.com', 'pass', 'is RDS instance solo'],
])('database-rds: %s', (_name, host, result, words) => {
  const check = rdsCheck(parseDatabaseUrl(`postgres://shop@${host}:5432/shop`), ENDPOINTS, 'eu-west-1');
  expect(check).toMatchObject({ result, message: expect.stringContaining(words) });
  if (result !== 'pass') expect(check.fix).toBe('Use the writer endpoint of cluster shop (Endpoint in DescribeDBClusters), which follows the writer through a failover');
});

// DescribeGlobalClusters as the RDS API reference gives it: the global writer endpoint, and the
// members, of which the one with IsWriter is the primary cluster.
const global = (members: Array<{ DBClusterArn: string; IsWriter: boolean }>) => ({
  GlobalClusterIdentifier: 'shop-global',
  Engine: 'aurora-postgresql',
  StorageEncrypted: true,
  Endpoint: 'shop-global.global-ab12cd.global.rds.amazonaws.com',
  GlobalClusterMembers: members,
});
const IRELAND = { DBClusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:shop', IsWriter: true };
const OREGON = { DBClusterArn: 'arn:aws:rds:us-west-2:123456789012:cluster:shop-west', IsWriter: false };

test.each<[string, GlobalCluster[], string, Partial<RdsEndpoint> | undefined]>([
  ['primary cluster here: judged as it', [global([IRELAND, OREGON])], 'eu-west-1', { kind: 'global database', id: 'shop-global (primary cluster shop)', port: 5432, multiAz: true, backupRetentionDays: 7 }],
  ['primary cluster in another region', [global([IRELAND, OREGON])], 'us-west-2', { kind: 'global database', id: 'shop-global (primary cluster shop in eu-west-1)', elsewhere: true, engine: 'aurora-postgresql' }],
  ['no member writing now (a switchover)', [global([{ ...IRELAND, IsWriter: false }, OREGON])], 'eu-west-1', { id: 'shop-global (no member writing now)', elsewhere: true }],
  ['no writer endpoint yet', [{ ...global([IRELAND]), Endpoint: undefined }], 'eu-west-1', undefined],
])('globalEndpoints: %s', (_name, globals, region, expected) => {
  const found = globalEndpoints(globals, clusterEndpoints(CLUSTER), region);
  if (!expected) return expect(found).toEqual([]);
  expect(found).toEqual([expect.objectContaining({ address: 'shop-global.global-ab12cd.global.rds.amazonaws.com', ...expected })]);
});

test('a global writer endpoint passes database-rds; its resilience is read where its primary cluster is', () => {
  const target = parseDatabaseUrl('postgres://shop@shop-global.global-ab12cd.global.rds.amazonaws.com/shop');
  const here = globalEndpoints([global([IRELAND])], clusterEndpoints(CLUSTER), 'eu-west-1');
  expect(rdsCheck(target, here, 'eu-west-1')).toMatchObject({ result: 'pass', message: expect.stringContaining('is RDS global database shop-global (primary cluster shop) (aurora-postgresql)') });
  expect(resilienceCheck(target, here)).toMatchObject({ result: 'pass', message: expect.stringContaining('Multi-AZ yes') });
  const away = globalEndpoints([global([IRELAND])], [], 'us-west-2');
  expect(rdsCheck(target, away, 'us-west-2').result).toBe('pass');
  expect(resilienceCheck(target, away)).toMatchObject({ result: 'skip', message: expect.stringContaining("read in that cluster's region") });
  expect(GLOBAL_HOST.test('shop-global.global-ab12cd.global.rds.amazonaws.com')).toBe(true);
  expect(GLOBAL_HOST.test(CLUSTER.Endpoint)).toBe(false);
});
