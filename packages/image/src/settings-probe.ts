// Production settings often read variables with no default (django-environ's env("REDIS_URL"),
// os.environ["ADMIN_URL"]), and the checks know only the few they set themselves. Such a setting
// stops every check at the first variable missing, and a user would then learn them one build at
// a time. When a check stops so, the probe below imports the settings module in the checks'
// container again and again, each time with a placeholder for the variable it stopped at, until it
// loads or stops at something else: the checks then run with those placeholders, and the notice
// names every one.

/**
 * Python run in the checks' container: argv is manage.py's folder and manage.py's default module.
 * Each failed import's modules are dropped so the next import runs the settings anew. Only
 * django-environ's message and a KeyError raised by os.environ itself count as a missing variable.
 */
export const SETTINGS_PROBE = String.raw`
import importlib, json, os, re, sys
folder, fallback = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.abspath(folder))
module = os.environ.get('DJANGO_SETTINGS_MODULE') or fallback
def placeholder(name):
    return 'https://django-checks.invalid/' if re.search(r'_(URL|URI|DSN)$', name) else 'django-checks-placeholder'
def variable(exc):
    found = re.search(r'Set the (\w+) environment variable', str(exc))
    if found:
        return found.group(1)
    tb = exc.__traceback__
    while tb and tb.tb_next:
        tb = tb.tb_next
    where = tb.tb_frame.f_code.co_filename if tb else ''
    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str) and (where == '<frozen os>' or where.endswith('/os.py')):
        return exc.args[0]
    return None
given, error = [], None
for _ in range(40):
    before = set(sys.modules)
    try:
        importlib.import_module(module)
        error = None
        break
    except Exception as exc:
        for loaded in set(sys.modules) - before:
            del sys.modules[loaded]
        error = '%s: %s' % (type(exc).__name__, exc)
        name = variable(exc)
        if not name or not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', name) or name in os.environ:
            break
        os.environ[name] = placeholder(name)
        given.append([name, os.environ[name]])
print(json.dumps({'module': module, 'given': given, 'error': error}))
`;

/** Whether a check's output shows the settings stopped at a variable they read with no default. */
export function stoppedAtVariable(output: string): boolean {
  if (/ImproperlyConfigured: Set the \w+ environment variable/.test(output)) return true;
  return /^\S*\s*KeyError: '\w+'\s*$/m.test(output) && /File "(<frozen os>|[^"]*\/os\.py)"/.test(output);
}

export interface ProbeResult {
  module: string;
  /** The variables the settings needed, with the placeholder each was given, in the order met. */
  given: Array<[string, string]>;
  /** What the last import stopped at, when the settings still did not load. */
  error?: string;
}

/** The probe's JSON line, or undefined when it printed none (the image's Python did not run it). */
export function parseProbe(stdout: string): ProbeResult | undefined {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as { module?: unknown; given?: unknown; error?: unknown };
    if (typeof parsed.module !== 'string' || !Array.isArray(parsed.given)) return undefined;
    const given = parsed.given.filter((pair): pair is [string, string] => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string');
    return { module: parsed.module, given, ...(typeof parsed.error === 'string' ? { error: parsed.error } : {}) };
  } catch {
    return undefined;
  }
}

/** The `docker exec` arguments of the probe, as the image's user, in the checks' container. */
export function probeExecArgs(container: string, managePy: string, fallbackModule: string): string[] {
  const folder = managePy.includes('/') ? managePy.slice(0, managePy.lastIndexOf('/')) : '.';
  return ['exec', container, 'python', '-c', SETTINGS_PROBE, folder, fallbackModule];
}

/** The notice for the placeholders the checks ran with. */
export function placeholdersNotice(result: ProbeResult): string {
  const names = result.given.map(([name]) => name).join(', ');
  return (
    `The settings ${result.module} read ${result.given.length === 1 ? 'a variable' : `${result.given.length} variables`} with no default that the checks were not given: ${names}. ` +
    'The checks ran with placeholders for them (production needs them in the task definition); to give the checks other values, set them in check-env.'
  );
}
