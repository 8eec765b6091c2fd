import { ListResourceRecordSetsCommand, paginateListHostedZones, type HostedZone, type Route53Client } from '@aws-sdk/client-route-53';

// A database host that is a name of the team's own (`db.shop.internal`), kept in Route 53 as a
// CNAME to the RDS endpoint, so the endpoint can change without a new task definition. The name
// often lives in a private hosted zone, which only the VPC resolves: not a GitHub-hosted runner.
// So the record is read from Route 53's API, not from DNS.

/** How many CNAMEs in a row are followed: a name of one's own is one or two hops from RDS, and a loop (a to b to a) ends here. */
const MAX_HOPS = 5;

export interface CnameHop {
  name: string;
  target: string;
  zone: string;
  private: boolean;
}

const bare = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** The zones a name may live in, most specific first; private before public at the same name, as the VPC resolves it. */
export function zonesFor(host: string, zones: readonly HostedZone[]): HostedZone[] {
  const name = bare(host);
  return zones
    .filter((zone) => {
      const zoneName = bare(zone.Name ?? '');
      return zoneName !== '' && (name === zoneName || name.endsWith(`.${zoneName}`));
    })
    .sort((a, b) => bare(b.Name ?? '').length - bare(a.Name ?? '').length || Number(Boolean(b.Config?.PrivateZone)) - Number(Boolean(a.Config?.PrivateZone)));
}

async function cnameIn(route53: Route53Client, zone: HostedZone, name: string): Promise<string | undefined> {
  const listed = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id, StartRecordName: name, StartRecordType: 'CNAME', MaxItems: 1 }));
  const record = listed.ResourceRecordSets?.[0];
  if (!record || record.Type !== 'CNAME' || bare(record.Name ?? '') !== bare(name)) return undefined;
  const value = record.ResourceRecords?.[0]?.Value;
  return value ? bare(value) : undefined;
}

/**
 * The chain of CNAMEs from `host` in this account's Route 53 zones (empty when the name has no
 * CNAME there), each hop in the most specific zone that holds the name.
 */
export async function followCname(route53: Route53Client, host: string, pageSize?: number): Promise<CnameHop[]> {
  const zones: HostedZone[] = [];
  for await (const page of paginateListHostedZones({ client: route53, ...(pageSize ? { pageSize } : {}) }, {})) zones.push(...(page.HostedZones ?? []));
  const hops: CnameHop[] = [];
  let name = bare(host);
  while (hops.length < MAX_HOPS) {
    let hop: CnameHop | undefined;
    for (const zone of zonesFor(name, zones)) {
      const target = await cnameIn(route53, zone, name);
      if (target) {
        hop = { name, target, zone: bare(zone.Name ?? ''), private: Boolean(zone.Config?.PrivateZone) };
        break;
      }
    }
    if (!hop) break;
    hops.push(hop);
    name = hop.target;
  }
  return hops;
}
