import { access, readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { SKIPPED_FOLDERS } from './django.js';
import { settingsModule } from './dockerfile.js';

// Which settings module the Django checks load. manage.py and the server's wsgi.py (or asgi.py)
// each name a default, and they need not agree: cookiecutter-django's manage.py defaults to
// config.settings.local, which imports the development tools a production image leaves out,
// while config/wsgi.py, which gunicorn loads, defaults to config.settings.production. The checks
// are about what production runs, so they follow the server's default.

export interface ServerModule {
  /** wsgi.py or asgi.py, relative to the build context, with `/`. */
  file: string;
  /** The settings module it names by default. */
  module: string;
}

/**
 * The wsgi.py files in manage.py's folder and below (3 levels, as a project lays them out), with
 * the settings module each names by default; asgi.py files only where no wsgi.py names one.
 */
export async function findServerModules(context: string, managePy: string): Promise<ServerModule[]> {
  const found: Record<'wsgi.py' | 'asgi.py', ServerModule[]> = { 'wsgi.py': [], 'asgi.py': [] };
  let level = [join(context, posix.dirname(managePy))];
  for (let depth = 0; depth <= 3 && level.length > 0; depth += 1) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) next.push(path);
        if (!entry.isFile() || (entry.name !== 'wsgi.py' && entry.name !== 'asgi.py')) continue;
        const module = settingsModule(await readFile(path, 'utf8').catch(() => ''));
        if (module) found[entry.name].push({ file: relative(context, path).split(sep).join(posix.sep), module });
      }
    }
    level = next.sort();
  }
  const servers = found['wsgi.py'].length > 0 ? found['wsgi.py'] : found['asgi.py'];
  return servers.sort((a, b) => a.file.localeCompare(b.file));
}

export interface SettingsChoice {
  /** DJANGO_SETTINGS_MODULE to give the checks, when manage.py's default is not what the server loads. */
  module?: string;
  /** Why, for the log. */
  note?: string;
}

/**
 * The settings module the checks load: the user's (check-env), else the image's own (an ENV
 * line), else manage.py's default unless the server's wsgi.py names another. With several server
 * files naming different modules, manage.py's default stands, and the note says how to choose.
 */
export function chooseChecksSettings(options: { managePy: string; managePyModule?: string; servers: ServerModule[]; checkEnv: Array<[string, string]>; imageSetsModule: boolean }): SettingsChoice {
  const { managePy, managePyModule, servers, checkEnv, imageSetsModule } = options;
  if (checkEnv.some(([name]) => name === 'DJANGO_SETTINGS_MODULE') || imageSetsModule) return {};
  const modules = [...new Set(servers.map((server) => server.module))];
  if (modules.length === 0 || (managePyModule !== undefined && modules.length === 1 && modules[0] === managePyModule)) return {};
  const defaultOf = managePyModule ? `${managePy} defaults to ${managePyModule}` : `${managePy} names no default`;
  if (modules.length > 1) {
    const named = servers.map((server) => `${server.file} ${server.module}`).join(', ');
    return { note: `The Django checks load the settings ${managePy} chooses (${managePyModule ?? 'none'}), as the server files name several: ${named}. Set DJANGO_SETTINGS_MODULE in check-env to check the module production runs.` };
  }
  const files = servers.map((server) => server.file).join(', ');
  return {
    module: modules[0],
    note: `The Django checks load ${modules[0]}, the settings ${files} gives the server, where ${defaultOf}. Set DJANGO_SETTINGS_MODULE in check-env to check another module.`,
  };
}

/**
 * The same choice made inside an image, for a step that has the image but not the project's
 * files (verify-shared-storage): Python that, when DJANGO_SETTINGS_MODULE is not set, reads
 * manage.py and the wsgi.py (else asgi.py) files below the working directory as findServerModules
 * does, sets the module as chooseChecksSettings would, prints the choice after MODULE_MARKER, and
 * then runs manage.py with the arguments after `-c PRELUDE`. settings-module.test.ts runs both
 * forms over the same projects.
 */
export const MODULE_MARKER = '@@settings-module@@';

export const SERVER_SETTINGS_PRELUDE = String.raw`
import json, os, re, runpy, sys
def named(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            found = re.search(r'DJANGO_SETTINGS_MODULE[\'"]\s*,\s*[\'"]([\w.]+)[\'"]', handle.read())
    except OSError:
        return None
    return found.group(1) if found else None
if not os.environ.get('DJANGO_SETTINGS_MODULE'):
    skipped = set(json.loads(sys.argv[1]))
    servers = {'wsgi.py': [], 'asgi.py': []}
    level = ['.']
    for depth in range(4):
        below = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir() and entry.name not in skipped and not entry.name.startswith('.'):
                    below.append(entry.path)
                elif entry.is_file() and entry.name in servers:
                    module = named(entry.path)
                    if module:
                        servers[entry.name].append((os.path.relpath(entry.path), module))
        level = sorted(below)
    server = sorted(servers['wsgi.py'] or servers['asgi.py'])
    modules = sorted(set(module for _, module in server))
    own = named('manage.py')
    if len(modules) == 1 and modules[0] != own:
        os.environ['DJANGO_SETTINGS_MODULE'] = modules[0]
        print(${JSON.stringify(MODULE_MARKER)} + json.dumps({'module': modules[0], 'files': [file for file, _ in server], 'managePy': own}), flush=True)
sys.argv = ['manage.py'] + sys.argv[2:]
runpy.run_path('manage.py', run_name='__main__')
`;

/** The arguments after `python` that run manage.py with `args`, choosing the module first. */
export function serverSettingsCommand(args: string[]): string[] {
  return ['-c', SERVER_SETTINGS_PRELUDE, JSON.stringify([...SKIPPED_FOLDERS]), ...args];
}

/** The choice the prelude printed, or undefined when manage.py's default stood. */
export function parseServerSettings(stdout: string): { module: string; files: string[]; managePy: string | null } | undefined {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(MODULE_MARKER));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(MODULE_MARKER.length)) as { module: string; files: string[]; managePy: string | null };
  } catch {
    return undefined;
  }
}

const PRODUCTION_NAMES = ['production', 'prod'];

/**
 * A production module beside the one the checks load, when that one is not it: Wagtail's project
 * template defaults both manage.py and wsgi.py to mysite.settings.dev and keeps
 * mysite/settings/production.py beside it, for DJANGO_SETTINGS_MODULE to name in production.
 * Looked for as a file in the project (`<package>/production.py` or `prod.py`) below manage.py's folder.
 */
export async function productionSibling(context: string, managePy: string, module: string | undefined): Promise<string | undefined> {
  if (!module || !module.includes('.')) return undefined;
  const parts = module.split('.');
  if (PRODUCTION_NAMES.includes(parts[parts.length - 1])) return undefined;
  const folder = join(context, posix.dirname(managePy), ...parts.slice(0, -1));
  for (const name of PRODUCTION_NAMES) {
    const found = await access(join(folder, `${name}.py`)).then(
      () => true,
      () => false,
    );
    if (found) return [...parts.slice(0, -1), name].join('.');
  }
  return undefined;
}

/** The hint for checks that load another module than the production one beside it. */
export function productionSiblingHint(loaded: string, sibling: string): string {
  return `The Django checks load ${loaded}, and ${sibling} is beside it: if production runs ${sibling} (DJANGO_SETTINGS_MODULE in the task definition), set DJANGO_SETTINGS_MODULE=${sibling} in check-env so the checks load it too.`;
}
