import { collapse, covers, isWildcard, LIMITS } from './collapse.js';
import { encodeGivenPath, encodePath, MAX_PATH_LENGTH, relativeKey, viewerPaths } from './paths.js';

export interface PlanRequest {
  /** Changed S3 keys, as build-and-sync-frontend reports them (prefix included). */
  keys: readonly string[];
  /** Explicit paths, already checked by parseExplicitPath (encoded, a trailing `*` a wildcard). */
  paths: readonly string[];
  /** Normalized: empty or ending in `/`. */
  prefix: string;
  indexDocument: string;
  /** Keys to leave out because their name changes whenever their content does; undefined keeps all. */
  immutable?: (relative: string) => boolean;
  /** Total paths (a wildcard counts as one) before wildcards are used. */
  maxPaths: number;
}

export interface InvalidationPlan {
  /** What is submitted: encoded, sorted, without duplicates or covered paths. */
  paths: string[];
  files: number;
  wildcards: number;
  /** Wildcards chosen because the paths went over the budget, with the paths each replaced. */
  collapsed: Array<{ wildcard: string; replaced: string[] }>;
  /** Keys that lie outside the prefix, so the distribution does not serve them at these names. */
  outsidePrefix: string[];
  /** Keys left out as immutable by name. */
  immutable: string[];
  /** Each submitted path with the changed keys and explicit paths it stands for. */
  sources: Map<string, string[]>;
}

/**
 * Checks one explicit `paths` entry and encodes it (encodeGivenPath); a `*` may only end it. A
 * URL, or a path with a #fragment, is refused: CloudFront would take either as a path nobody
 * requests, and report success.
 */
export function parseExplicitPath(raw: string): { path: string } | { problem: string } {
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(raw);
  if (url) return { problem: `'${raw}' is a URL: give its path alone, ${url[1] || '/'} (an invalidation path is relative to the distribution)` };
  const hash = raw.indexOf('#');
  if (hash >= 0) return { problem: `'${raw}' has a #fragment, which browsers never send: give ${raw.slice(0, hash) || '/'}` };
  const rooted = raw.startsWith('/') ? raw : `/${raw}`;
  const star = rooted.indexOf('*');
  if (star >= 0 && star !== rooted.length - 1) {
    return { problem: `'${raw}' has a * before its end: CloudFront takes a wildcard only as the last character` };
  }
  const path = star >= 0 ? `${encodeGivenPath(rooted.slice(0, -1))}*` : encodeGivenPath(rooted);
  if (path.length > MAX_PATH_LENGTH) return { problem: `'${raw.slice(0, 60)}…' is longer than CloudFront's ${MAX_PATH_LENGTH} characters once encoded` };
  return { path };
}

/**
 * Turns changed keys and explicit paths into the fewest correct invalidation paths: index
 * documents also as their directory, encoded as CloudFront compares them, duplicates and
 * covered paths dropped, and directory wildcards only past the budget or CloudFront's limits.
 */
export function planInvalidation(request: PlanRequest): InvalidationPlan {
  const sources = new Map<string, string[]>();
  const note = (path: string, source: string) => {
    const known = sources.get(path);
    if (known) known.push(source);
    else sources.set(path, [source]);
  };
  const outsidePrefix: string[] = [];
  const immutable: string[] = [];
  for (const key of new Set(request.keys)) {
    const relative = relativeKey(key, request.prefix);
    if (relative === undefined) outsidePrefix.push(key);
    else if (request.immutable?.(relative)) immutable.push(key);
    else for (const path of viewerPaths(relative, request.indexDocument)) note(encodePath(path), key);
  }
  for (const path of request.paths) note(path, path);

  const { paths, wildcards } = collapse([...sources.keys()], {
    budget: request.maxPaths,
    maxWildcards: LIMITS.wildcardsInFlight,
    maxFiles: LIMITS.filesInFlight,
  });
  return {
    paths,
    files: paths.filter((path) => !isWildcard(path)).length,
    wildcards: paths.filter(isWildcard).length,
    collapsed: wildcards,
    outsidePrefix,
    immutable,
    sources: sourcesOf(paths, sources),
  };
}

/** Which keys each submitted path stands for, through wildcards that cover them. */
function sourcesOf(paths: readonly string[], planned: Map<string, string[]>): Map<string, string[]> {
  const result = new Map<string, string[]>(paths.map((path) => [path, []]));
  const wildcards = paths.filter(isWildcard);
  for (const [original, keys] of planned) {
    const owner = result.has(original) ? original : wildcards.find((wildcard) => covers(wildcard, original));
    if (owner) result.get(owner)?.push(...keys);
  }
  for (const [path, keys] of result) result.set(path, [...new Set(keys)].sort());
  return result;
}

export interface Room {
  files: number;
  wildcards: number;
}

/**
 * The next invalidation that fits in the room CloudFront has left: as many of the remaining
 * paths as the in-flight limits and the per-invalidation limit allow, in order.
 */
export function takeBatch(remaining: readonly string[], room: Room): { batch: string[]; rest: string[] } {
  const batch: string[] = [];
  const rest: string[] = [];
  let files = Math.max(0, room.files);
  let wildcards = Math.max(0, room.wildcards);
  for (const path of remaining) {
    const fits = batch.length < LIMITS.pathsPerInvalidation && (isWildcard(path) ? wildcards > 0 : files > 0);
    if (!fits) {
      rest.push(path);
      continue;
    }
    batch.push(path);
    if (isWildcard(path)) wildcards -= 1;
    else files -= 1;
  }
  return { batch, rest };
}
