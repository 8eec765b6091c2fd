import { spawn } from 'node:child_process';
import type { Environment } from './environment.js';
import { fail, type Check } from './checks.js';
import { SNIPPET, databaseSettingsCheck, expectedDatabase, imageEnvironment, parseEffectiveSettings, storageSettingsCheck } from './django-settings.js';

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI; `env` adds variables to the CLI's own environment (what `-e NAME` forwards). */
export type Docker = (args: string[], env?: Record<string, string>) => Promise<DockerResult>;

/** `dockerConfig`: the Docker config folder (a registry login) the CLI uses, e.g. build-push-django-image's. */
export function dockerCli(timeoutMs = 180_000, dockerConfig = ''): Docker {
  const config = dockerConfig ? { DOCKER_CONFIG: dockerConfig } : {};
  return (args, env = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn('docker', args, { env: { ...process.env, ...config, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run docker: ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
}

export interface ImageCheckOptions {
  image: string;
  environment: Environment;
  urlVariable: string;
  bucketVariable: string;
  /** Overrides DJANGO_SETTINGS_MODULE from the image and the task definition. */
  settingsModule?: string;
}

/**
 * The docker arguments: no network, no pull, the environment forwarded by name (`-e NAME`) so no
 * value appears on a command line. With a settings module known, the image's Python runs the
 * snippet; without one, `manage.py shell -c` runs it, as manage.py picks the module itself.
 */
export function dockerArguments(image: string, passed: Record<string, string>, python: string, viaManage: boolean): string[] {
  const names = Object.keys(passed).sort();
  const command = viaManage ? ['manage.py', 'shell', '-c', SNIPPET] : ['-c', SNIPPET];
  return ['run', '--rm', '--pull', 'never', '--network', 'none', '--entrypoint', python, ...names.flatMap((name) => ['-e', name]), image, ...command];
}

/** The image's own environment (ENV lines), or undefined when the image is not on this runner. */
async function imageEnvironmentNames(docker: Docker, image: string): Promise<string[] | undefined> {
  const inspected = await docker(['image', 'inspect', '--format', '{{json .Config.Env}}', image]);
  if (inspected.code !== 0) return undefined;
  try {
    return ((JSON.parse(inspected.stdout) as string[] | null) ?? []).map((entry) => entry.split('=')[0]);
  } catch {
    return [];
  }
}

const lastLines = (text: string, count = 6) => text.trim().split('\n').slice(-count).join(' | ');

/**
 * Whether a reference names its registry (`host.domain/…`, `host:port/…`, `localhost/…`): only
 * those are pulled. A bare name would go to Docker Hub, which is never what a deploy means.
 */
export function namesRegistry(image: string): boolean {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** The image's environment names, pulling it first when it is not on the runner but names its registry. */
async function presentImage(docker: Docker, image: string): Promise<{ variables?: string[]; pullError?: string }> {
  const variables = await imageEnvironmentNames(docker, image);
  if (variables || !namesRegistry(image)) return { variables };
  const pulled = await docker(['pull', '--quiet', image]);
  if (pulled.code !== 0) return { pullError: lastLines(pulled.stderr || pulled.stdout, 3) };
  return { variables: await imageEnvironmentNames(docker, image) };
}

/** django-database and django-storage, from the settings Django loads inside the image. */
export async function imageChecks(docker: Docker, options: ImageCheckOptions): Promise<Check[]> {
  const broken = (message: string, fix: string) => [fail('django-database', message, fix), fail('django-storage', message, fix)];
  const { variables: imageVariables, pullError } = await presentImage(docker, options.image);
  if (pullError) {
    return broken(
      `image ${options.image} is not on this runner and could not be pulled: ${pullError}`,
      "Pass build-push-django-image's docker-config output in docker-config (it holds the registry login), or log in to the registry before this step",
    );
  }
  if (!imageVariables) {
    return broken(`image ${options.image} is not present on this runner`, 'Run this step after the image is built with load (or pulled after logging in to ECR), and pass the same reference in image');
  }
  const passed = imageEnvironment(options.environment, options.urlVariable);
  if (options.settingsModule) passed.DJANGO_SETTINGS_MODULE = options.settingsModule;
  const viaManage = !passed.DJANGO_SETTINGS_MODULE && !imageVariables.includes('DJANGO_SETTINGS_MODULE');
  let result = await docker(dockerArguments(options.image, passed, 'python3', viaManage), passed);
  if (result.code === 127 || /executable file not found/.test(result.stderr)) result = await docker(dockerArguments(options.image, passed, 'python', viaManage), passed);
  const effective = result.code === 0 ? parseEffectiveSettings(result.stdout) : undefined;
  if (!effective) {
    return broken(
      `Django's settings could not be loaded in ${options.image} (exit ${result.code}): ${lastLines(result.stderr || result.stdout) || 'no output'}`,
      'Make the settings load with only the task definition environment (set settings-module if DJANGO_SETTINGS_MODULE is not set in the image), and check the error above',
    );
  }
  return [
    databaseSettingsCheck(effective, expectedDatabase(passed, options.urlVariable), options.urlVariable),
    storageSettingsCheck(effective, passed[options.bucketVariable] || undefined, options.bucketVariable),
  ];
}
