import { clusterEndpoints, parseDatabaseUrl, rdsCheck, type RdsEndpoint } from '@tandem/storage';

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
