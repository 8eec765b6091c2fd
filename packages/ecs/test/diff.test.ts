import { diffTaskDefinitions } from '../src/diff.js';

// The dry-run diff goes to the log and the job summary: values that carry secrets never show.

const definition = (environment: Record<string, string>, image = 'r.example/shop@sha256:1') => ({
  family: 'shop',
  containerDefinitions: [{ name: 'web', image, environment: Object.entries(environment).map(([name, value]) => ({ name, value })) }],
});

const URL_OLD = 'postgres://app:OldPassw0rd-1@db.example.com/shop';
const URL_NEW = 'postgres://app:NewPassw0rd-2@db.example.com/shop';
const URL_AT = 'postgres://app:p@ssw0rd@db.example.com/shop';
const DATABASE_URL = 'containerDefinitions[web].environment[DATABASE_URL]';

test.each<[string, Record<string, string>, Record<string, string>, string[]]>([
  ['a database URL keeps its host and hides its password', { DATABASE_URL: URL_OLD }, { DATABASE_URL: URL_NEW }, [`~ ${DATABASE_URL}.value: "postgres://app:***@db.example.com/shop" -> "postgres://app:***@db.example.com/shop"`]],
  ['a new variable whose password holds an unencoded @', { FEATURE: 'on' }, { FEATURE: 'on', DATABASE_URL: URL_AT }, [`+ ${DATABASE_URL}.name: "DATABASE_URL"`, `+ ${DATABASE_URL}.value: "postgres://app:***@db.example.com/shop"`]],
  ['a variable named like a secret', { SECRET_KEY: 'old-django-key' }, { SECRET_KEY: 'new-django-key' }, ['~ containerDefinitions[web].environment[SECRET_KEY].value: "***" -> "***"']],
  ['a harmless variable is shown', { FEATURE: 'off' }, { FEATURE: 'on' }, ['~ containerDefinitions[web].environment[FEATURE].value: "off" -> "on"']],
])('%s', (_name, before, after, lines) => {
  const diff = diffTaskDefinitions(definition(before), definition(after));
  expect(diff).toEqual(lines);
  expect(diff.join('\n')).not.toMatch(/Passw0rd|p@ssw0rd|ssw0rd|django-key/);
});

test('an image change and a reordering: the change shows, the order does not', () => {
  const before = { containerDefinitions: [{ name: 'web', image: 'a' }, { name: 'worker', image: 'a' }] };
  const after = { containerDefinitions: [{ name: 'worker', image: 'a' }, { name: 'web', image: 'b' }] };
  expect(diffTaskDefinitions(before, after)).toEqual(['~ containerDefinitions[web].image: "a" -> "b"']);
});
