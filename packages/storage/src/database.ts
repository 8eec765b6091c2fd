import { describeSource, type Environment, type Setting } from './environment.js';
import { DatabaseUrlError, engineOfBackend, parseDatabaseUrl, type DatabaseTarget, type Engine } from './database-url.js';
import { fail, pass, skip, warn, type Check } from './checks.js';

/** What the container's environment says about its database. */
export type DatabaseFinding =
  | { state: 'missing' }
  | { state: 'reference'; variable: string; from: string }
  | { state: 'invalid'; variable: string; reason: string }
  | { state: 'found'; variables: string[]; target: DatabaseTarget; plainPassword: boolean };

// Prefixes of the host-style variables people use instead of a URL, with the engine each implies.
const PREFIXES: Array<[string, Engine | undefined]> = [
  ['DB', undefined], ['DATABASE', undefined], ['POSTGRES', 'postgresql'], ['POSTGRESQL', 'postgresql'],
  ['PG', 'postgresql'], ['MYSQL', 'mysql'], ['RDS', undefined],
];

export function findDatabase(environment: Environment, urlVariable: string): DatabaseFinding {
  const url = environment.get(urlVariable);
  if (url) return fromUrl(urlVariable, url);
  for (const [prefix, implied] of PREFIXES) {
    const found = fromHostVariables(environment, prefix, implied);
    if (found) return found;
  }
  return { state: 'missing' };
}

function fromUrl(variable: string, setting: Setting): DatabaseFinding {
  const value = setting.value;
  if (value === undefined) return { state: 'reference', variable, from: (setting as { from: string }).from };
  try {
    const target = parseDatabaseUrl(value);
    return { state: 'found', variables: [variable], target, plainPassword: setting.kind === 'plain' && target.password !== undefined };
  } catch (error) {
    if (error instanceof DatabaseUrlError) return { state: 'invalid', variable, reason: error.message };
    throw error;
  }
}

function fromHostVariables(environment: Environment, prefix: string, implied: Engine | undefined): DatabaseFinding | undefined {
  const name = (suffixes: string[]) => suffixes.map((suffix) => (prefix === 'PG' ? `PG${suffix}` : `${prefix}_${suffix}`)).find((candidate) => environment.has(candidate));
  const hostVariable = name(['HOST', 'HOSTNAME']);
  const engineVariable = name(['ENGINE']);
  const engineText = engineVariable ? environment.get(engineVariable)?.value : undefined;
  const engine = engineText ? engineOfBackend(engineText) : implied ?? 'other';
  const nameVariable = name(['NAME', 'DB', 'DATABASE', 'DB_NAME']);
  const databaseName = nameVariable ? environment.get(nameVariable)?.value : undefined;
  if (!hostVariable) {
    if (engine !== 'sqlite' || !engineVariable) return undefined;
    return { state: 'found', variables: [engineVariable], target: { engine, scheme: engineText ?? '', file: databaseName ?? 'db.sqlite3' }, plainPassword: false };
  }
  const host = environment.get(hostVariable) as Setting;
  if (host.value === undefined) return { state: 'reference', variable: hostVariable, from: (host as { from: string }).from };
  const portVariable = name(['PORT']);
  const port = portVariable ? Number(environment.get(portVariable)?.value) : undefined;
  const passwordVariable = name(['PASSWORD']);
  const target: DatabaseTarget = {
    engine,
    scheme: engineText ?? (implied ? prefix : `${prefix}_ENGINE not set`),
    host: host.value,
    port: Number.isInteger(port) ? port : undefined,
    name: databaseName,
    file: engine === 'sqlite' ? databaseName : undefined,
  };
  const variables = [hostVariable, engineVariable, nameVariable, portVariable].filter((variable): variable is string => Boolean(variable));
  const plainPassword = passwordVariable !== undefined && environment.get(passwordVariable)?.kind === 'plain';
  return { state: 'found', variables, target, plainPassword };
}

const SHARED_FIX = 'Point the task at the shared RDS database: set DATABASE_URL (or the secret it comes from) to postgres://USER:PASSWORD@ENDPOINT:5432/NAME with the RDS endpoint';

/** database-configured, database-credentials, database-engine and database-host. */
export function databaseChecks(finding: DatabaseFinding, urlVariable: string, allowResolution: boolean): Check[] {
  if (finding.state === 'missing') {
    return [
      fail('database-configured', `no ${urlVariable}, nor DB_HOST, DATABASE_HOST, POSTGRES_HOST, PGHOST, MYSQL_HOST or RDS_HOSTNAME in the container's environment or secrets: Django would use its settings' default, usually a SQLite file inside the task`, SHARED_FIX),
      skip('database-engine', 'no database configured'),
      skip('database-host', 'no database configured'),
    ];
  }
  if (finding.state === 'invalid') {
    return [
      fail('database-configured', `${finding.variable} ${finding.reason}`, `Write ${finding.variable} as scheme://USER:PASSWORD@HOST:PORT/NAME, URL-encoding special characters in the password`),
      skip('database-engine', `${finding.variable} could not be read`),
      skip('database-host', `${finding.variable} could not be read`),
    ];
  }
  if (finding.state === 'reference') {
    const why = allowResolution ? 'it could not be resolved' : 'allow-secret-resolution is false';
    return [
      pass('database-configured', `${finding.variable} comes from ${describeSource(finding.from)} (value not read: ${why})`),
      skip('database-engine', `${finding.variable} is a secret reference; set allow-secret-resolution: true to check its engine`),
      skip('database-host', `${finding.variable} is a secret reference; set allow-secret-resolution: true to check its host`),
    ];
  }
  const { target, variables } = finding;
  const checks = [pass('database-configured', `${variables.join(', ')}: ${describeTarget(target)}`)];
  if (finding.plainPassword) {
    checks.push(warn('database-credentials', `the database password is in the task definition's plain environment (${variables[0]}), readable by anyone who can describe the task definition`, `Move ${variables[0]} to the container's secrets (valueFrom a Secrets Manager ARN or an SSM SecureString)`));
  }
  checks.push(engineCheck(target), hostCheck(target));
  return checks;
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.engine === 'sqlite') return `SQLite file ${target.file}`;
  const port = target.port ? `:${target.port}` : '';
  return `${target.engine === 'other' ? target.scheme : target.engine} on ${target.host || '(no host)'}${port}${target.name ? `, database ${target.name}` : ''}`;
}

function engineCheck(target: DatabaseTarget): Check {
  if (target.engine === 'sqlite') {
    return fail('database-engine', `SQLite (${target.file}): each task keeps its own file, so users and data split between copies and vanish when a task is replaced`, SHARED_FIX);
  }
  if (target.engine === 'other') {
    return warn('database-engine', `engine not recognised (${target.scheme})`, 'Use a postgres:// or mysql:// URL, or set DB_ENGINE alongside DB_HOST, so the engine can be checked');
  }
  return pass('database-engine', `${target.engine} (a server shared by every task)`);
}

const LOCAL_NAMES = new Set(['localhost', 'host.docker.internal', 'gateway.docker.internal', '0.0.0.0', '::', '::1']);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why a host is local to the task (fail) or cannot be a stable shared endpoint (warn), if it is either. */
export function hostConcern(host: string | undefined): { level: 'fail' | 'warn'; reason: string } | undefined {
  const text = (host ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (!text) return { level: 'fail', reason: 'no host: the driver connects to a socket inside the task' };
  if (text.startsWith('/')) return { level: 'fail', reason: `${host} is a Unix socket inside the task` };
  if (LOCAL_NAMES.has(text) || text.endsWith('.localhost') || /^127\./.test(text) || /^::ffff:127\./.test(text)) {
    return { level: 'fail', reason: `${host} is the task itself: each task would need its own database server` };
  }
  if (IPV4.test(text) || text.includes(':')) {
    return { level: 'warn', reason: `${host} is an IP address: an RDS endpoint's address changes on failover and maintenance` };
  }
  if (!text.includes('.')) {
    return { level: 'warn', reason: `${host} has no domain: it looks like a docker-compose service name, which ECS resolves only through Service Connect or a search domain` };
  }
  return undefined;
}

function hostCheck(target: DatabaseTarget): Check {
  if (target.engine === 'sqlite') return skip('database-host', 'SQLite has no host');
  const concern = hostConcern(target.host);
  if (!concern) return pass('database-host', `${target.host} (a network host)`);
  const make = concern.level === 'fail' ? fail : warn;
  return make('database-host', concern.reason, SHARED_FIX);
}
