import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseChecksSettings, findServerModules, MODULE_MARKER, parseServerSettings, productionSibling, serverSettingsCommand, type ServerModule } from '../src/settings-module.js';

const setdefault = (module: string) => `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n`;

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'project-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return root;
}

test.each<[string, Record<string, string>, string, ServerModule[]]>([
  ['cookiecutter-django: config/wsgi.py', { 'manage.py': setdefault('config.settings.local'), 'config/wsgi.py': setdefault('config.settings.production'), 'config/asgi.py': setdefault('config.settings.production') }, 'manage.py', [{ file: 'config/wsgi.py', module: 'config.settings.production' }]],
  ['asgi.py where no wsgi.py names one', { 'manage.py': setdefault('shop.settings'), 'shop/asgi.py': setdefault('shop.settings.prod') }, 'manage.py', [{ file: 'shop/asgi.py', module: 'shop.settings.prod' }]],
  ['a wsgi.py that names no default is not a server module', { 'manage.py': setdefault('shop.settings'), 'shop/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n' }, 'manage.py', []],
  ['below manage.py only, not in a virtualenv', { 'backend/manage.py': setdefault('shop.settings'), 'backend/shop/wsgi.py': setdefault('shop.settings'), 'backend/.venv/x/wsgi.py': setdefault('x.settings'), 'other/wsgi.py': setdefault('other.settings') }, 'backend/manage.py', [{ file: 'backend/shop/wsgi.py', module: 'shop.settings' }]],
  ['several, sorted', { 'manage.py': setdefault('a.settings'), 'b/wsgi.py': setdefault('b.settings'), 'a/wsgi.py': setdefault('a.settings') }, 'manage.py', [{ file: 'a/wsgi.py', module: 'a.settings' }, { file: 'b/wsgi.py', module: 'b.settings' }]],
])('findServerModules: %s', async (_name, files, managePy, expected) => {
  expect(await findServerModules(await project(files), managePy)).toEqual(expected);
});

const wsgi = (module: string, file = 'config/wsgi.py'): ServerModule => ({ file, module });
const NOTE = 'The Django checks load config.settings.production, the settings config/wsgi.py gives the server, where manage.py defaults to config.settings.local. Set DJANGO_SETTINGS_MODULE in check-env to check another module.';

test.each<[string, Parameters<typeof chooseChecksSettings>[0], ReturnType<typeof chooseChecksSettings>]>([
  ['manage.py and the server agree: nothing to set', { managePy: 'manage.py', managePyModule: 'shop.settings', servers: [wsgi('shop.settings')], checkEnv: [], imageSetsModule: false }, {}],
  ['no server file: manage.py decides', { managePy: 'manage.py', managePyModule: 'shop.settings', servers: [], checkEnv: [], imageSetsModule: false }, {}],
  ['the server loads other settings: the checks load those', { managePy: 'manage.py', managePyModule: 'config.settings.local', servers: [wsgi('config.settings.production')], checkEnv: [], imageSetsModule: false }, { module: 'config.settings.production', note: NOTE }],
  ['check-env names a module: the user decides', { managePy: 'manage.py', managePyModule: 'config.settings.local', servers: [wsgi('config.settings.production')], checkEnv: [['DJANGO_SETTINGS_MODULE', 'config.settings.local']], imageSetsModule: false }, {}],
  ['the image sets one (ENV): it stands', { managePy: 'manage.py', managePyModule: 'config.settings.local', servers: [wsgi('config.settings.production')], checkEnv: [], imageSetsModule: true }, {}],
  [
    'manage.py names none: the server does',
    { managePy: 'src/manage.py', servers: [wsgi('shop.settings', 'src/shop/wsgi.py')], checkEnv: [], imageSetsModule: false },
    { module: 'shop.settings', note: 'The Django checks load shop.settings, the settings src/shop/wsgi.py gives the server, where src/manage.py names no default. Set DJANGO_SETTINGS_MODULE in check-env to check another module.' },
  ],
  [
    'server files that disagree: no guess, and the note says how to choose',
    { managePy: 'manage.py', managePyModule: 'a.settings', servers: [wsgi('a.settings', 'a/wsgi.py'), wsgi('b.settings', 'b/wsgi.py')], checkEnv: [], imageSetsModule: false },
    { note: 'The Django checks load the settings manage.py chooses (a.settings), as the server files name several: a/wsgi.py a.settings, b/wsgi.py b.settings. Set DJANGO_SETTINGS_MODULE in check-env to check the module production runs.' },
  ],
])('chooseChecksSettings: %s', (_name, options, expected) => {
  expect(chooseChecksSettings(options)).toEqual(expected);
});

// The rule's two forms, TypeScript (build-push-django-image, on the build context) and Python
// (verify-shared-storage, in the image), over the same projects: the module each ends with.
// The test's manage.py prints the module it would load, after its own setdefault.
const MANAGE_PRINTS = 'import sys\nprint("loads", os.environ.get("DJANGO_SETTINGS_MODULE"), sys.argv[1:])\n';
test.each<[string, Record<string, string>, Record<string, string>, string | undefined]>([
  ['cookiecutter-django', { 'manage.py': setdefault('config.settings.local'), 'config/wsgi.py': setdefault('config.settings.production') }, {}, 'config.settings.production'],
  ['manage.py and wsgi.py agree', { 'manage.py': setdefault('shop.settings'), 'shop/wsgi.py': setdefault('shop.settings') }, {}, 'shop.settings'],
  ['asgi.py alone', { 'manage.py': setdefault('shop.settings'), 'shop/asgi.py': setdefault('shop.settings.prod') }, {}, 'shop.settings.prod'],
  ['two wsgi.py that disagree', { 'manage.py': setdefault('a.settings'), 'a/wsgi.py': setdefault('a.settings'), 'b/wsgi.py': setdefault('b.settings') }, {}, 'a.settings'],
  ['manage.py without a default', { 'manage.py': 'import os\n', 'shop/wsgi.py': setdefault('shop.settings') }, {}, 'shop.settings'],
  ['a wsgi.py in a virtualenv', { 'manage.py': setdefault('shop.settings'), '.venv/lib/x/wsgi.py': setdefault('x.settings'), 'venv/x/wsgi.py': setdefault('x.settings') }, {}, 'shop.settings'],
  ['the environment names one', { 'manage.py': setdefault('config.settings.local'), 'config/wsgi.py': setdefault('config.settings.production') }, { DJANGO_SETTINGS_MODULE: 'config.settings.staging' }, 'config.settings.staging'],
])('both forms of the rule agree: %s', async (_name, files, env, expected) => {
  const root = await project({ ...files, 'manage.py': `${files['manage.py']}${MANAGE_PRINTS}` });
  const ran = spawnSync('python3', serverSettingsCommand(['shell', '-c', 'pass']), { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  expect(ran.stderr).toBe('');
  expect(ran.stdout.split('\n').find((line) => line.startsWith('loads '))).toBe(`loads ${expected} ['shell', '-c', 'pass']`);
  const managePyModule = /"([\w.]+)"\)/.exec(files['manage.py'])?.[1];
  const choice = chooseChecksSettings({ managePy: 'manage.py', managePyModule, servers: await findServerModules(root, 'manage.py'), checkEnv: Object.entries(env), imageSetsModule: false });
  expect(env.DJANGO_SETTINGS_MODULE ?? choice.module ?? managePyModule).toBe(expected);
  // The prelude says so only when it chose the server's module.
  const said = parseServerSettings(ran.stdout);
  expect(said?.module).toBe(choice.module);
  if (said) expect(ran.stdout).toContain(`${MODULE_MARKER}{"module": "${expected}", "files": [`);
});

test.each<[string, Record<string, string>, string, string | undefined, string | undefined]>([
  ["Wagtail's template: dev loaded, production beside it", { 'manage.py': '', 'mysite/settings/dev.py': '', 'mysite/settings/production.py': '' }, 'manage.py', 'mysite.settings.dev', 'mysite.settings.production'],
  ['prod.py beside development.py, below manage.py\'s folder', { 'src/manage.py': '', 'src/app/settings/development.py': '', 'src/app/settings/prod.py': '' }, 'src/manage.py', 'app.settings.development', 'app.settings.prod'],
  ['production loaded already', { 'manage.py': '', 'mysite/settings/production.py': '' }, 'manage.py', 'mysite.settings.production', undefined],
  ['no production module beside it', { 'manage.py': '', 'shop/settings.py': '' }, 'manage.py', 'shop.settings', undefined],
  ['a top-level settings module', { 'manage.py': '', 'settings.py': '', 'production.py': '' }, 'manage.py', 'settings', undefined],
  ['no module known', { 'manage.py': '' }, 'manage.py', undefined, undefined],
])('productionSibling: %s', async (_name, files, managePy, module, expected) => {
  expect(await productionSibling(await project(files), managePy, module)).toBe(expected);
});
