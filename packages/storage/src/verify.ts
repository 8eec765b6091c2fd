import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs';
import { isIP } from 'node:net';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Docker } from '@tandem/image';
import { bucketNameProblem, ConfigurationError, describeThrown, grantOf, hasUrlPassword, isAccessDenied, isSecretName } from '@tandem/kit';
import { fail, pass, skip, warn, type Check } from './checks.js';
import { databaseChecks, findDatabase, type DatabaseFinding } from './database.js';
import { containerEnvironment, describeSource, type Environment } from './environment.js';
import { checksOfImageSettings, loadImageSettings, type ImageSettings } from './image-check.js';
import { bucketVariableOf, mediaNeed, NO_MEDIA, type MediaMode } from './media-need.js';
import { bucketExistsCheck, probeBucket, publicAccess, versioningCheck } from './media.js';
import { mountCheck } from './mounts.js';
import { describeGlobalClusters, GLOBAL_HOST, globalEndpoints, listProxyEndpoints, listProxyExtraEndpoints, listRdsEndpoints, matchEndpoint, PROXY_ENDPOINT_HOST, RDS_HOST, rdsCheck, resilienceCheck } from './rds.js';
import { followCname, type CnameHop } from './route53.js';
import { maskUrlPassword, resolveSecrets, type SecretClients } from './secrets.js';

export interface VerifyOptions {
  taskDefinition: TaskDefinition;
  container: ContainerDefinition;
  urlVariable: string;
  bucketVariable: string;
  requireRds: boolean;
  probe: boolean;
  probePrefix: string;
  /** Makes the probe key unique: the run id and attempt, or a random id. */
  probeId: string;
  allowSecretResolution: boolean;
  image?: string;
  settingsModule?: string;
  region: string;
  /** Whether the app needs a shared media store: decided from the app (auto), or as told. */
  media: MediaMode;
}

export interface VerifyDeps {
  s3: () => S3Client;
  rds: () => RDSClient;
  /** Read only for a database host of the team's own name, to follow its CNAME to RDS. */
  route53: () => Route53Client;
  secrets: SecretClients;
  docker: Docker;
  /** Masks a value in every later log line (core.setSecret in the action). */
  mask: (value: string) => void;
}

const MEDIA_CHECKS = ['media-bucket-configured', 'media-bucket-exists', 'media-public-access', 'media-versioning', 'media-probe'];
const DATABASE_VARIABLES = /^(DB|DATABASE|POSTGRES|POSTGRESQL|MYSQL|RDS)_(HOST|HOSTNAME|ENGINE|NAME|DB|DATABASE|DB_NAME|PORT)$|^PG(HOST|DATABASE|PORT)$/;

/** Every check, in report order. A check that cannot run says why instead of stopping the others. */
export async function verifyStorage(options: VerifyOptions, deps: VerifyDeps): Promise<Check[]> {
  const environment = containerEnvironment(options.container);
  maskPlainSecrets(environment, options.urlVariable, deps.mask);
  const checks: Check[] = [];
  if (options.allowSecretResolution) checks.push(...(await resolveReferences(environment, options, deps)));
  const finding = findDatabase(environment, options.urlVariable);
  if (finding.state === 'found' && finding.target.password) deps.mask(finding.target.password);
  checks.push(...databaseChecks(finding, options.urlVariable, options.allowSecretResolution));
  checks.push(...(await guard('database-rds', () => rdsChecks(finding, options, deps))));
  // The image is read first: its models and settings say whether the app stores files at all.
  const imageOptions = options.image
    ? { image: options.image, environment, urlVariable: options.urlVariable, bucketVariable: options.bucketVariable, settingsModule: options.settingsModule }
    : undefined;
  let imageSettings: ImageSettings | undefined;
  if (imageOptions) {
    try {
      imageSettings = await loadImageSettings(deps.docker, imageOptions);
    } catch (error) {
      imageSettings = { problem: `could not check: ${describeThrown(error).message}`, fix: 'Check that docker runs on this runner, then rerun' };
    }
  }
  const effective = imageSettings && 'effective' in imageSettings ? imageSettings.effective : undefined;
  const bucket = bucketVariableOf(environment, options.bucketVariable, effective?.storage);
  const need = mediaNeed(options.media, environment, bucket.variable, effective?.files);
  checks.push(need.check);
  if (need.needed) checks.push(...(await mediaChecks(environment, { ...options, bucketVariable: bucket.variable }, deps, bucket.note)));
  else checks.push(...MEDIA_CHECKS.map((id) => skip(id, 'no media store needed (media-needed)')));
  checks.push(mountCheck(options.taskDefinition, options.container, {
    mediaRoot: environment.get('MEDIA_ROOT')?.value,
    sqliteFile: finding.state === 'found' ? finding.target.file : undefined,
  }));
  if (imageOptions && imageSettings) {
    checks.push(...checksOfImageSettings(imageSettings, { ...imageOptions, bucketVariable: bucket.variable }, need.needed));
  } else {
    checks.push(skip('django-database', 'no image input: the effective Django settings were not checked'), skip('django-storage', 'no image input'));
  }
  return checks;
}

function maskPlainSecrets(environment: Environment, urlVariable: string, mask: (value: string) => void): void {
  for (const [name, setting] of environment) {
    if (setting.kind !== 'plain' || !setting.value) continue;
    if (isSecretName(name)) mask(setting.value);
    // Any URL with a password, not only the database's: a cache or broker URL holds one too.
    if (name === urlVariable || hasUrlPassword(setting.value)) maskUrlPassword(setting.value, mask);
  }
}

async function resolveReferences(environment: Environment, options: VerifyOptions, deps: VerifyDeps): Promise<Check[]> {
  const names = [...environment.keys()].filter((name) => name === options.urlVariable || name === options.bucketVariable || DATABASE_VARIABLES.test(name));
  const referenced = names.filter((name) => environment.get(name)?.kind === 'secret');
  if (!referenced.length) return [];
  const failures = await resolveSecrets(environment, referenced, deps.secrets, deps.mask);
  if (!failures.length) return [pass('secret-resolution', `resolved ${referenced.join(', ')} (values masked)`)];
  const described = failures.map((failure) => `${failure.name} from ${describeSource((environment.get(failure.name) as { from: string }).from)}: ${failure.reason}`);
  return [warn('secret-resolution', `could not resolve ${described.join('; ')}`, 'Grant secretsmanager:GetSecretValue (and kms:Decrypt for a customer key) or ssm:GetParameter on those references to the role running this step')];
}

async function rdsChecks(finding: DatabaseFinding, options: VerifyOptions, deps: VerifyDeps): Promise<Check[]> {
  if (!options.requireRds) return [skip('database-rds', 'require-rds is false')];
  if (finding.state === 'reference') {
    return [warn('database-rds', `${finding.variable} is a secret reference, so its host could not be compared with the RDS endpoints`, 'Set allow-secret-resolution: true (with secretsmanager:GetSecretValue or ssm:GetParameter on it), or keep the host in a plain variable such as DB_HOST')];
  }
  if (finding.state !== 'found' || finding.target.engine === 'sqlite' || !finding.target.host) return [skip('database-rds', 'no database host to compare')];
  const rds = deps.rds();
  let endpoints = await listRdsEndpoints(rds);
  let unread: string | undefined;
  let target = finding.target;
  let shown: string | undefined;
  // A name of the team's own is followed through its CNAMEs in Route 53, read only for such a host.
  if (ownName(target.host) && !matchEndpoint(target.host, endpoints)) {
    try {
      const hops = await followCname(deps.route53(), target.host);
      const last = hops.at(-1);
      if (last) {
        shown = cnameShown(target.host, hops);
        target = { ...target, host: last.target };
      }
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      unread = 'Route 53 not read: allow route53:ListHostedZones and route53:ListResourceRecordSets to follow a CNAME of your own to the database';
    }
  }
  // Global databases and proxies are read only for an RDS host that is no instance's or cluster's,
  // so their permissions are needed only with one.
  const host = target.host ?? '';
  const global = GLOBAL_HOST.test(host);
  if (!matchEndpoint(host, endpoints) && RDS_HOST.test(host)) {
    try {
      const more = global ? globalEndpoints(await describeGlobalClusters(rds), endpoints, options.region) : await listProxyEndpoints(rds, endpoints);
      endpoints = [...endpoints, ...more];
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      unread = global
        ? 'Aurora global databases not read: allow rds:DescribeGlobalClusters to check a global writer endpoint'
        : 'RDS proxies not read: allow rds:DescribeDBProxies and rds:DescribeDBProxyTargets to check a proxy';
    }
    // A proxy's additional endpoints only when no default one matched, so only then needing their permission.
    const proxies = endpoints.filter((endpoint) => endpoint.proxy);
    if (!unread && !matchEndpoint(host, endpoints) && PROXY_ENDPOINT_HOST.test(host) && proxies.length > 0) {
      try {
        endpoints = [...endpoints, ...(await listProxyExtraEndpoints(rds, proxies))];
      } catch (error) {
        if (!isAccessDenied(error)) throw error;
        unread = "RDS proxies' additional endpoints not read: allow rds:DescribeDBProxyEndpoints to check one";
      }
    }
  }
  return [rdsCheck(target, endpoints, options.region, unread, shown), resilienceCheck(target, endpoints)];
}

/** A DNS name of the team's own: not RDS's, not an address, not a single label such as localhost. */
function ownName(host: string | undefined): host is string {
  return Boolean(host && host.includes('.') && !RDS_HOST.test(host) && !isIP(host));
}

/** `db.shop.internal (→ shop.abc.eu-west-1.rds.amazonaws.com, a CNAME in Route 53's private zone shop.internal)` */
function cnameShown(host: string, hops: readonly CnameHop[]): string {
  const zones = [...new Set(hops.map((hop) => `${hop.private ? 'private' : 'public'} zone ${hop.zone}`))];
  const what = hops.length > 1 ? 'CNAMEs' : 'a CNAME';
  return `${host} (→ ${hops.map((hop) => hop.target).join(' → ')}, ${what} in Route 53's ${zones.join(' and ')})`;
}

async function mediaChecks(environment: Environment, options: VerifyOptions, deps: VerifyDeps, note?: string): Promise<Check[]> {
  const variable = options.bucketVariable;
  const setting = environment.get(variable);
  const bucket = setting?.value;
  const rest = (why: string) => MEDIA_CHECKS.slice(1).map((id) => skip(id, why));
  if (!setting) {
    return [
      fail('media-bucket-configured', `no ${variable} in the container's environment: uploads go to MEDIA_ROOT on whichever task took the request`, `Create an S3 bucket for media, set ${variable} to its name in the task definition and use django-storages (STORAGES default BACKEND storages.backends.s3.S3Storage); or ${NO_MEDIA}`),
      ...rest(`no ${variable}`),
    ];
  }
  if (bucket === undefined) {
    return [pass('media-bucket-configured', `${variable} comes from ${describeSource((setting as { from: string }).from)} (not read)`), ...rest(`${variable} is a secret reference; set allow-secret-resolution: true to check the bucket`)];
  }
  const problem = bucketNameProblem(bucket);
  if (problem) return [fail('media-bucket-configured', `${variable}: ${problem}`, `Set ${variable} to the media bucket's name`), ...rest('no valid bucket name')];
  const checks = [pass('media-bucket-configured', `${variable} = ${bucket}${note ? ` (${note})` : ''}`)];
  const exists = (await guard('media-bucket-exists', async () => [await bucketExistsCheck(deps.s3(), bucket, variable)]))[0];
  checks.push(exists);
  if (exists.result !== 'pass') return [...checks, ...rest(`bucket ${bucket} is not reachable`).slice(1)];
  checks.push(...(await guard('media-public-access', async () => [await publicAccess(deps.s3(), bucket)])));
  checks.push(...(await guard('media-versioning', async () => [(await versioningCheck(deps.s3(), bucket)).check])));
  if (!options.probe) checks.push(skip('media-probe', 'probe: false (read-only mode): nothing was written'));
  else checks.push(...(await guard('media-probe', async () => [await probeBucket(deps.s3(), { bucket, prefix: options.probePrefix, id: options.probeId })])));
  return checks;
}

/**
 * Turns an unexpected error (a denied call, a throttle past the retries) into a failed check. A
 * denied call's fix names the grant it needs, as the README's policy spells it.
 */
async function guard(id: string, work: () => Promise<Check[]>): Promise<Check[]> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const grant = grantOf(error);
    const fix = grant ? `${grant.replace(/^grant/, 'Grant')} to the role running this step, then rerun` : 'Grant the permissions the README lists for this check to the role running this step, then rerun';
    return [fail(id, `could not check: ${describeThrown(error).message}`, fix)];
  }
}
