import {
  DescribeDBProxiesCommand, paginateDescribeDBClusters, paginateDescribeDBInstances, paginateDescribeDBProxyEndpoints, paginateDescribeDBProxyTargets, paginateDescribeGlobalClusters, type DBCluster, type DBProxy, type GlobalCluster, type RDSClient,
} from '@aws-sdk/client-rds';
import { engineOfBackend, type DatabaseTarget } from './database-url.js';
import { fail, pass, skip, warn, type Check } from './checks.js';

/** An address an RDS database answers on, with the settings that decide whether data survives. */
export interface RdsEndpoint {
  address: string;
  port?: number;
  kind: 'instance' | 'cluster' | 'cluster reader' | 'cluster custom' | 'proxy' | 'proxy read-only endpoint' | 'global database';
  id: string;
  engine: string;
  multiAz: boolean;
  backupRetentionDays: number;
  encrypted: boolean;
  /** An instance of an Aurora cluster: the cluster, and whether the instance is its writer now. */
  member?: { cluster: string; writer: boolean };
  /** A global database whose primary cluster is not in this region's listing: its resilience is read there. */
  elsewhere?: boolean;
  /** An RDS Proxy's endpoint: the proxy's name. */
  proxy?: string;
}

/**
 * A cluster's endpoints from DescribeDBClusters: the writer's, the readers', and each custom
 * endpoint's (CustomEndpoints), which spreads connections over the instances it names.
 */
export function clusterEndpoints(cluster: DBCluster): RdsEndpoint[] {
  const shared = {
    port: cluster.Port,
    id: cluster.DBClusterIdentifier ?? '',
    engine: cluster.Engine ?? '',
    multiAz: cluster.MultiAZ === true,
    backupRetentionDays: cluster.BackupRetentionPeriod ?? 0,
    encrypted: cluster.StorageEncrypted === true,
  };
  return [
    ...(cluster.Endpoint ? [{ ...shared, address: cluster.Endpoint, kind: 'cluster' as const }] : []),
    ...(cluster.ReaderEndpoint ? [{ ...shared, address: cluster.ReaderEndpoint, kind: 'cluster reader' as const }] : []),
    ...(cluster.CustomEndpoints ?? []).map((address) => ({ ...shared, address, kind: 'cluster custom' as const })),
  ];
}

/** Every instance endpoint and every cluster writer, reader and custom endpoint in the account and region; an Aurora instance knows its cluster. */
export async function listRdsEndpoints(rds: RDSClient, pageSize?: number): Promise<RdsEndpoint[]> {
  const endpoints: RdsEndpoint[] = [];
  for await (const page of paginateDescribeDBInstances({ client: rds, pageSize }, {})) {
    for (const instance of page.DBInstances ?? []) {
      if (!instance.Endpoint?.Address) continue;
      endpoints.push({
        address: instance.Endpoint.Address,
        port: instance.Endpoint.Port,
        kind: 'instance',
        id: instance.DBInstanceIdentifier ?? '',
        engine: instance.Engine ?? '',
        multiAz: instance.MultiAZ === true,
        backupRetentionDays: instance.BackupRetentionPeriod ?? 0,
        encrypted: instance.StorageEncrypted === true,
      });
    }
  }
  const members = new Map<string, { member: { cluster: string; writer: boolean }; multiAz: boolean }>();
  for await (const page of paginateDescribeDBClusters({ client: rds, pageSize }, {})) {
    for (const cluster of page.DBClusters ?? []) {
      endpoints.push(...clusterEndpoints(cluster));
      for (const member of cluster.DBClusterMembers ?? []) {
        if (!member.DBInstanceIdentifier) continue;
        members.set(member.DBInstanceIdentifier, { member: { cluster: cluster.DBClusterIdentifier ?? '', writer: member.IsClusterWriter === true }, multiAz: cluster.MultiAZ === true });
      }
    }
  }
  // An Aurora instance reports MultiAZ false: the cluster's replicas in other zones are its Multi-AZ.
  return endpoints.map((endpoint) => {
    const found = endpoint.kind === 'instance' ? members.get(endpoint.id) : undefined;
    return found ? { ...endpoint, member: found.member, multiAz: found.multiAz } : endpoint;
  });
}

/** Every RDS Proxy, page by page: the SDK has no paginator for DescribeDBProxies (Marker, 20-100 a page). */
async function describeProxies(rds: RDSClient, pageSize?: number): Promise<DBProxy[]> {
  const proxies: DBProxy[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(new DescribeDBProxiesCommand({ Marker: marker, MaxRecords: pageSize }));
    proxies.push(...(page.DBProxies ?? []));
    marker = page.Marker;
  } while (marker);
  return proxies;
}

/**
 * The default endpoint of each RDS Proxy whose read/write target is one of `endpoints`' instances
 * or clusters, with that database's engine and resilience: a Django app under many tasks often
 * connects through a proxy, which pools its connections. The port is left out, as a proxy
 * listens on its engine's own port whatever the database's.
 */
export async function listProxyEndpoints(rds: RDSClient, endpoints: readonly RdsEndpoint[], pageSize?: number): Promise<RdsEndpoint[]> {
  const found: RdsEndpoint[] = [];
  for (const proxy of await describeProxies(rds, pageSize)) {
    if (!proxy.Endpoint || !proxy.DBProxyName) continue;
    for await (const page of paginateDescribeDBProxyTargets({ client: rds, pageSize }, { DBProxyName: proxy.DBProxyName })) {
      for (const target of page.Targets ?? []) {
        if (target.Role === 'READ_ONLY' || (target.Type !== 'RDS_INSTANCE' && target.Type !== 'TRACKED_CLUSTER')) continue;
        const kind = target.Type === 'RDS_INSTANCE' ? 'instance' : 'cluster';
        const behind = endpoints.find((endpoint) => endpoint.kind === kind && endpoint.id === target.RdsResourceId);
        if (behind) found.push({ ...behind, address: proxy.Endpoint, port: undefined, kind: 'proxy', id: `${proxy.DBProxyName} (to ${kind} ${behind.id})`, proxy: proxy.DBProxyName });
      }
    }
  }
  return found;
}

/**
 * The additional endpoints of the proxies `proxies` holds (CreateDBProxyEndpoint: another VPC's
 * way in, or the readers'), each judged as its proxy: a READ_ONLY one sends connections to the
 * readers, which refuse writes.
 */
export async function listProxyExtraEndpoints(rds: RDSClient, proxies: readonly RdsEndpoint[], pageSize?: number): Promise<RdsEndpoint[]> {
  const found: RdsEndpoint[] = [];
  for await (const page of paginateDescribeDBProxyEndpoints({ client: rds, pageSize }, {})) {
    for (const endpoint of page.DBProxyEndpoints ?? []) {
      const proxy = proxies.find((candidate) => candidate.proxy === endpoint.DBProxyName);
      if (!proxy || endpoint.IsDefault || !endpoint.Endpoint) continue;
      const readOnly = endpoint.TargetRole === 'READ_ONLY';
      found.push({ ...proxy, address: endpoint.Endpoint, kind: readOnly ? 'proxy read-only endpoint' : 'proxy', id: `${endpoint.DBProxyEndpointName} of ${proxy.id}` });
    }
  }
  return found;
}

/** An RDS host name: an instance's, a cluster's, a proxy's or a global database's. */
export const RDS_HOST = /\.rds\.amazonaws\.com(\.cn)?\.?$/i;

/** The writer endpoint of an Aurora global database (`shop.global-ab12cd.global.rds.amazonaws.com`). */
export const GLOBAL_HOST = /\.global\.rds\.amazonaws\.com(\.cn)?\.?$/i;

/** An RDS Proxy's additional endpoint (`name.endpoint.proxy-ab12cd.eu-west-1.rds.amazonaws.com`). */
export const PROXY_ENDPOINT_HOST = /\.endpoint\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com(\.cn)?\.?$/i;

/** Every Aurora global database the region's DescribeGlobalClusters lists, every page. */
export async function describeGlobalClusters(rds: RDSClient, pageSize?: number): Promise<GlobalCluster[]> {
  const found: GlobalCluster[] = [];
  for await (const page of paginateDescribeGlobalClusters({ client: rds, pageSize }, {})) found.push(...(page.GlobalClusters ?? []));
  return found;
}

/**
 * The writer endpoint of each global database, which always leads to the writer of its primary
 * cluster (the member with IsWriter): judged as that cluster when this region lists it, else by
 * the global database's own engine, its resilience read in the primary's region.
 */
export function globalEndpoints(globals: readonly GlobalCluster[], endpoints: readonly RdsEndpoint[], region: string): RdsEndpoint[] {
  return globals.flatMap((global): RdsEndpoint[] => {
    if (!global.Endpoint || !global.GlobalClusterIdentifier) return [];
    // arn:aws:rds:REGION:ACCOUNT:cluster:ID
    const [, , , primaryRegion, , , clusterId] = global.GlobalClusterMembers?.find((member) => member.IsWriter)?.DBClusterArn?.split(':') ?? [];
    const local = primaryRegion === region ? endpoints.find((endpoint) => endpoint.kind === 'cluster' && endpoint.id === clusterId) : undefined;
    const primary = clusterId ? `primary cluster ${clusterId}${primaryRegion === region ? '' : ` in ${primaryRegion}`}` : 'no member writing now';
    const id = `${global.GlobalClusterIdentifier} (${primary})`;
    if (local) return [{ ...local, address: global.Endpoint, kind: 'global database', id }];
    return [{ address: global.Endpoint, kind: 'global database', id, engine: global.Engine ?? '', multiAz: false, backupRetentionDays: 0, encrypted: global.StorageEncrypted === true, elsewhere: true }];
  });
}

const normal = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');

export function matchEndpoint(host: string | undefined, endpoints: readonly RdsEndpoint[]): RdsEndpoint | undefined {
  if (!host) return undefined;
  return endpoints.find((endpoint) => normal(endpoint.address) === normal(host));
}

const RDS_FIX = 'Set the database host to the endpoint of the RDS instance or Aurora cluster (Endpoint.Address in DescribeDBInstances, Endpoint in DescribeDBClusters), or to a name of yours with a CNAME to it in one of this account\'s Route 53 zones, or set require-rds: false if the database is deliberately elsewhere';

/**
 * database-rds: the host is an RDS endpoint of a matching engine and port. `shown` is how the
 * task's own host is named when it led to this one (a CNAME), else the host itself.
 */
export function rdsCheck(target: DatabaseTarget, endpoints: readonly RdsEndpoint[], region: string, unread?: string, shown = target.host): Check {
  const endpoint = matchEndpoint(target.host, endpoints);
  if (!endpoint) {
    const known = endpoints.length ? `; the ${endpoints.length} endpoint(s) there: ${endpoints.slice(0, 5).map((candidate) => candidate.address).join(', ')}${endpoints.length > 5 ? ', ...' : ''}` : '; there is none';
    return fail('database-rds', `${shown} is not the endpoint of any RDS instance, cluster, proxy or global database in ${region}${known}${unread ? ` (${unread})` : ''}`, RDS_FIX);
  }
  const engine = engineOfBackend(endpoint.engine);
  if (target.engine !== 'other' && engine !== 'other' && engine !== target.engine) {
    return fail('database-rds', `${endpoint.kind} ${endpoint.id} runs ${endpoint.engine}, but the task is configured for ${target.engine}`, 'Use the URL scheme of the database engine (postgres:// or mysql://)');
  }
  if (target.port && endpoint.port && target.port !== endpoint.port) {
    return fail('database-rds', `the task connects to port ${target.port}, but ${endpoint.kind} ${endpoint.id} listens on ${endpoint.port}`, `Use port ${endpoint.port}, or leave the port out`);
  }
  const message = `${shown} is RDS ${endpoint.kind} ${endpoint.id} (${endpoint.engine})`;
  const writer = (cluster: string) => `Use the writer endpoint of cluster ${cluster} (Endpoint in DescribeDBClusters), which follows the writer through a failover`;
  if (endpoint.kind === 'cluster reader') return fail('database-rds', `${message}: a reader endpoint refuses writes`, writer(endpoint.id));
  if (endpoint.kind === 'proxy read-only endpoint') {
    return fail('database-rds', `${message}: a READ_ONLY proxy endpoint sends connections to the readers, which refuse writes`, `Use proxy ${endpoint.proxy}'s default endpoint (Endpoint in DescribeDBProxies) or a READ_WRITE endpoint of it`);
  }
  if (endpoint.kind === 'cluster custom') {
    return fail('database-rds', `${message}: a custom endpoint spreads connections over the instances it names, and a reader among them refuses writes`, writer(endpoint.id));
  }
  const member = endpoint.kind === 'instance' ? endpoint.member : undefined;
  if (member && !member.writer) return fail('database-rds', `${message}: a reader instance of Aurora cluster ${member.cluster}, which refuses writes`, writer(member.cluster));
  if (member) {
    return warn('database-rds', `${message}, the writer of Aurora cluster ${member.cluster} now: after a failover another instance takes the writes and this one refuses them`, writer(member.cluster));
  }
  return pass('database-rds', message);
}

/** database-resilience: what happens to the data when a machine or a zone fails, or a row is deleted. */
export function resilienceCheck(target: DatabaseTarget, endpoints: readonly RdsEndpoint[]): Check {
  const endpoint = matchEndpoint(target.host, endpoints);
  if (!endpoint) return skip('database-resilience', 'no RDS endpoint matched');
  if (endpoint.elsewhere) return skip('database-resilience', `${endpoint.kind} ${endpoint.id}: Multi-AZ and backups are its primary cluster's, read in that cluster's region`);
  const facts = `Multi-AZ ${endpoint.multiAz ? 'yes' : 'no'}, automated backups ${endpoint.backupRetentionDays ? `kept ${endpoint.backupRetentionDays} day(s)` : 'off'}, storage ${endpoint.encrypted ? 'encrypted' : 'not encrypted'}`;
  const gaps: string[] = [];
  if (!endpoint.multiAz) gaps.push('turn on Multi-AZ so a zone failure does not stop the database');
  if (!endpoint.backupRetentionDays) gaps.push('set a backup retention period of at least 7 days');
  if (!endpoint.encrypted) gaps.push('encrypt storage (restore an encrypted snapshot copy)');
  const subject = `${endpoint.kind} ${endpoint.id}: ${facts}`;
  return gaps.length ? warn('database-resilience', subject, `On ${endpoint.id}: ${gaps.join('; ')}`) : pass('database-resilience', subject);
}
