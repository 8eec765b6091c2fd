import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli, probeExecArgs, type Docker, type DockerResult } from '@tandem/image';
import { DJANGO_BASE_IMAGE, ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { docker, ensureDocker } from '@tandem/standins/docker';
import { listContainers } from '@tandem/standins/engine';
import { REPO_ROOT } from '@tandem/standins/harness';
import { recordingLog } from '@tandem/standins/log';
import { checksSettingsModule, runDjangoChecks } from '../src/build-step.js';
import type { Project } from '../src/project.js';
import type { Inputs } from '../src/inputs.js';

// check --deploy on an app written as Django's tutorials write it: DEBUG comes from
// os.environ.get('DJANGO_DEBUG', '') != 'False', and no security setting is set. The checks must
// turn DEBUG off, fail naming the way out, and, at fail level ERROR, pass with the warnings shown.
// The fixture of verify-shared-storage's media tests, built as an image of this file's own (a
// label of its own makes it another image): the checks below find no container of it left, and
// media.docker.test.ts may be running containers of its copy at the same time.
const LIBRARY = 'tandem-test/check-deploy:test';
// Settings split as cookiecutter-django splits them (test/fixtures/django-split-settings).
const SPLIT = 'tandem-test/check-deploy-split:test';
const SPLIT_CONTEXT = join(REPO_ROOT, 'test/fixtures/django-split-settings');

beforeAll(async () => {
  await ensureDocker();
  await ensureDjangoBaseImage();
  for (const [name, context] of [[LIBRARY, join(REPO_ROOT, 'test/fixtures/storage/no-uploads')], [SPLIT, SPLIT_CONTEXT]]) {
    const built = docker(['build', '--pull=false', '-q', '-t', name, '--label', 'tandem-test.file=check-deploy', '--build-arg', `BASE_IMAGE=${DJANGO_BASE_IMAGE}`, context]);
    if (built.status !== 0) throw new Error(built.stderr);
  }
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

// The three checks share one container, started with the settings and removed once they are done.
const recording = (inner: Docker, calls: string[][], detach?: DockerResult): Docker => async (args, options) => {
  calls.push(args);
  if (detach && args[0] === 'run' && args.includes('--detach')) return detach;
  return inner(args, options);
};
const containersOf = async (image: string) => (await listContainers({ ancestor: image })).map((container) => container.Id);

test('the checks run in one container, as the image user but collectstatic as root, which is then removed', async () => {
  const calls: string[][] = [];
  const log = recordingLog();
  const checks = await runDjangoChecks(recording(dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-'))), calls), inputs('ERROR'), LIBRARY, 'manage.py', { log, now: Date.now });
  expect(checks.map((check) => [check.name, check.passed])).toEqual([['check --deploy', true], ['makemigrations --check', true], ['collectstatic', true]]);
  expect(calls.map((args) => args[0])).toEqual(['run', 'exec', 'exec', 'exec', 'rm']);
  const id = calls[4][2];
  expect(calls[4]).toEqual(['rm', '--force', id]);
  expect(calls[0]).toEqual(expect.arrayContaining(['--detach', '--rm', '--network', 'none', '--env', 'SECRET_KEY']));
  expect(calls[0]).not.toContain('--user');
  expect(calls.slice(1, 4)).toEqual([
    ['exec', id, 'python', 'manage.py', 'check', '--deploy', '--fail-level', 'ERROR'],
    ['exec', id, 'python', 'manage.py', 'makemigrations', '--check', '--dry-run', '--no-input'],
    ['exec', '--user', '0:0', id, 'python', 'manage.py', 'collectstatic', '--noinput'],
  ]);
  expect(await containersOf(LIBRARY)).toEqual([]);
}, 300_000);

test('when that container cannot start, each check runs in a container of its own and says what it found', async () => {
  const calls: string[][] = [];
  const refused = { code: 125, stdout: '', stderr: 'docker: Error response from daemon: refused for this test.' };
  const checks = await runDjangoChecks(recording(dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-'))), calls, refused), inputs('WARNING'), LIBRARY, 'manage.py', { log: recordingLog(), now: Date.now });
  expect(calls.map((args) => args.slice(0, 2))).toEqual([['run', '--detach'], ['run', '--rm'], ['run', '--rm'], ['run', '--rm']]);
  expect(checks.map((check) => [check.name, check.passed])).toEqual([['check --deploy', false], ['makemigrations --check', true], ['collectstatic', true]]);
  expect(checks[0].output).toContain('security.W004');
  expect(await containersOf(LIBRARY)).toEqual([]);
}, 300_000);

test('a cancelled step removes the checks container', async () => {
  const calls: string[][] = [];
  const controller = new AbortController();
  const inner = dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-')));
  // Cancelled as soon as the first check's docker exec has started, while the container runs.
  const cancelling: Docker = (args, options) => {
    const running = inner(args, options);
    if (args[0] === 'exec') controller.abort();
    return running;
  };
  const outcome = await runDjangoChecks(recording(cancelling, calls), inputs('WARNING'), LIBRARY, 'manage.py', { log: recordingLog(), now: Date.now, signal: controller.signal }).catch((error: unknown) => error);
  expect((outcome as Error).name).toBe('AbortError');
  expect(calls.map((args) => args[0])).toEqual(['run', 'exec', 'rm']);
  expect(await containersOf(LIBRARY)).toEqual([]);
}, 300_000);

// Static files in S3: collectstatic uploads them, which the checks (no network, no credentials)
// cannot; its storage's first call to AWS is left to the deploy, with the way to run it, and the
// other checks still count. Settings that call AWS as they load fail every check as before.
test('a collectstatic whose storage is S3 is left to the deploy, with a warning; settings that need AWS to load still fail', async () => {
  const withSettings = (module: string) => {
    const log = recordingLog();
    const docker = dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-')));
    return runDjangoChecks(docker, inputs('ERROR', [['DJANGO_SETTINGS_MODULE', module]]), LIBRARY, 'manage.py', { log, now: Date.now }).then((checks) => ({ log, checks }));
  };
  const inS3 = await withSettings('library.static_in_s3');
  expect(inS3.checks.map((check) => [check.name, check.passed])).toEqual([['check --deploy', true], ['makemigrations --check', true], ['collectstatic', true]]);
  const collect = inS3.checks[2];
  expect(collect.output).toContain('botocore.exceptions.NoCredentialsError: Unable to locate credentials');
  expect(collect.left).toContain('collectstatic stores the static files in the cloud, not in the image: it stopped at its storage\'s first call (botocore.exceptions.NoCredentialsError: Unable to locate credentials)');
  expect(inS3.log.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toContain(collect.left);

  const onLoad = await withSettings('library.secret_on_load');
  expect(onLoad.checks.map((check) => [check.name, check.passed, check.left])).toEqual([
    ['check --deploy', false, undefined],
    ['makemigrations --check', false, undefined],
    ['collectstatic', false, undefined],
  ]);
  expect(onLoad.checks[2].output).toContain('NoCredentialsError');
  expect(await containersOf(LIBRARY)).toEqual([]);
}, 300_000);

// manage.py defaults to development settings that import a tool the image leaves out; the
// server's config/wsgi.py defaults to production settings, which read three variables with no
// default. The checks load production's, and one run names all three variables.
test('split settings: the checks load the module the server loads, and run with placeholders for every variable it lacked, named once', async () => {
  const log = recordingLog();
  const notices: string[] = [];
  const calls: string[][] = [];
  const docker = recording(dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-'))), calls);
  const project: Project = { context: SPLIT_CONTEXT, dockerfile: join(SPLIT_CONTEXT, 'Dockerfile'), generated: false, managePy: 'manage.py' };
  const chosen = await checksSettingsModule(docker, inputs('WARNING'), project, SPLIT, log);
  expect(chosen).toEqual({ managePyModule: 'config.settings.local', settingsModule: 'config.settings.production' });
  expect(log.lines.map((line) => line.message)).toContain(
    'The Django checks load config.settings.production, the settings config/wsgi.py gives the server, where manage.py defaults to config.settings.local. Set DJANGO_SETTINGS_MODULE in check-env to check another module.',
  );
  const checks = await runDjangoChecks(docker, inputs('WARNING'), SPLIT, 'manage.py', { log, now: Date.now, ...chosen, notice: (message) => notices.push(message) });
  expect(checks.map((check) => [check.name, check.passed])).toEqual([['check --deploy', true], ['makemigrations --check', true], ['collectstatic', true]]);
  expect(notices).toEqual([
    'The settings config.settings.production read 3 variables with no default that the checks were not given: DJANGO_ADMIN_URL, REDIS_URL, DJANGO_AWS_STORAGE_BUCKET_NAME. ' +
      'The checks ran with placeholders for them (production needs them in the task definition); to give the checks other values, set them in check-env.',
  ]);
  // check --deploy ran twice: once to meet the first missing variable, then after the probe.
  const id = calls.find((args) => args[0] === 'rm')?.[2] ?? '';
  const placeholders = ['--env', 'DJANGO_ADMIN_URL=https://django-checks.invalid/', '--env', 'REDIS_URL=https://django-checks.invalid/', '--env', 'DJANGO_AWS_STORAGE_BUCKET_NAME=django-checks-placeholder'];
  expect(calls.filter((args) => args[0] === 'exec')).toEqual([
    ['exec', id, 'python', 'manage.py', 'check', '--deploy', '--fail-level', 'WARNING'],
    probeExecArgs(id, 'manage.py', 'config.settings.local'),
    ['exec', ...placeholders, id, 'python', 'manage.py', 'check', '--deploy', '--fail-level', 'WARNING'],
    ['exec', ...placeholders, id, 'python', 'manage.py', 'makemigrations', '--check', '--dry-run', '--no-input'],
    ['exec', '--user', '0:0', ...placeholders, id, 'python', 'manage.py', 'collectstatic', '--noinput'],
  ]);
  expect(await containersOf(SPLIT)).toEqual([]);
}, 300_000);

test('split settings: DJANGO_SETTINGS_MODULE in check-env is what the checks load, and a missing module is no variable to stand in for', async () => {
  const log = recordingLog();
  const notices: string[] = [];
  const docker = dockerCli(mkdtempSync(join(tmpdir(), 'docker-config-')));
  const given = inputs('WARNING', [['DJANGO_SETTINGS_MODULE', 'config.settings.local']]);
  const project: Project = { context: SPLIT_CONTEXT, dockerfile: join(SPLIT_CONTEXT, 'Dockerfile'), generated: false, managePy: 'manage.py' };
  const chosen = await checksSettingsModule(docker, given, project, SPLIT, log);
  // The production module beside the one loaded is named, in the log and in check --deploy's advice.
  const hint =
    'The Django checks load config.settings.local, and config.settings.production is beside it: if production runs config.settings.production (DJANGO_SETTINGS_MODULE in the task definition), set DJANGO_SETTINGS_MODULE=config.settings.production in check-env so the checks load it too.';
  expect(chosen).toEqual({ managePyModule: 'config.settings.local', settingsHint: hint });
  expect(log.lines.map((line) => line.message)).toEqual([hint]);
  // An image whose own ENV sets DJANGO_SETTINGS_MODULE (LIBRARY's Dockerfile does) keeps it, and no module is guessed at.
  expect(await checksSettingsModule(docker, inputs('WARNING'), project, LIBRARY, log)).toEqual({ managePyModule: 'config.settings.local' });
  expect(log.lines).toHaveLength(1);
  const checks = await runDjangoChecks(docker, given, SPLIT, 'manage.py', { log, now: Date.now, ...chosen, notice: (message) => notices.push(message) });
  expect(checks.map((check) => check.passed)).toEqual([false, false, false]);
  expect(checks[0].output).toContain("ModuleNotFoundError: No module named 'debug_toolbar'");
  expect(checks[0].advice?.split('\n').pop()).toBe(hint);
  expect(notices).toEqual([]);
  expect(await containersOf(SPLIT)).toEqual([]);
}, 300_000);
