import { readdir, readFile } from 'node:fs/promises';
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
