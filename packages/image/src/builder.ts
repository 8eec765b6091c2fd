import type { Docker } from './docker.js';

// Which builder is there, and which build cache it can write. On GitHub's runners buildx is
// installed with the `docker` driver as its default builder; that driver builds with the Docker
// Engine's own BuildKit and exports no cache but the inline one ("Cache export is not supported
// for the docker driver"). docker/setup-buildx-action adds a `docker-container` builder, which
// exports every cache kind. Without buildx there is the classic `docker build`.

export type Builder = 'buildx' | 'docker';
export type CacheKind = 'gha' | 'registry' | 'none';

export interface BuilderInfo {
  builder: Builder;
  /** The buildx builder's name and driver (`docker`, `docker-container`, `kubernetes`, `remote`). */
  name?: string;
  driver?: string;
}

/** The name and driver of `docker buildx inspect`'s first lines (`Name:   default`, `Driver: docker`). */
export function parseBuildxInspect(output: string): { name?: string; driver?: string } {
  const field = (key: string) => new RegExp(`^${key}:\\s*(\\S+)\\s*$`, 'm').exec(output)?.[1];
  return { name: field('Name'), driver: field('Driver') };
}

/** The builder `docker buildx build` would use (the one setup-buildx-action selected), or the classic builder. */
export async function detectBuilder(docker: Docker): Promise<BuilderInfo> {
  if ((await docker(['buildx', 'version'])).code !== 0) return { builder: 'docker' };
  const inspected = await docker(['buildx', 'inspect']);
  return { builder: 'buildx', ...(inspected.code === 0 ? parseBuildxInspect(inspected.stdout) : {}) };
}

/** Whether the builder can export a cache other than inline. An unknown driver is given the benefit of the doubt. */
export function exportsCache(info: BuilderInfo): boolean {
  return info.builder === 'buildx' && info.driver !== 'docker';
}

export interface CacheChoice {
  cache: CacheKind;
  /** Why no cache is used although one could be, and what to add: for a notice in the log. */
  notice?: string;
}

export interface CacheProblem {
  input: 'cache';
  message: string;
}

const SETUP = 'add docker/setup-buildx-action before this step (it sets up a docker-container builder)';

/**
 * The cache a build uses. `auto` never asks for what the builder cannot do: the GitHub Actions
 * cache where the runner offers it and the builder can export it, else none, with a notice saying
 * what to add when the runner offers the cache. A cache named explicitly that the builder cannot
 * write is refused, before anything is built.
 */
export function chooseCache(wanted: CacheKind | 'auto', info: BuilderInfo, actionsCache: boolean): CacheChoice | CacheProblem {
  if (wanted === 'none') return { cache: 'none' };
  if (wanted !== 'auto') {
    if (info.builder === 'docker') return { input: 'cache', message: `the ${wanted} cache needs docker buildx, which is not installed here: set cache: none, or ${SETUP}` };
    if (!exportsCache(info)) {
      return { input: 'cache', message: `the builder '${info.name ?? 'default'}' uses the docker driver, which cannot export the ${wanted} cache: set cache: none, or ${SETUP}` };
    }
    return { cache: wanted };
  }
  if (!actionsCache) return { cache: 'none' };
  if (info.builder === 'docker') return { cache: 'none', notice: `no build cache: docker buildx is not installed; for the GitHub Actions cache, ${SETUP}` };
  if (!exportsCache(info)) {
    return { cache: 'none', notice: `no build cache: the builder '${info.name ?? 'default'}' uses the docker driver, which cannot export one; for the GitHub Actions cache, ${SETUP}` };
  }
  return { cache: 'gha' };
}

/** Whether the runner offers the GitHub Actions cache to buildx (the runtime token and the cache service's URL). */
export function offersActionsCache(env: NodeJS.ProcessEnv): boolean {
  return !!env.ACTIONS_RUNTIME_TOKEN && !!(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
}
