/**
 * The differences between two task definitions as `path: before -> after` lines, for dry-run.
 * Containers and tags are matched by name and key, not by position, so a reordering is no change.
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
    if (from === undefined) lines.push(`+ ${path}: ${to}`);
    else if (to === undefined) lines.push(`- ${path}: ${from}`);
    else lines.push(`~ ${path}: ${from} -> ${to}`);
  }
  return lines;
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
