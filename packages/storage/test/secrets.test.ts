import { blocking, containerEnvironment, maskUrlPassword, secretSource, summaryTable, type Check } from '@tandem/storage';

test.each([
  ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf', { service: 'secretsmanager', secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf', jsonKey: undefined }],
  ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf:url::', { service: 'secretsmanager', jsonKey: 'url', versionStage: undefined }],
  ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:url:AWSPREVIOUS:', { jsonKey: 'url', versionStage: 'AWSPREVIOUS' }],
  ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf::AWSCURRENT:v-1', { jsonKey: undefined, versionStage: 'AWSCURRENT', versionId: 'v-1' }],
  ['arn:aws:ssm:eu-west-1:123456789012:parameter/shop/database-url', { service: 'ssm', name: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/database-url' }],
  ['/shop/database-url', { service: 'ssm', name: '/shop/database-url' }],
])('%s', (valueFrom, expected) => {
  expect(secretSource(valueFrom)).toMatchObject(expected);
});

test.each([
  ['postgres://shop:p%40ss@db.example.com/shop', ['p%40ss', 'p@ss']],
  ['postgres://shop:p@ss@db.example.com/shop', ['p@ss']],
  // Typed by hand, unencoded: where a parser splits it, where it was meant to end, and the pieces.
  ['postgres://shop:Pw-7dq/Kx9@zR:vL2@db.example.com:5432/shop', ['Pw-7dq/Kx9@zR:vL2', 'Pw-7dq']],
  ['postgres://shop:abc@defg/hijk@db.example.com/shop', ['abc', 'abc@defg/hijk', 'defg', 'hijk']],
  ['postgres://shop:@db.example.com/shop', []],
  ['postgres://shop@db.example.com/shop', []],
  ['not a url', []],
])('masks the password of %s in every form it could be printed', (url, masked) => {
  const seen: string[] = [];
  maskUrlPassword(url, (value) => seen.push(value));
  expect(seen).toEqual(masked);
});

test('a name in both lists is the secret, as ECS would inject it', () => {
  const environment = containerEnvironment({ environment: [{ name: 'DATABASE_URL', value: 'sqlite:///x' }], secrets: [{ name: 'DATABASE_URL', valueFrom: '/shop/db' }] });
  expect(environment.get('DATABASE_URL')).toEqual({ kind: 'secret', from: '/shop/db' });
});

const checks: Check[] = [
  { id: 'a', result: 'pass', message: 'fine' },
  { id: 'b', result: 'warn', message: 'meh', fix: 'do x' },
  { id: 'c', result: 'fail', message: 'bad', fix: 'do y' },
  { id: 'd', result: 'skip', message: 'n/a' },
];
test.each([
  ['error', ['c']],
  ['warning', ['b', 'c']],
] as const)('fail-on %s blocks on %j', (failOn, ids) => {
  expect(blocking(checks, failOn).map((check) => check.id)).toEqual(ids);
});

test('the summary table has a row per check with its fix', () => {
  const table = summaryTable(checks);
  expect(table[0]).toEqual(['check', 'result', 'found', 'fix']);
  expect(table).toHaveLength(5);
  expect(table[3]).toEqual(['c', '❌ fail', 'bad', 'do y']);
});
