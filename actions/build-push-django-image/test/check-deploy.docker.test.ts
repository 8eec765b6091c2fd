import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli } from '@tandem/image';
import { DJANGO_BASE_IMAGE, ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { docker, ensureDocker } from '@tandem/standins/docker';
import { REPO_ROOT } from '@tandem/standins/harness';
import { recordingLog } from '@tandem/standins/log';
import { runDjangoChecks } from '../src/build-step.js';
import type { Inputs } from '../src/inputs.js';

// check --deploy on an app written as Django's tutorials write it: DEBUG comes from
// os.environ.get('DJANGO_DEBUG', '') != 'False', and no security setting is set. The checks must
// turn DEBUG off, fail naming the way out, and, at fail level ERROR, pass with the warnings shown.
const LIBRARY = 'tandem-test/verify-storage-no-uploads:test';

beforeAll(async () => {
  await ensureDocker();
  await ensureDjangoBaseImage();
  const built = docker(['build', '--pull=false', '-q', '-t', LIBRARY, '--build-arg', `BASE_IMAGE=${DJANGO_BASE_IMAGE}`, join(REPO_ROOT, 'test/fixtures/storage/no-uploads')]);
  if (built.status !== 0) throw new Error(built.stderr);
}, 900_000);

const inputs = (checkFailLevel: 'WARNING' | 'ERROR', checkEnv: Array<[string, string]> = []) =>
  ({ checkFailLevel, checkEnv, checkDatabaseUrl: '' }) as unknown as Inputs;
const run = (level: 'WARNING' | 'ERROR', checkEnv: Array<[string, string]> = []) => {
  const log = recordingLog();
  const docker = dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-')));
  return runDjangoChecks(docker, inputs(level, checkEnv), LIBRARY, 'manage.py', { log, now: Date.now }).then((checks) => ({ log, deploy: checks.find((check) => check.name === 'check --deploy') }));
};

test('a failed check --deploy names the fail level, the environment, SILENCED_SYSTEM_CHECKS and the settings; DEBUG is off', async () => {
  const { deploy } = await run('WARNING');
  expect(deploy?.passed).toBe(false);
  expect(deploy?.output).toContain('security.W004');
  // DJANGO_DEBUG=False, as Python spells it, turns this app's DEBUG off.
  expect(deploy?.output).not.toContain('security.W018');
  expect(deploy?.advice).toContain('--fail-level WARNING');
  expect(deploy?.advice).toContain('DEBUG=False DJANGO_DEBUG=False');
  expect(deploy?.advice).toContain('SECRET_KEY=(set, not shown)');
  expect(deploy?.advice).toMatch(/SILENCED_SYSTEM_CHECKS = \[[^\]]*'security.W004'/);
  expect(deploy?.advice).toContain('check-fail-level: ERROR');
  expect(deploy?.advice).toContain('check-env NAME=VALUE');
}, 300_000);

test('warnings let through by fail level ERROR are warnings, not a clean pass', async () => {
  const { deploy, log } = await run('ERROR');
  expect(deploy?.passed).toBe(true);
  expect(deploy?.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^\(security\.W004\) /)]));
  expect(log.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual(deploy?.warnings.map((warning) => `check --deploy let through (check-fail-level ERROR): ${warning}`));
}, 300_000);

test('DEBUG read from a variable of its own: W018 stays, and the advice says where DEBUG must come from', async () => {
  const { deploy } = await run('WARNING', [['DJANGO_DEBUG', 'yes']]);
  expect(deploy?.output).toContain('security.W018');
  expect(deploy?.advice).toContain('DEBUG is True although DEBUG=False and DJANGO_DEBUG=yes were set');
}, 300_000);
