import { access, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

// `dockerfile: generate`: the template in actions/build-push-django-image/templates/Dockerfile,
// filled in for the project found in the build context.

export interface GeneratedProject {
  /** The folder holding manage.py, relative to the context ('' at its root). */
  projectDir: string;
  /** requirements.txt relative to the context. */
  requirements: string;
  /** e.g. shop.wsgi:application */
  wsgiApplication: string;
}

/** The settings package manage.py names (`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")`). */
export function settingsModule(managePySource: string): string | undefined {
  return /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(managePySource)?.[1];
}

export function wsgiApplication(settings: string): string {
  const parts = settings.split('.');
  // shop.settings -> shop.wsgi; shop.settings.production -> shop.wsgi
  const project = parts.length > 1 ? parts.slice(0, parts.indexOf('settings') > 0 ? parts.indexOf('settings') : parts.length - 1) : parts;
  return `${project.join('.')}.wsgi:application`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** What the template needs, or a message saying what the project lacks. */
export async function describeProject(context: string, managePy: string): Promise<GeneratedProject | string> {
  const projectDir = posix.dirname(managePy) === '.' ? '' : posix.dirname(managePy);
  const settings = settingsModule(await readFile(join(context, managePy), 'utf8'));
  if (!settings) return `${managePy} does not set DJANGO_SETTINGS_MODULE, so the WSGI application cannot be found`;
  const candidates = [posix.join(projectDir, 'requirements.txt'), 'requirements.txt'];
  const requirements = (await Promise.all(candidates.map((path) => exists(join(context, path))))).findIndex(Boolean);
  if (requirements < 0) return `no requirements.txt beside ${managePy} or at the root of the build context`;
  return { projectDir, requirements: candidates[requirements], wsgiApplication: wsgiApplication(settings) };
}

export function renderDockerfile(template: string, project: GeneratedProject, projectName: string): string {
  const values: Record<string, string> = {
    PROJECT: projectName,
    PROJECT_DIR: project.projectDir,
    REQUIREMENTS: project.requirements,
    WSGI_APPLICATION: project.wsgiApplication,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!(key in values)) throw new Error(`the Dockerfile template names an unknown value ${whole}`);
    return values[key];
  });
}
