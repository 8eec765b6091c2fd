/** The engines a database URL or a set of host variables can name, in dj-database-url's terms. */
export type Engine = 'postgresql' | 'mysql' | 'sqlite' | 'oracle' | 'mssql' | 'other';

export interface DatabaseTarget {
  engine: Engine;
  /** The URL scheme or the engine variable as written. */
  scheme: string;
  host?: string;
  port?: number;
  name?: string;
  user?: string;
  /** Decoded; the caller masks it before anything can print it. */
  password?: string;
  /** For SQLite: the file, as Django would open it. */
  file?: string;
}

// dj-database-url's scheme table, grouped by the backend each scheme selects.
const SCHEMES: Record<string, Engine> = {
  postgres: 'postgresql', postgresql: 'postgresql', pgsql: 'postgresql', postgis: 'postgresql',
  redshift: 'postgresql', cockroach: 'postgresql', timescale: 'postgresql', timescalegis: 'postgresql',
  mysql: 'mysql', mysql2: 'mysql', mysqlgis: 'mysql', 'mysql-connector': 'mysql', mariadb: 'mysql',
  sqlite: 'sqlite', spatialite: 'sqlite',
  oracle: 'oracle', oraclegis: 'oracle',
  mssql: 'mssql', mssqlms: 'mssql',
};

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Splits a database URL the way dj-database-url (urllib's urlsplit) does: the user part ends at
 * the last `@`, so an unencoded `@` in a password still parses as Django would read it. Never
 * puts the URL or the password in an error message.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s.exec(url.trim());
  if (!match) throw new DatabaseUrlError('is not a URL of the form scheme://user:password@host:port/name');
  const scheme = match[1].toLowerCase();
  const engine = SCHEMES[scheme] ?? 'other';
  const rest = match[2];
  if (engine === 'sqlite') return { engine, scheme, file: sqliteFile(rest) };

  const slash = rest.search(/[/?#]/);
  const netloc = slash === -1 ? rest : rest.slice(0, slash);
  const tail = slash === -1 ? '' : rest.slice(slash);
  const at = netloc.lastIndexOf('@');
  const userinfo = at === -1 ? '' : netloc.slice(0, at);
  const hostport = at === -1 ? netloc : netloc.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const password = colon === -1 ? undefined : userinfo.slice(colon + 1);
  const { host, port } = splitHostPort(hostport);
  const path = /^\/([^?#]*)/.exec(tail)?.[1] ?? '';
  const query = new URLSearchParams(/\?([^#]*)/.exec(tail)?.[1] ?? '');
  const socketHost = query.get('host') ?? undefined;
  return {
    engine,
    scheme,
    host: host ? decode(host) : socketHost,
    port,
    name: path ? decode(path) : undefined,
    user: user ? decode(user) : undefined,
    password: password !== undefined && password !== '' ? decode(password) : undefined,
  };
}

function sqliteFile(rest: string): string {
  // sqlite://:memory: and sqlite:// are in memory; sqlite:///x is relative, sqlite:////x absolute.
  if (rest === '' || rest === ':memory:') return ':memory:';
  const slash = rest.indexOf('/');
  return decode(slash === -1 ? rest : rest.slice(slash + 1)) || ':memory:';
}

function splitHostPort(hostport: string): { host: string; port?: number } {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close === -1) throw new DatabaseUrlError('has an IPv6 host without its closing ]');
    const after = hostport.slice(close + 1);
    return { host: hostport.slice(1, close), port: after.startsWith(':') ? parsePort(after.slice(1)) : undefined };
  }
  const colon = hostport.lastIndexOf(':');
  if (colon === -1) return { host: hostport };
  return { host: hostport.slice(0, colon), port: parsePort(hostport.slice(colon + 1)) };
}

function parsePort(text: string): number | undefined {
  if (text === '') return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new DatabaseUrlError(`has a port that is not a number from 1 to 65535`);
  return Number(text);
}

/** Django ENGINE strings (django.db.backends.postgresql, ...) and bare names to an engine. */
export function engineOfBackend(backend: string): Engine {
  const text = backend.toLowerCase();
  if (/sqlite|spatialite/.test(text)) return 'sqlite';
  if (/postg|psycopg|redshift|cockroach|timescale/.test(text)) return 'postgresql';
  if (/mysql|maria/.test(text)) return 'mysql';
  if (/oracle/.test(text)) return 'oracle';
  if (/mssql|sql_server|sqlserver/.test(text)) return 'mssql';
  return 'other';
}
