import { diffTaskDefinitions } from '../src/diff.js';

// The dry-run diff goes to the log and the job summary: values that carry secrets never show.

const definition = (environment: Array<{ name: string; value: string }>, image = 'r.example/shop@sha256:1') => ({
  family: 'shop',
  containerDefinitions: [{ name: 'web', image, environment }],
});

test.each<[string, Array<{ name: string; value: string }>, Array<{ name: string; value: string }>, string[]]>([
  [
    'a database URL keeps its host and hides its password',
    [{ name: 'DATABASE_URL', value: 'postgres://app:OldPassw0rd-1@db.example.com/shop' }],
    [{ name: 'DATABASE_URL', value: 'postgres://app:NewPassw0rd-2@db.example.com/shop' }],
    ['~ containerDefinitions[web].environment[DATABASE_URL].value: "postgres://app:***@db.example.com/shop" -> "postgres://app:***@db.example.com/shop"'],
  ],
  [
    'a new variable whose password holds an unencoded @',
    [{ name: 'FEATURE', value: 'on' }],
    [{ name: 'FEATURE', value: 'on' }, { name: 'DATABASE_URL', value: 'postgres://app:p@ssw0rd@db.example.com/shop' }],
    [
      '+ containerDefinitions[web].environment[DATABASE_URL].name: "DATABASE_URL"',
      '+ containerDefinitions[web].environment[DATABASE_URL].value: "postgres://app:***@db.example.com/shop"',
    ],
  ],
  [
    'a variable named like a secret',
    [{ name: 'SECRET_KEY', value: 'old-django-key' }],
    [{ name: 'SECRET_KEY', value: 'new-django-key' }],
    ['~ containerDefinitions[web].environment[SECRET_KEY].value: "***" -> "***"'],
  ],
  [
    'a harmless variable is shown',
    [{ name: 'FEATURE', value: 'off' }],
    [{ name: 'FEATURE', value: 'on' }],
    ['~ containerDefinitions[web].environment[FEATURE].value: "off" -> "on"'],
  ],
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
