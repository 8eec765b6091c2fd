/** CloudFront's limits per distribution, counted over every invalidation in progress. */
export const LIMITS = { filesInFlight: 3000, wildcardsInFlight: 15, pathsPerInvalidation: 3000 } as const;

export interface CollapseLimits {
  /** Total paths (a wildcard counts as one) before wildcards are used. */
  budget: number;
  maxWildcards: number;
  maxFiles: number;
}

export interface Collapsed {
  paths: string[];
  /** The wildcards chosen, each with the paths it stands for. */
  wildcards: Array<{ wildcard: string; replaced: string[] }>;
}

export const isWildcard = (path: string) => path.endsWith('*');

/** The directories a path lies in, shallowest first: `/a/b.js` is in `/` and `/a/`. */
export function directoriesOf(path: string): string[] {
  const wildcard = isWildcard(path);
  const stem = wildcard ? path.slice(0, -1) : path;
  const directories: string[] = [];
  for (let at = stem.indexOf('/'); at >= 0; at = stem.indexOf('/', at + 1)) directories.push(stem.slice(0, at + 1));
  // A directory's own wildcard is not inside that directory for grouping purposes.
  if (wildcard && directories[directories.length - 1] === stem) directories.pop();
  return directories;
}

const depthOf = (directory: string) => directory.split('/').length - 2;

/** True when `wildcard` (ending in `*`) invalidates `path` as well. */
export function covers(wildcard: string, path: string): boolean {
  return wildcard !== path && isWildcard(wildcard) && path.startsWith(wildcard.slice(0, -1));
}

/** Drops duplicates and every path that a wildcard in the same set already covers. */
export function withoutCovered(paths: Iterable<string>): string[] {
  const unique = [...new Set(paths)].sort();
  const wildcards = unique.filter(isWildcard);
  if (wildcards.length === 0) return unique;
  return unique.filter((path) => !wildcards.some((wildcard) => covers(wildcard, path)));
}

/** The paths being chosen, with their counts kept as they change. */
class PathSet {
  readonly paths: Set<string>;
  files = 0;
  wildcards = 0;
  constructor(paths: Iterable<string>) {
    this.paths = new Set();
    for (const path of paths) this.add(path);
  }
  add(path: string): void {
    if (this.paths.has(path)) return;
    this.paths.add(path);
    if (isWildcard(path)) this.wildcards += 1;
    else this.files += 1;
  }
  delete(path: string): void {
    if (!this.paths.delete(path)) return;
    if (isWildcard(path)) this.wildcards -= 1;
    else this.files -= 1;
  }
  /** Whether the set would be over after replacing `removed` with `added`. */
  overAfter(limits: CollapseLimits, removed: readonly string[], added: readonly string[]): boolean {
    let { files, wildcards } = this;
    const gone = new Set(removed.filter((path) => this.paths.has(path)));
    for (const path of gone) {
      if (isWildcard(path)) wildcards -= 1;
      else files -= 1;
    }
    for (const path of new Set(added)) {
      if (this.paths.has(path) && !gone.has(path)) continue;
      if (isWildcard(path)) wildcards += 1;
      else files += 1;
    }
    return files + wildcards > limits.budget || wildcards > limits.maxWildcards || files > limits.maxFiles;
  }
  over(limits: CollapseLimits): boolean {
    return this.overAfter(limits, [], []);
  }
}

/**
 * Replaces paths with directory wildcards only while the set is over the budget or a limit.
 * Deepest directories first and, at one depth, those holding the most paths, so each wildcard
 * throws away as little cached content as it can; then every wildcard that turns out not to be
 * needed is expanded again, broadest first.
 */
export function collapse(input: readonly string[], limits: CollapseLimits): Collapsed {
  const set = new PathSet(withoutCovered(input));
  const replacedBy = new Map<string, string[]>();
  let deepest = 0;
  for (const path of set.paths) deepest = Math.max(deepest, directoriesOf(path).length - 1);
  for (let depth = deepest; depth >= 0 && set.over(limits); depth -= 1) {
    for (const [directory, members] of groupsAt(set.paths, depth)) {
      if (!set.over(limits)) break;
      const wildcard = `${directory}*`;
      for (const member of members) set.delete(member);
      set.add(wildcard);
      replacedBy.set(wildcard, members);
    }
  }
  expandUnneeded(set, replacedBy, limits);
  const paths = [...set.paths].sort();
  return {
    paths,
    wildcards: paths.filter((path) => replacedBy.has(path)).map((wildcard) => ({ wildcard, replaced: originalPaths(wildcard, replacedBy) })),
  };
}

/** Directories at one depth that hold at least two paths, the fullest first. */
function groupsAt(paths: Set<string>, depth: number): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const directory = directoriesOf(path)[depth];
    if (directory === undefined) continue;
    const members = groups.get(directory);
    if (members) members.push(path);
    else groups.set(directory, [path]);
  }
  return [...groups]
    .filter(([, members]) => members.length >= 2)
    .sort(([a, left], [b, right]) => right.length - left.length || (a < b ? -1 : 1));
}

function expandUnneeded(set: PathSet, replacedBy: Map<string, string[]>, limits: CollapseLimits): void {
  for (let expanded = true; expanded; ) {
    expanded = false;
    const candidates = [...set.paths]
      .filter((path) => replacedBy.has(path))
      .sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : 1));
    for (const wildcard of candidates) {
      const members = replacedBy.get(wildcard) ?? [];
      if (set.overAfter(limits, [wildcard], members)) continue;
      set.delete(wildcard);
      for (const member of members) set.add(member);
      replacedBy.delete(wildcard);
      expanded = true;
      break;
    }
  }
}

/** The paths a chosen wildcard stands for, through any wildcards it absorbed. */
function originalPaths(wildcard: string, replacedBy: Map<string, string[]>): string[] {
  const result: string[] = [];
  const pending = [...(replacedBy.get(wildcard) ?? [])];
  for (let member = pending.pop(); member !== undefined; member = pending.pop()) {
    const absorbed = replacedBy.get(member);
    if (absorbed) for (const path of absorbed) pending.push(path);
    else result.push(member);
  }
  return result.sort();
}
