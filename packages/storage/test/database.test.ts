import { databaseChecks, findDatabase, hostConcern, type Environment, type Setting } from '@tandem/storage';

const env = (values: Record<string, string | { from: string; value?: string }>): Environment =>
  new Map(Object.entries(values).map(([name, value]): [string, Setting] => [name, typeof value === 'string' ? { kind: 'plain', value } : { kind: 'secret', ...value }]));

const results = (values: Parameters<typeof env>[0], allow = false) =>
  Object.fromEntries(databaseChecks(findDatabase(env(values), 'DATABASE_URL'), 'DATABASE_URL', allow).map((check) => [check.id, check.result]));

const RDS = 'shop.abcdefghijkl.eu-west-1.rds.amazonaws.com';
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf';

test.each([
  ['a URL to RDS', { DATABASE_URL: `postgres://shop@${RDS}/shop` }, { 'database-configured': 'pass', 'database-engine': 'pass', 'database-host': 'pass' }],
  ['a password in plain environment', { DATABASE_URL: `postgres://shop:pw@${RDS}/shop` }, { 'database-configured': 'pass', 'database-credentials': 'warn', 'database-host': 'pass' }],
  ['SQLite', { DATABASE_URL: 'sqlite:////data/db.sqlite3' }, { 'database-engine': 'fail', 'database-host': 'skip' }],
  ['nothing at all', {}, { 'database-configured': 'fail', 'database-engine': 'skip' }],
  ['localhost', { DATABASE_URL: 'postgres://u@localhost:5432/app' }, { 'database-host': 'fail' }],
  ['127.0.0.1', { DATABASE_URL: 'postgres://u@127.0.0.1/app' }, { 'database-host': 'fail' }],
  ['::1', { DATABASE_URL: 'postgres://u@[::1]/app' }, { 'database-host': 'fail' }],
  ['a Unix socket', { DATABASE_URL: 'postgres://%2Fvar%2Frun%2Fpostgresql/app' }, { 'database-host': 'fail' }],
  ['no host', { DATABASE_URL: 'postgres:///app' }, { 'database-host': 'fail' }],
  ['a compose service name', { DATABASE_URL: 'postgres://u@db:5432/app' }, { 'database-host': 'warn' }],
  ['a private IP', { DATABASE_URL: 'postgres://u@10.0.3.7/app' }, { 'database-host': 'warn' }],
  ['an unknown scheme', { DATABASE_URL: 'couchdb://u@couch.example.com/app' }, { 'database-engine': 'warn' }],
  ['a broken URL', { DATABASE_URL: 'not a url' }, { 'database-configured': 'fail', 'database-host': 'skip' }],
  ['a secret reference', { DATABASE_URL: { from: ARN } }, { 'database-configured': 'pass', 'database-engine': 'skip', 'database-host': 'skip' }],
  ['a resolved secret', { DATABASE_URL: { from: ARN, value: `postgres://shop:pw@${RDS}/shop` } }, { 'database-configured': 'pass', 'database-host': 'pass' }],
  ['DB_HOST style', { DB_ENGINE: 'django.db.backends.postgresql', DB_HOST: RDS, DB_NAME: 'shop', DB_PASSWORD: { from: ARN } }, { 'database-configured': 'pass', 'database-engine': 'pass', 'database-host': 'pass' }],
  ['POSTGRES_HOST style', { POSTGRES_HOST: 'localhost', POSTGRES_DB: 'shop' }, { 'database-engine': 'pass', 'database-host': 'fail' }],
  ['PGHOST', { PGHOST: RDS }, { 'database-engine': 'pass', 'database-host': 'pass' }],
  ['DB_HOST without an engine', { DB_HOST: RDS }, { 'database-engine': 'warn', 'database-host': 'pass' }],
  ['DB_ENGINE sqlite without a host', { DB_ENGINE: 'django.db.backends.sqlite3', DB_NAME: '/app/db.sqlite3' }, { 'database-engine': 'fail' }],
  ['DB_PASSWORD in plain text', { DB_ENGINE: 'postgresql', DB_HOST: RDS, DB_PASSWORD: 'pw' }, { 'database-credentials': 'warn' }],
  ['DB_HOST from a secret', { DB_HOST: { from: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host' } }, { 'database-configured': 'pass', 'database-host': 'skip' }],
])('%s', (_name, values, expected) => {
  expect(results(values)).toMatchObject(expected);
});

test('every warn and fail says how to fix it, and no message carries the password', () => {
  for (const url of ['postgres://u:hunter2@localhost/app', 'sqlite:///db.sqlite3', 'postgres://u:hunter2@db/app', 'postgres://u:hunter2@db.example.com/app']) {
    for (const check of databaseChecks(findDatabase(env({ DATABASE_URL: url }), 'DATABASE_URL'), 'DATABASE_URL', false)) {
      if (check.result === 'warn' || check.result === 'fail') expect(check.fix).toBeTruthy();
      expect(JSON.stringify(check)).not.toContain('hunter2');
    }
  }
});

test('the variable name input is honoured', () => {
  const finding = findDatabase(env({ PRIMARY_DB: `postgres://u@${RDS}/x`, DATABASE_URL: 'sqlite:///x' }), 'PRIMARY_DB');
  expect(finding).toMatchObject({ state: 'found', variables: ['PRIMARY_DB'], target: { host: RDS } });
});

test.each([
  ['localhost', 'fail'], ['LOCALHOST.', 'fail'], ['api.localhost', 'fail'], ['127.0.0.53', 'fail'], ['0.0.0.0', 'fail'],
  ['host.docker.internal', 'fail'], ['/tmp/.s.PGSQL.5432', 'fail'], ['', 'fail'], [undefined, 'fail'],
  ['db', 'warn'], ['postgres', 'warn'], ['192.168.1.4', 'warn'], ['fd00::1', 'warn'],
  [RDS, undefined], ['db.internal.example.com', undefined],
])('host %s: %s', (host, level) => {
  expect(hostConcern(host)?.level).toBe(level);
});
