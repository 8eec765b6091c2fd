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
  if (requirements < 0) return `no requirements.txt beside ${managePy} or at the root of the build context${await otherLockfile(context, projectDir)}`;
  return { projectDir, requirements: candidates[requirements], wsgiApplication: wsgiApplication(settings) };
}

/**
 * The lockfiles of other Python package managers, and the command that writes the
 * requirements.txt the template installs from one (without hashes: the template adds gunicorn,
 * which pip's hash-checking mode would refuse).
 */
const EXPORTS: Array<[file: string, manager: string, command: string]> = [
  ['uv.lock', 'uv', 'uv export --frozen --no-dev --no-hashes -o requirements.txt'],
  ['poetry.lock', 'Poetry', 'poetry export --without-hashes -o requirements.txt (Poetry 2 with poetry-plugin-export)'],
  ['Pipfile.lock', 'Pipenv', 'pipenv requirements > requirements.txt'],
  ['pdm.lock', 'PDM', 'pdm export --without-hashes --prod -o requirements.txt'],
];

/** `: this project pins ... with uv ...`, when beside manage.py or at the context's root there is another manager's lockfile; else ''. */
async function otherLockfile(context: string, projectDir: string): Promise<string> {
  for (const folder of [...new Set([projectDir, ''])]) {
    for (const [file, manager, command] of EXPORTS) {
      if (await exists(join(context, folder, file))) {
        const at = folder ? `${folder}/` : '';
        return `: this project pins its dependencies with ${manager} (${at}${file}); write the requirements.txt the generated Dockerfile installs in a step before this one, in ${folder || 'the context'}: ${command}. Or write a Dockerfile of your own`;
      }
    }
  }
  return '';
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
