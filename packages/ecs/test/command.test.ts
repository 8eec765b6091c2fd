import { shellProblem, splitCommand } from '../src/command.js';

test.each([
  ['python manage.py migrate --noinput', ['python', 'manage.py', 'migrate', '--noinput']],
  ['python manage.py migrate --database "the main one"', ['python', 'manage.py', 'migrate', '--database', 'the main one']],
  ["sh -c 'python manage.py migrate && python manage.py createcachetable'", ['sh', '-c', 'python manage.py migrate && python manage.py createcachetable']],
  ['["python", "manage.py", "migrate"]', ['python', 'manage.py', 'migrate']],
])('%s is the argv %j', (command, argv) => {
  expect(splitCommand(command)).toEqual(argv);
});

test.each([
  // What ECS would run wrongly: the words reach the first program as its arguments.
  ['python manage.py migrate --noinput && python manage.py collectstatic --noinput', '&&'],
  ['python manage.py migrate || true', '||'],
  ['python manage.py migrate; python manage.py createcachetable', 'migrate;'],
  ['python manage.py migrate > /tmp/migrate.log 2>&1', '>'],
  ['python manage.py showmigrations | grep "\\[ \\]"', '|'],
  ['python manage.py migrate --database $DATABASE_ALIAS', '$DATABASE_ALIAS'],
  ['python manage.py migrate --database ${DATABASE_ALIAS}', '${DATABASE_ALIAS}'],
  ['python manage.py migrate $(cat /run/flags)', '$(cat'],
  ['["python", "manage.py", "migrate", "&&", "python", "manage.py", "collectstatic"]', '&&'],
])('%s is refused for %j', (command, word) => {
  expect(shellProblem(splitCommand(command))).toContain(`holds '${word}', which only a shell understands`);
});

test.each([
  ['python manage.py migrate --noinput'],
  ["sh -c 'python manage.py migrate --noinput && python manage.py collectstatic --noinput'"],
  ['/bin/bash -lc "python manage.py migrate; python manage.py createcachetable"'],
  ['/usr/bin/sh -ec "python manage.py migrate $FLAGS"'],
  // A word that merely holds a '$' or an '&' is an argument like any other.
  ['python manage.py createsuperuser --username ops --email ops@shop.example'],
  ['python manage.py loaddata price$list.json'],
  ['python manage.py seed --note "A & B"'],
])('%s is a command ECS runs as meant', (command) => {
  expect(shellProblem(splitCommand(command))).toBeUndefined();
});

test('the way out keeps the words, and is itself a command that passes', () => {
  const problem = shellProblem(splitCommand('python manage.py migrate --noinput && python manage.py collectstatic --noinput'));
  expect(problem).toBe(
    "holds '&&', which only a shell understands, and ECS runs the command without one: its words would reach python as arguments. " +
      'Run it through the image\'s shell: sh -c "python manage.py migrate --noinput && python manage.py collectstatic --noinput"',
  );
});

test.each([
  ['python manage.py migrate --noinput && python manage.py collectstatic --noinput', 'python manage.py migrate --noinput && python manage.py collectstatic --noinput'],
  ['python manage.py showmigrations | grep "[ ]"', "python manage.py showmigrations | grep '[ ]'"],
  ['python manage.py migrate --database $DATABASE_ALIAS', 'python manage.py migrate --database $DATABASE_ALIAS'],
  ['python manage.py seed --note "say \\"hi\\"" && echo done', `python manage.py seed --note 'say "hi"' && echo done`],
])('the sh -c given for %s runs %s in the shell', (command, script) => {
  const fix = /sh -c (".*")$/.exec(shellProblem(splitCommand(command)) ?? '')?.[0] ?? '';
  // Read as the input reads it, the fix is a shell running the user's words, and is not refused.
  expect(splitCommand(fix)).toEqual(['sh', '-c', script]);
  expect(shellProblem(splitCommand(fix))).toBeUndefined();
});
