import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEnvironment, checkRunArgs, djangoChecks, findManagePy } from '../src/django.js';
import { renderDockerfile, settingsModule, wsgiApplication } from '../src/dockerfile.js';

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
  expect(env.get('DEBUG')).toBe('false');
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
