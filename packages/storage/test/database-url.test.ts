import { DatabaseUrlError, engineOfBackend, parseDatabaseUrl } from '@tandem/storage';

test.each([
  ['postgres://shop:s3cret@shop.abc.eu-west-1.rds.amazonaws.com:5432/shop', { engine: 'postgresql', host: 'shop.abc.eu-west-1.rds.amazonaws.com', port: 5432, name: 'shop', user: 'shop', password: 's3cret' }],
  ['postgresql://u:p%40ss%2Fw%3Ard@db.example.com/app', { engine: 'postgresql', host: 'db.example.com', port: undefined, name: 'app', password: 'p@ss/w:rd' }],
  ['postgres://u:p@ss@db.example.com/app', { host: 'db.example.com', password: 'p@ss' }],
  ['mysql://root:pw@mysql.internal:3306/app?charset=utf8mb4', { engine: 'mysql', host: 'mysql.internal', port: 3306, name: 'app' }],
  ['mariadb://u@db.example.com/app', { engine: 'mysql', user: 'u', password: undefined }],
  ['postgis://u:p@[fd00::5]:5433/geo', { engine: 'postgresql', host: 'fd00::5', port: 5433 }],
  ['postgres://%2Fvar%2Frun%2Fpostgresql/app', { host: '/var/run/postgresql', name: 'app' }],
  ['postgres:///app?host=/tmp', { host: '/tmp', name: 'app' }],
  ['sqlite:///db.sqlite3', { engine: 'sqlite', file: 'db.sqlite3' }],
  ['sqlite:////data/db.sqlite3', { engine: 'sqlite', file: '/data/db.sqlite3' }],
  ['sqlite://:memory:', { engine: 'sqlite', file: ':memory:' }],
  ['sqlite://', { engine: 'sqlite', file: ':memory:' }],
  ['cockroach://u:p@crdb.example.com:26257/app', { engine: 'postgresql', port: 26257 }],
  ['oracle://u:p@ora.example.com:1521/XE', { engine: 'oracle' }],
  ['couchdb://u:p@couch.example.com/app', { engine: 'other', scheme: 'couchdb' }],
])('%s', (url, expected) => {
  expect(parseDatabaseUrl(url)).toMatchObject(expected);
});

test.each([
  ['db.example.com:5432/app', 'is not a URL'],
  ['', 'is not a URL'],
  ['postgres://u:p@db.example.com:99999/app', 'port'],
  ['postgres://u:p@db.example.com:abc/app', 'port'],
  ['postgres://u:p@[fd00::5/app', 'IPv6'],
])('%s is refused without echoing it', (url, reason) => {
  const error = (() => {
    try {
      parseDatabaseUrl(url);
    } catch (thrown) {
      return thrown as Error;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(DatabaseUrlError);
  expect(error?.message).toContain(reason);
  if (url) expect(error?.message).not.toContain(url);
  expect(error?.message).not.toContain(':p@');
});

test.each([
  ['django.db.backends.postgresql', 'postgresql'],
  ['django.db.backends.postgresql_psycopg2', 'postgresql'],
  ['django.contrib.gis.db.backends.postgis', 'postgresql'],
  ['django.db.backends.mysql', 'mysql'],
  ['django.db.backends.sqlite3', 'sqlite'],
  ['django.contrib.gis.db.backends.spatialite', 'sqlite'],
  ['django.db.backends.oracle', 'oracle'],
  ['mssql', 'mssql'],
  ['aurora-postgresql', 'postgresql'],
  ['aurora-mysql', 'mysql'],
  ['custom.backend', 'other'],
])('engine of %s is %s', (backend, engine) => {
  expect(engineOfBackend(backend)).toBe(engine);
});
