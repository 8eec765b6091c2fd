import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_CONTAINER_SECONDS, checkContainerArgs, checkDeployAdvice, checkEnvironment, checkExecArgs, checkRunArgs, djangoChecks, findManagePy, remoteStorageStop, systemCheckMessages } from '../src/django.js';
import { describeProject, renderDockerfile, settingsModule, wsgiApplication } from '../src/dockerfile.js';

const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n';

async function tree(files: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tree-'));
  for (const file of files) {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), '');
  }
  return root;
}

test.each<[string, string[], string | undefined]>([
  ['at the root', ['manage.py', 'shop/settings.py'], 'manage.py'],
  ['in a subfolder', ['backend/manage.py', 'frontend/package.json'], 'backend/manage.py'],
  ['the shallowest wins', ['backend/manage.py', 'backend/vendor/x/manage.py'], 'backend/manage.py'],
  ['virtualenvs and node_modules are not searched', ['.venv/lib/manage.py', 'node_modules/x/manage.py'], undefined],
  ['none', ['README.md'], undefined],
])('findManagePy: %s', async (_name, files, expected) => {
  expect(await findManagePy(await tree(files))).toBe(expected);
});

test('check settings: random key long enough for check --deploy, user values win', () => {
  const env = new Map(checkEnvironment({ databaseUrl: 'sqlite:////tmp/x', extraEnv: [['ALLOWED_HOSTS', 'shop.example.com'], ['FEATURE', 'on']] }));
  expect(env.get('SECRET_KEY')?.length).toBeGreaterThanOrEqual(50);
  expect(env.get('SECRET_KEY')).toBe(env.get('DJANGO_SECRET_KEY'));
  expect(env.get('DEBUG')).toBe('False');
  expect(env.get('ALLOWED_HOSTS')).toBe('shop.example.com');
  expect(env.get('FEATURE')).toBe('on');
  expect(env.get('DATABASE_URL')).toBe('sqlite:////tmp/x');
  expect(checkEnvironment({ databaseUrl: 'x', extraEnv: [] })).not.toEqual(checkEnvironment({ databaseUrl: 'x', extraEnv: [] }));
});

test('each check runs with no pull and no network, settings passed by name only', () => {
  const [deploy, migrations, collect] = djangoChecks('manage.py', 'WARNING');
  expect(deploy.args).toEqual(['python', 'manage.py', 'check', '--deploy', '--fail-level', 'WARNING']);
  expect(migrations.args).toEqual(['python', 'manage.py', 'makemigrations', '--check', '--dry-run', '--no-input']);
  expect(collect.args).toEqual(['python', 'manage.py', 'collectstatic', '--noinput']);
  const args = checkRunArgs('img:1', collect, [['SECRET_KEY', 'value-not-in-argv']], 'none');
  expect(args.slice(0, 6)).toEqual(['run', '--rm', '--pull', 'never', '--network', 'none']);
  expect(args).toContain('SECRET_KEY');
  expect(args.join(' ')).not.toContain('value-not-in-argv');
  expect(args).toContain('0:0');
  expect(checkRunArgs('img:1', deploy, [], 'none')).not.toContain('--user');
});

test("the checks' container: the same settings by name, no pull, removed when it ends; each check an exec, collectstatic as root", () => {
  const [deploy, , collect] = djangoChecks('manage.py', 'WARNING');
  const args = checkContainerArgs('img:1', [['SECRET_KEY', 'value-not-in-argv']], 'host');
  expect(args.slice(0, 7)).toEqual(['run', '--detach', '--rm', '--pull', 'never', '--network', 'host']);
  expect(args).toContain('SECRET_KEY');
  expect(args.join(' ')).not.toContain('value-not-in-argv');
  expect(args).not.toContain('--user');
  expect(args.slice(-4)).toEqual(['img:1', 'python', '-c', `import time; time.sleep(${CHECK_CONTAINER_SECONDS})`]);
  expect(checkExecArgs('c0ffee', deploy)).toEqual(['exec', 'c0ffee', ...deploy.args]);
  expect(checkExecArgs('c0ffee', collect)).toEqual(['exec', '--user', '0:0', 'c0ffee', ...collect.args]);
  // The settings probe's placeholders go to every later check, by value (they are not secrets).
  expect(checkExecArgs('c0ffee', collect, [['REDIS_URL', 'https://django-checks.invalid/']])).toEqual(['exec', '--user', '0:0', '--env', 'REDIS_URL=https://django-checks.invalid/', 'c0ffee', ...collect.args]);
});

test.each([
  ['os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")', 'shop.settings', 'shop.wsgi:application'],
  ["os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')", 'config.settings.production', 'config.wsgi:application'],
])('settings module in manage.py: %s', (source, settings, wsgi) => {
  expect(settingsModule(source)).toBe(settings);
  expect(wsgiApplication(settings)).toBe(wsgi);
});

test('the template is filled in, and an unknown placeholder is an error', () => {
  const project = { projectDir: 'backend', requirements: 'backend/requirements.txt', wsgiApplication: 'shop.wsgi:application' };
  expect(renderDockerfile('COPY {{REQUIREMENTS}} x\nWORKDIR /app/{{PROJECT_DIR}}\nCMD {{WSGI_APPLICATION}}', project, 'shop')).toBe(
    'COPY backend/requirements.txt x\nWORKDIR /app/backend\nCMD shop.wsgi:application',
  );
  expect(() => renderDockerfile('{{NOPE}}', project, 'shop')).toThrow('unknown value {{NOPE}}');
});

// What a failed check --deploy says, and the warnings a lower fail level lets through.
const DEPLOY_OUTPUT = `System check identified some issues:

WARNINGS:
?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.
	HINT: see the docs
?: (security.W018) You should not have DEBUG set to True in deployment.

System check identified 2 issues (0 silenced).`;

test('system-check warnings are read out of the output', () => {
  expect(systemCheckMessages(DEPLOY_OUTPUT)).toEqual([
    '(security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.',
    '(security.W018) You should not have DEBUG set to True in deployment.',
  ]);
  expect(systemCheckMessages(DEPLOY_OUTPUT, 'E')).toEqual([]);
  expect(systemCheckMessages('System check identified no issues (0 silenced).')).toEqual([]);
});

test('a failed check --deploy names the fail level, the environment (no secret values), SILENCED_SYSTEM_CHECKS and the settings', () => {
  const env = checkEnvironment({ databaseUrl: 'sqlite:////tmp/x.sqlite3', extraEnv: [['API_TOKEN', 'tok-123'], ['SITE_NAME', 'shop']] }, 'k'.repeat(64));
  const advice = checkDeployAdvice(DEPLOY_OUTPUT, env, 'WARNING');
  expect(advice).toContain('--fail-level WARNING');
  expect(advice).toContain('DEBUG=False DJANGO_DEBUG=False ALLOWED_HOSTS=django-checks.invalid');
  expect(advice).toContain('SITE_NAME=shop');
  expect(advice).toContain('SECRET_KEY=(set, not shown)');
  expect(advice).not.toContain('k'.repeat(64));
  expect(advice).not.toContain('tok-123');
  expect(advice).not.toContain('/tmp/x.sqlite3');
  expect(advice).toContain('check-fail-level: ERROR');
  expect(advice).toContain("SILENCED_SYSTEM_CHECKS = ['security.W004', 'security.W018']");
  expect(advice).toContain('check-env NAME=VALUE');
  expect(advice).toContain('DEBUG is True although DEBUG=False and DJANGO_DEBUG=False were set');
  expect(checkDeployAdvice('?: (security.E001) broken', env, 'ERROR')).toContain('errors cannot be let through by check-fail-level');
});

test('a check --deploy stopped by settings that did not load gets no fail-level advice: no check ran', () => {
  const env = checkEnvironment({ databaseUrl: 'sqlite:////tmp/x.sqlite3', extraEnv: [['DJANGO_SETTINGS_MODULE', 'config.settings.local']] }, 'k'.repeat(64));
  // The check's last lines, which begin within the traceback, through Django's settings loader.
  const output =
    '  File "/usr/lib/python3/dist-packages/django/conf/__init__.py", line 166, in __init__\n    mod = importlib.import_module(self.SETTINGS_MODULE)\n' +
    '  File "/app/config/settings/local.py", line 6, in <module>\n    import debug_toolbar\nModuleNotFoundError: No module named \'debug_toolbar\'';
  expect(checkDeployAdvice(output, env, 'WARNING')).toBe(
    `check --deploy ran with this environment: SECRET_KEY=(set, not shown) DJANGO_SECRET_KEY=(set, not shown) DEBUG=False DJANGO_DEBUG=False ALLOWED_HOSTS=django-checks.invalid DJANGO_ALLOWED_HOSTS=django-checks.invalid DATABASE_URL=(set, not shown) AWS_STORAGE_BUCKET_NAME=django-checks-placeholder DJANGO_SETTINGS_MODULE=config.settings.local.\n` +
      'It stopped before any check ran, as the settings did not load (the error above): give them what they need with check-env NAME=VALUE (one per line), or set DJANGO_SETTINGS_MODULE there to the module production runs.',
  );
  // A check of the project's own that raised: the settings loaded, and the advice does not say otherwise.
  const crashed = '  File "/app/shop/checks.py", line 9, in stripe_key\n    raise RuntimeError("no key")\nRuntimeError: no key';
  expect(checkDeployAdvice(crashed, env, 'WARNING').split('\n')[1]).toBe(
    'It stopped at the error above before reporting any check, so the fail level and SILENCED_SYSTEM_CHECKS have nothing to act on: fix what the traceback names.',
  );
});

// The spellings settings compare against: Django's own tutorial reads
// DEBUG = os.environ.get('DJANGO_DEBUG', '') != 'False'.
test.each(['DEBUG', 'DJANGO_DEBUG'])('%s is False as Python spells it', (name) => {
  expect(new Map(checkEnvironment({ databaseUrl: 'sqlite://', extraEnv: [] })).get(name)).toBe('False');
});

const COLLECT = '  File "/usr/lib/python3/dist-packages/django/contrib/staticfiles/management/commands/collectstatic.py", line 209, in handle\n    collected = self.collect()';
const SETUP = '  File "/usr/lib/python3/dist-packages/django/__init__.py", line 19, in setup\n    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)';

test.each([
  ['S3 without credentials', `Traceback (most recent call last):\n${COLLECT}\n  File "/app/library/s3_static.py", line 17, in exists\n    self.client.head_object(Bucket=self.bucket_name, Key=self._key(name))\n    raise NoCredentialsError()\nbotocore.exceptions.NoCredentialsError: Unable to locate credentials`, 'botocore.exceptions.NoCredentialsError: Unable to locate credentials'],
  ['S3 with credentials, no network', `${COLLECT}\nbotocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "https://shop-static.s3.amazonaws.com/static/admin/css/base.css"`, 'botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "https://shop-static.s3.amazonaws.com/static/admin/css/base.css"'],
  ['Google Cloud Storage', `${COLLECT}\ngoogle.auth.exceptions.DefaultCredentialsError: Your default credentials were not found.`, 'google.auth.exceptions.DefaultCredentialsError: Your default credentials were not found.'],
  // Settings that call AWS as they load: not within collectstatic, every check fails alike.
  ['settings that call AWS as they load', `Traceback (most recent call last):\n${SETUP}\n  File "/app/library/secret_on_load.py", line 6, in <module>\nbotocore.exceptions.NoCredentialsError: Unable to locate credentials`, undefined],
  // collectstatic's own failures are the check's findings.
  ['a file the manifest cannot find', `${COLLECT}\nValueError: Missing staticfiles manifest entry for 'css/missing.png'`, undefined],
  ['no STATIC_ROOT', `${COLLECT}\ndjango.core.exceptions.ImproperlyConfigured: You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.`, undefined],
  // A build's output, as BuildKit prefixes each line.
  ['a BuildKit build', `#11 1.402 ${COLLECT.trim()}\n#11 1.519 botocore.exceptions.NoCredentialsError: Unable to locate credentials\n#11 ERROR: process "/bin/sh -c python manage.py collectstatic --noinput" did not complete successfully: exit code: 1`, 'botocore.exceptions.NoCredentialsError: Unable to locate credentials'],
  ['S3 refusing the request', `${COLLECT}\nbotocore.exceptions.ClientError: An error occurred (403) when calling the HeadObject operation: Forbidden`, undefined],
])('collectstatic output, %s: stopped at the cloud by %j', (_, output, line) => {
  expect(remoteStorageStop(output)).toBe(line);
});

test.each<[string, Record<string, string>, string]>([
  ['requirements.txt beside manage.py', { 'backend/manage.py': MANAGE, 'backend/requirements.txt': 'django' }, 'backend/requirements.txt'],
  ['requirements.txt at the context root', { 'backend/manage.py': MANAGE, 'requirements.txt': 'django' }, 'requirements.txt'],
  ['nothing', { 'backend/manage.py': MANAGE }, 'no requirements.txt beside backend/manage.py or at the root of the build context'],
  [
    'a uv project',
    { 'backend/manage.py': MANAGE, 'backend/pyproject.toml': '[project]', 'backend/uv.lock': '' },
    'no requirements.txt beside backend/manage.py or at the root of the build context: this project pins its dependencies with uv (backend/uv.lock); write the requirements.txt the generated Dockerfile installs in a step before this one, in backend: uv export --frozen --no-dev --no-hashes -o requirements.txt. Or write a Dockerfile of your own',
  ],
  ['a Poetry project at the root', { 'backend/manage.py': MANAGE, 'poetry.lock': '' }, 'pins its dependencies with Poetry (poetry.lock); write the requirements.txt the generated Dockerfile installs in a step before this one, in the context: poetry export --without-hashes -o requirements.txt'],
  ['a Pipenv project', { 'backend/manage.py': MANAGE, 'backend/Pipfile.lock': '{}' }, 'with Pipenv (backend/Pipfile.lock)'],
])('dockerfile: generate with %s', async (_, files, expected) => {
  const context = await mkdtemp(join(tmpdir(), 'generate-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(context, name, '..'), { recursive: true });
    await writeFile(join(context, name), text);
  }
  const project = await describeProject(context, 'backend/manage.py');
  if (typeof project === 'string') expect(project).toContain(expected);
  else expect(project.requirements).toBe(expected);
});
