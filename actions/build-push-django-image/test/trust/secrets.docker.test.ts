import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { startRegistry, type Registry } from '@tandem/standins/docker';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { findLeaks } from '@tandem/standins/leaks';
import { startPostgres, type Postgres } from '@tandem/standins/postgres';
import { exampleWorkspace } from '../workspace.js';
import { ACTION, commit, deploy, useStage, type Stage } from './scenario.js';

// The main scenario with every secret a real job has: AWS keys and a session token, GitHub's
// tokens, the ECR password (moto's GetAuthorizationToken gives `123456789012-auth-token`), a
// database URL with a password for the checks, and a build argument holding a credential.
// None may show anywhere the step writes, except in log lines after the runner's mask command
// for it; the Docker config holding the login must be gone after the post step.

const ECR_PASSWORD = '123456789012-auth-token';
const SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAZ7TANDEMSECRETS1',
  AWS_SECRET_ACCESS_KEY: 'tandem/Secret+AccessKey0123456789abcdefGHIJ',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEtandemSessionToken0123456789abcdefABCDEF==',
  GITHUB_TOKEN: 'ghs_tandemGithubToken0123456789abcdefABCD',
  ACTIONS_RUNTIME_TOKEN: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.tandemRuntimeToken',
};
const DATABASE_PASSWORD = 'pg-Secret-4f7a9c';
const BUILD_PASSWORD = 'pypi-Secret-9b2e71';

let registry: Registry;
let postgres: Postgres;
let stage: Stage;

useStage((made) => ({ registry, stage } = made), { holding: ['shop-backend'] });
beforeAll(async () => {
  postgres = await startPostgres();
}, 600_000);
afterAll(async () => {
  await postgres?.stop();
});

/** Trust auth takes any password: the URL carries one, as an RDS URL does. */
function databaseUrl(): string {
  return postgres.url.replace('postgres@', `postgres:${DATABASE_PASSWORD}@`);
}

function secretsOf(run: BundleRun): string[] {
  const login = Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64');
  return [...Object.values(SECRETS), ECR_PASSWORD, login, databaseUrl(), DATABASE_PASSWORD, BUILD_PASSWORD, ...run.masked];
}

/** Every file under a folder whose content holds one of the secrets. */
function filesHolding(folder: string, secrets: string[]): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .filter((path) => {
      const text = readFileSync(path, 'utf8');
      return secrets.some((secret) => text.includes(secret));
    });
}

function withSecrets(sha: string, inputs: Record<string, string> = {}, target: Stage = stage): Promise<BundleRun> {
  return deploy(target, {
    sha,
    env: SECRETS,
    inputs: {
      'check-database-url': databaseUrl(),
      'build-args': `BASE_IMAGE=${stage.base}\nINSTALL_REQUIREMENTS=false\nPIP_INDEX_URL=https://build:${BUILD_PASSWORD}@pypi.example.com/simple`,
      ...inputs,
    },
  });
}

test('a build, check and push with every secret present shows none of them, and the login is gone after the post step', async () => {
  const homeConfig = join(homedir(), '.docker', 'config.json');
  const run = await withSecrets(commit(1));
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.digest).toBe(await registry.digestOf('shop-backend', commit(1)));
  // The checks really ran against the database the URL names (with the host network).
  expect(run.stdout).toContain('System check identified no issues');
  // What the step masks, it masks before printing: the password and the token it comes in.
  expect(run.masked).toEqual(expect.arrayContaining([ECR_PASSWORD, Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64'), databaseUrl()]));

  expect(findLeaks(run, secretsOf(run))).toEqual([]);
  // Nothing of the login is handed to later steps.
  expect(run.env).toEqual({});
  expect(Object.keys(run.outputs).sort()).toEqual(['built', 'digest', 'docker-config', 'image', 'promoted-from', 'tags']);

  // The login was in the job's own Docker config, never in the runner user's.
  const configDir = run.state.dockerConfig;
  expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toContain(registry.address);
  if (existsSync(homeConfig)) expect(readFileSync(homeConfig, 'utf8')).not.toContain(registry.address);

  const post = await runBundle(ACTION, { postOf: run, env: SECRETS });
  expect(post.code).toBe(0);
  expect(findLeaks(post, secretsOf(run))).toEqual([]);
  expect(existsSync(configDir)).toBe(false);
  // Nothing left in the runner's temp folder holds a secret, build scratch included.
  expect(filesHolding(dirname(configDir), secretsOf(run))).toEqual([]);
}, 300_000);

test('build args marked secret are masked before the build, whose own output echoes them; harmless ones are shown', async () => {
  const token = 'npm-Secret-5c1d0e';
  const extra = 'extra-Secret-2a9f44';
  const workspace = await exampleWorkspace();
  // A build that prints its arguments, as a misconfigured RUN step or a failing one does.
  await appendFile(join(workspace, 'Dockerfile'), '\nARG NPM_TOKEN\nARG PIP_EXTRA\nRUN echo "token $NPM_TOKEN extra $PIP_EXTRA"\n');
  const run = await withSecrets(commit(3), {
    'build-args': `BASE_IMAGE=${stage.base}\nINSTALL_REQUIREMENTS=false\nNPM_TOKEN=${token}\nPIP_EXTRA=${extra}`,
    'secret-build-args': 'PIP_EXTRA',
  }, { ...stage, workspace });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.masked).toEqual(expect.arrayContaining([token, extra]));
  expect(run.stdout.indexOf(`::add-mask::${extra}`)).toBeLessThan(run.stdout.indexOf('docker build'));
  expect(findLeaks(run, [...secretsOf(run), token, extra])).toEqual([]);
  // The command line in the log: secrets hidden, the base image readable.
  expect(run.stdout).toContain(`--build-arg BASE_IMAGE=${stage.base} --build-arg INSTALL_REQUIREMENTS=false --build-arg NPM_TOKEN=*** --build-arg PIP_EXTRA=***`);
}, 300_000);

test('a refused login fails without showing the password, and the post step still removes the config', async () => {
  const other = await startRegistry({ password: 'another-password' });
  try {
    const run = await withSecrets(commit(2), {}, { ...stage, registry: other.address });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain(`docker login to ${other.address} failed`);
    expect(findLeaks(run, secretsOf(run))).toEqual([]);
    const post = await runBundle(ACTION, { postOf: run, env: SECRETS });
    expect(post.code).toBe(0);
    expect(existsSync(run.state.dockerConfig)).toBe(false);
    expect(filesHolding(dirname(run.state.dockerConfig), secretsOf(run))).toEqual([]);
  } finally {
    await other.stop();
  }
}, 120_000);
