import { shownValue } from '@tandem/kit';

/**
 * The differences between two task definitions as `path: before -> after` lines, for dry-run.
 * Containers and tags are matched by name and key, not by position, so a reordering is no change.
 * The lines go to the log and the job summary, so values that carry secrets are hidden: an
 * environment variable named like one shows ***, a URL shows its password as *** (a change still
 * shows as a change).
 */
export function diffTaskDefinitions(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const left = flatten(before, '');
  const right = flatten(after, '');
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  const lines: string[] = [];
  for (const path of paths) {
    const from = left.get(path);
    const to = right.get(path);
    if (from === to) continue;
    const show = (value: string) => shown(path, value);
    if (from === undefined) lines.push(`+ ${path}: ${show(to as string)}`);
    else if (to === undefined) lines.push(`- ${path}: ${show(from)}`);
    else lines.push(`~ ${path}: ${show(from)} -> ${show(to)}`);
  }
  return lines;
}

/**
 * A flattened value (JSON) as the diff may show it. A `[NAME].value` (environment entries, tags)
 * is judged by its NAME; any other string only by whether it is a URL with a password.
 */
function shown(path: string, json: string): string {
  const name = /\[([^\]]+)\]\.value$/.exec(path)?.[1] ?? '';
  const value = JSON.parse(json) as unknown;
  if (typeof value !== 'string') return json;
  const visible = shownValue(name, value);
  return visible === value ? json : JSON.stringify(visible);
}

function keyOf(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    for (const field of ['name', 'key', 'containerName']) if (typeof record[field] === 'string') return String(record[field]);
  }
  return String(index);
}

function flatten(value: unknown, path: string, into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((item) => item === null || typeof item !== 'object')) {
      into.set(path, JSON.stringify(value));
    } else {
      value.forEach((item, index) => flatten(item, `${path}[${keyOf(item, index)}]`, into));
    }
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    if (entries.length === 0) into.set(path, '{}');
    for (const [key, item] of entries) flatten(item, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, JSON.stringify(value));
  }
  return into;
}
