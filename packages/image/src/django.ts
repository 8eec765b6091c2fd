import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';

// The Django checks that run inside the built image before it is pushed.

/** Folders a project search never enters: tools' copies, caches, build output and uploads. */
export const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.venv', 'venv', 'env', '__pycache__', 'site-packages', '.tox', 'staticfiles', 'media']);

/**
 * manage.py in the build context: the shallowest one (a project keeps it at its root; deeper
 * copies are usually vendored or templates). Returned relative to the context, with `/`.
 */
export async function findManagePy(context: string, maxDepth = 4): Promise<string | undefined> {
  let level = [context];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
    const next: string[] = [];
    const found: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.isFile() && entry.name === 'manage.py') found.push(join(dir, entry.name));
        else if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) next.push(join(dir, entry.name));
      }
    }
    if (found.length > 0) return found.sort().map((file) => relative(context, file).split(sep).join(posix.sep))[0];
    level = next.sort();
  }
  return undefined;
}

export interface CheckSettings {
  /** DATABASE_URL for the checks: a throwaway SQLite file unless the user gives one. */
  databaseUrl: string;
  /** Extra NAME=VALUE pairs the project's settings need. */
  extraEnv: Array<[string, string]>;
}

/**
 * Settings that let production settings load without any real secret or service: a fresh random
 * SECRET_KEY (long and varied enough for check --deploy), DEBUG off, a placeholder host, and a
 * placeholder bucket for django-storages. Both the plain and the DJANGO_-prefixed names, the two
 * conventions projects use. The user's check-env wins.
 */
export function checkEnvironment(settings: CheckSettings, secretKey = randomBytes(48).toString('base64url')): Array<[string, string]> {
  const defaults: Array<[string, string]> = [
    ['SECRET_KEY', secretKey],
    ['DJANGO_SECRET_KEY', secretKey],
    // 'False', as Python spells it: settings such as DEBUG = os.environ.get('DJANGO_DEBUG', '')
    // != 'False' compare the exact string, and readers that lower-case accept it too.
    ['DEBUG', 'False'],
    ['DJANGO_DEBUG', 'False'],
    ['ALLOWED_HOSTS', 'django-checks.invalid'],
    ['DJANGO_ALLOWED_HOSTS', 'django-checks.invalid'],
    ['DATABASE_URL', settings.databaseUrl],
    ['AWS_STORAGE_BUCKET_NAME', 'django-checks-placeholder'],
  ];
  const given = new Map(settings.extraEnv);
  return [...defaults.filter(([name]) => !given.has(name)), ...settings.extraEnv];
}

export type CheckName = 'check --deploy' | 'makemigrations --check' | 'collectstatic';

export interface DjangoCheck {
  name: CheckName;
  args: string[];
  /** Runs as root: see collectstatic below. */
  asRoot: boolean;
}

/**
 * The three checks. collectstatic writes into STATIC_ROOT, which images usually leave owned by
 * root; running it as root in a throwaway container proves the static configuration is complete
 * without requiring the runtime user to own it. The other two run as the image's user.
 */
export function djangoChecks(managePy: string, failLevel: string): DjangoCheck[] {
  return [
    { name: 'check --deploy', args: ['python', managePy, 'check', '--deploy', '--fail-level', failLevel], asRoot: false },
    { name: 'makemigrations --check', args: ['python', managePy, 'makemigrations', '--check', '--dry-run', '--no-input'], asRoot: false },
    { name: 'collectstatic', args: ['python', managePy, 'collectstatic', '--noinput'], asRoot: true },
  ];
}

/** The `docker run` arguments of one check: no pull, no network unless a database URL needs it. */
export function checkRunArgs(image: string, check: DjangoCheck, env: Array<[string, string]>, network: 'none' | 'host'): string[] {
  const args = ['run', '--rm', '--pull', 'never', '--network', network, '--entrypoint', ''];
  if (check.asRoot) args.push('--user', '0:0');
  for (const [name] of env) args.push('--env', name);
  return [...args, image, ...check.args];
}

/** How long the checks' container waits for them before it ends, and is removed, on its own. */
export const CHECK_CONTAINER_SECONDS = 3600;

/**
 * The `docker run` arguments of the one container the checks run in, each with `docker exec`:
 * the settings and network of checkRunArgs, as the image's user, and a Python that only waits.
 * One container and three execs cost the machine 1.73-1.89 CPU-seconds against 2.50-2.75 for
 * three `docker run --rm` (0.9 s less, three tries each). The container is removed once the
 * checks are done; a step killed outright leaves it to end after CHECK_CONTAINER_SECONDS (--rm).
 */
export function checkContainerArgs(image: string, env: Array<[string, string]>, network: 'none' | 'host'): string[] {
  const args = ['run', '--detach', '--rm', '--pull', 'never', '--network', network, '--entrypoint', ''];
  for (const [name] of env) args.push('--env', name);
  return [...args, image, 'python', '-c', `import time; time.sleep(${CHECK_CONTAINER_SECONDS})`];
}

/**
 * The `docker exec` arguments of one check in the checks' container (collectstatic as root), with
 * the placeholders the settings probe gave (not secrets: their values may be on the command line).
 */
export function checkExecArgs(container: string, check: DjangoCheck, placeholders: Array<[string, string]> = []): string[] {
  return ['exec', ...(check.asRoot ? ['--user', '0:0'] : []), ...placeholders.flatMap(([name, value]) => ['--env', `${name}=${value}`]), container, ...check.args];
}

/**
 * The line that shows collectstatic stopped at its first call to a cloud storage's API, or
 * undefined. A project that keeps its static files in S3 (django-storages) uploads them in
 * collectstatic, and the checks run with no network and no credentials: botocore then raises
 * NoCredentialsError (or cannot connect) from the storage, within collectstatic itself. A
 * settings module that calls AWS as it loads fails every check, not within collectstatic, and
 * is not this.
 */
export function remoteStorageStop(output: string): string | undefined {
  if (!output.includes('staticfiles/management/commands/collectstatic.py')) return undefined;
  // A build's output prefixes each line (BuildKit's `#12 0.913 `): the error is found within its line.
  const error =
    /(botocore\.exceptions\.(NoCredentialsError|PartialCredentialsError|EndpointConnectionError|ConnectTimeoutError|NoRegionError)|google\.auth\.exceptions\.DefaultCredentialsError|azure\.core\.exceptions\.(ClientAuthenticationError|ServiceRequestError))\b.*/;
  for (const line of output.split('\n').reverse()) {
    const found = error.exec(line);
    if (found) return found[0].trim();
  }
  return undefined;
}

/** The system-check messages of a level in Django's output: `(security.W004) You have not set…`. */
export function systemCheckMessages(output: string, level: 'W' | 'E' = 'W'): string[] {
  const pattern = new RegExp(String.raw`^\S*: (\([\w.]+\.${level}\d+\) .+)$`);
  return output.split('\n').map((line) => pattern.exec(line.trim())?.[1]).filter((message): message is string => !!message);
}

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL/i;

/**
 * What to do about a failed check --deploy: the check ids, the environment the checks ran with
 * (values of non-secrets), and the three ways out: the settings, the fail level, and
 * SILENCED_SYSTEM_CHECKS.
 */
export function checkDeployAdvice(output: string, env: Array<[string, string]>, failLevel: string): string {
  const ids = [...new Set([...output.matchAll(/\(([\w.]+\.[WE]\d+)\)/g)].map((match) => match[1]))];
  const shown = env.map(([name, value]) => `${name}=${SECRET_NAME.test(name) ? '(set, not shown)' : value}`).join(' ');
  // A traceback's frames and no check id: no check was reported, and the fail level and
  // SILENCED_SYSTEM_CHECKS have nothing to act on. Through Django's settings loader
  // (django/conf/__init__.py), it is the settings that did not load. (The output is the check's
  // last lines, which may begin within the traceback.)
  if (ids.length === 0 && /^\s*File "[^"]+", line \d+/m.test(output)) {
    const settings = /File "[^"]*django\/conf\/__init__\.py"/.test(output);
    return [
      `check --deploy ran with this environment: ${shown}.`,
      settings
        ? 'It stopped before any check ran, as the settings did not load (the error above): give them what they need with check-env NAME=VALUE (one per line), or set DJANGO_SETTINGS_MODULE there to the module production runs.'
        : 'It stopped at the error above before reporting any check, so the fail level and SILENCED_SYSTEM_CHECKS have nothing to act on: fix what the traceback names.',
    ].join('\n');
  }
  const lines = [
    `check --deploy ran with --fail-level ${failLevel} and this environment: ${shown}.`,
    'Ways out:',
    `- fix the settings each message names (in the settings module production uses)${ids.length ? `: ${ids.join(', ')}` : ''};`,
    '- give the checks a setting they need: check-env NAME=VALUE (one per line), e.g. the variable your settings read DEBUG or ALLOWED_HOSTS from;',
    failLevel === 'WARNING'
      ? '- let warnings through: check-fail-level: ERROR (they are then reported as warnings, and the image is pushed);'
      : '- errors cannot be let through by check-fail-level: fix them or silence them;',
    `- accept a check on purpose: SILENCED_SYSTEM_CHECKS = [${ids.map((id) => `'${id}'`).join(', ') || "'security.W004'"}] in the settings.`,
  ];
  if (ids.includes('security.W018')) {
    const debug = env.filter(([name]) => /DEBUG/.test(name)).map(([name, value]) => `${name}=${value}`).join(' and ');
    lines.push(`DEBUG is True although ${debug} were set: the settings read it from another variable or hard-code it; pass that variable in check-env, or read DEBUG from the environment.`);
  }
  return lines.join('\n');
}
