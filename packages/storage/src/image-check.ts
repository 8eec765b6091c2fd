import { imageVariableNames, parseServerSettings, serverSettingsCommand, type Docker } from '@tandem/image';
import type { Environment } from './environment.js';
import { fail, skip, type Check } from './checks.js';
import { SNIPPET, databaseSettingsCheck, type EffectiveSettings, expectedDatabase, imageEnvironment, parseEffectiveSettings, storageSettingsCheck } from './django-settings.js';

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
 * snippet; without one, `manage.py shell -c` runs it, after the prelude of serverSettingsCommand
 * has set the module the server loads where its wsgi.py names another than manage.py.
 */
export function dockerArguments(image: string, passed: Record<string, string>, python: string, viaManage: boolean): string[] {
  const names = Object.keys(passed).sort();
  const command = viaManage ? serverSettingsCommand(['shell', '-c', SNIPPET]) : ['-c', SNIPPET];
  return ['run', '--rm', '--pull', 'never', '--network', 'none', '--entrypoint', python, ...names.flatMap((name) => ['-e', name]), image, ...command];
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
  const variables = await imageVariableNames(docker, image);
  if (variables || !namesRegistry(image)) return { variables };
  const pulled = await docker(['pull', '--quiet', image]);
  if (pulled.code !== 0) return { pullError: lastLines(pulled.stderr || pulled.stdout, 3) };
  return { variables: await imageVariableNames(docker, image) };
}

/** What Django loaded inside the image, or why it could not be read (with the fix). */
export type ImageSettings = { effective: EffectiveSettings; passed: Record<string, string> } | { problem: string; fix: string };

/** Runs the snippet in the image with the task definition's environment (secrets as placeholders). */
export async function loadImageSettings(docker: Docker, options: ImageCheckOptions): Promise<ImageSettings> {
  const { variables: imageVariables, pullError } = await presentImage(docker, options.image);
  if (pullError) {
    return {
      problem: `image ${options.image} is not on this runner and could not be pulled: ${pullError}`,
      fix: "Pass build-push-django-image's docker-config output in docker-config (it holds the registry login), or log in to the registry before this step",
    };
  }
  if (!imageVariables) {
    return { problem: `image ${options.image} is not present on this runner`, fix: 'Run this step after the image is built with load (or pulled after logging in to ECR), and pass the same reference in image' };
  }
  const passed = imageEnvironment(options.environment, options.urlVariable);
  if (options.settingsModule) passed.DJANGO_SETTINGS_MODULE = options.settingsModule;
  const viaManage = !passed.DJANGO_SETTINGS_MODULE && !imageVariables.includes('DJANGO_SETTINGS_MODULE');
  let result = await docker(dockerArguments(options.image, passed, 'python3', viaManage), { env: passed });
  if (result.code === 127 || /executable file not found/.test(result.stderr)) result = await docker(dockerArguments(options.image, passed, 'python', viaManage), { env: passed });
  const parsed = result.code === 0 ? parseEffectiveSettings(result.stdout) : undefined;
  const server = viaManage ? parseServerSettings(result.stdout) : undefined;
  const source = server ? `which ${server.files.join(', ')} gives the server; manage.py ${server.managePy ? `defaults to ${server.managePy}` : 'names no default'}` : undefined;
  const effective = parsed && source ? { ...parsed, settingsSource: source } : parsed;
  if (!effective) {
    return {
      problem: `Django's settings could not be loaded in ${options.image} (exit ${result.code}): ${lastLines(result.stderr || result.stdout) || 'no output'}`,
      fix: 'Make the settings load with only the task definition environment (set settings-module if DJANGO_SETTINGS_MODULE is not set in the image), and check the error above',
    };
  }
  return { effective, passed };
}

/**
 * django-database and django-storage, from the settings Django loads inside the image; with
 * `media` false (the app stores no files), django-storage is skipped.
 */
export function checksOfImageSettings(settings: ImageSettings, options: ImageCheckOptions, media = true): Check[] {
  if ('problem' in settings) return [fail('django-database', settings.problem, settings.fix), media ? fail('django-storage', settings.problem, settings.fix) : skip('django-storage', 'no media store needed')];
  const { effective, passed } = settings;
  return [
    databaseSettingsCheck(effective, expectedDatabase(passed, options.urlVariable), options.urlVariable),
    media ? storageSettingsCheck(effective, passed[options.bucketVariable] || undefined, options.bucketVariable) : skip('django-storage', 'no media store needed'),
  ];
}

/** django-database and django-storage for an image, loaded and judged in one call. */
export async function imageChecks(docker: Docker, options: ImageCheckOptions): Promise<Check[]> {
  return checksOfImageSettings(await loadImageSettings(docker, options), options);
}
