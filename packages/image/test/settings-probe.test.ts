import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProbe, placeholdersNotice, probeExecArgs, SETTINGS_PROBE, stoppedAtVariable } from '../src/settings-probe.js';

const ENVIRON_TRACE = 'Traceback (most recent call last):\n  File "/app/config/settings/base.py", line 3, in <module>\n    X = os.environ["ADMIN_URL"]\n  File "<frozen os>", line 709, in __getitem__\n';

test.each<[string, string, boolean]>([
  ["django-environ's message", 'django.core.exceptions.ImproperlyConfigured: Set the REDIS_URL environment variable', true],
  ['os.environ[...] of a missing name', `${ENVIRON_TRACE}KeyError: 'ADMIN_URL'`, true],
  ['os.environ in a Python whose os module is a file', "  File \"/usr/lib/python3.11/os.py\", line 679, in __getitem__\nKeyError: 'ADMIN_URL'", true],
  ['a KeyError of a dict, not of the environment', "  File \"/app/config/settings.py\", line 9, in <module>\n    X = CONF['name']\nKeyError: 'name'", false],
  ['a module that is not installed', "ModuleNotFoundError: No module named 'debug_toolbar'", false],
  ['another ImproperlyConfigured', 'django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.', false],
  ['a check that found problems', 'System check identified some issues:\n?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.', false],
])('stoppedAtVariable: %s', (_name, output, expected) => {
  expect(stoppedAtVariable(output)).toBe(expected);
});

test.each<[string, string, ReturnType<typeof parseProbe>]>([
  ['every variable found', 'noise\n{"module": "c.settings", "given": [["A", "django-checks-placeholder"]], "error": null}\n', { module: 'c.settings', given: [['A', 'django-checks-placeholder']] }],
  ['stopped at something else', '{"module": "c.settings", "given": [], "error": "ValueError: bad"}', { module: 'c.settings', given: [], error: 'ValueError: bad' }],
  ['no JSON: the probe did not run', "OCI runtime exec failed: exec: \"python\": executable file not found in $PATH", undefined],
  ['JSON of another shape', '{"given": "A"}', undefined],
])('parseProbe: %s', (_name, stdout, expected) => {
  expect(parseProbe(stdout)).toEqual(expected);
});

test('probeExecArgs: manage.py\'s folder and its default module', () => {
  expect(probeExecArgs('c0ffee', 'src/manage.py', 'shop.settings')).toEqual(['exec', 'c0ffee', 'python', '-c', SETTINGS_PROBE, 'src', 'shop.settings']);
  expect(probeExecArgs('c0ffee', 'manage.py', '').slice(-2)).toEqual(['.', '']);
});

test('placeholdersNotice names each variable, in the order met', () => {
  expect(placeholdersNotice({ module: 'config.settings.production', given: [['REDIS_URL', 'https://django-checks.invalid/']] })).toBe(
    'The settings config.settings.production read a variable with no default that the checks were not given: REDIS_URL. The checks ran with placeholders for them (production needs them in the task definition); to give the checks other values, set them in check-env.',
  );
});

// The probe itself, in this machine's Python (no Django needed: it only imports the settings module).
async function settingsPackage(settings: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'probe-'));
  await mkdir(join(root, 'conf'));
  await writeFile(join(root, 'conf', '__init__.py'), '');
  await writeFile(join(root, 'conf', 'helpers.py'), 'import os\nclass ImproperlyConfigured(Exception):\n    pass\ndef env(name):\n    try:\n        return os.environ[name]\n    except KeyError as error:\n        raise ImproperlyConfigured("Set the %s environment variable" % name) from error\n');
  await writeFile(join(root, 'conf', 'settings.py'), settings);
  return root;
}
const probe = (root: string, env: Record<string, string> = {}) => {
  const ran = spawnSync('python3', ['-c', SETTINGS_PROBE, root, 'conf.settings'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return parseProbe(ran.stdout);
};

test('the probe gives a placeholder for each variable the settings stop at, in turn, until they load', async () => {
  const root = await settingsPackage('import os\nfrom conf.helpers import env\nADMIN_PATH = os.environ["ADMIN_PATH"]\nCACHE = env("REDIS_URL")\nBUCKET = env("BUCKET")\n');
  expect(probe(root)).toEqual({
    module: 'conf.settings',
    given: [
      ['ADMIN_PATH', 'django-checks-placeholder'],
      ['REDIS_URL', 'https://django-checks.invalid/'],
      ['BUCKET', 'django-checks-placeholder'],
    ],
  });
});

test('the probe stops at what no placeholder answers, and keeps what it found before', async () => {
  const root = await settingsPackage('import os\nA = os.environ["A"]\nPORT = int(os.environ["PORT"])\nimport not_installed\n');
  expect(probe(root)).toEqual({ module: 'conf.settings', given: [['A', 'django-checks-placeholder'], ['PORT', 'django-checks-placeholder']], error: "ValueError: invalid literal for int() with base 10: 'django-checks-placeholder'" });
});

test('the probe follows DJANGO_SETTINGS_MODULE when set, and gives nothing when the settings load', async () => {
  const root = await settingsPackage('X = 1\n');
  await writeFile(join(root, 'conf', 'other.py'), 'import missing_module\n');
  expect(probe(root)).toEqual({ module: 'conf.settings', given: [] });
  expect(probe(root, { DJANGO_SETTINGS_MODULE: 'conf.other' })).toEqual({ module: 'conf.other', given: [], error: "ModuleNotFoundError: No module named 'missing_module'" });
});
