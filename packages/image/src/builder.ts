import type { Docker } from './docker.js';

// Which builder is there, and which build cache it can write. On GitHub's runners buildx is
// installed with the `docker` driver as its default builder; that driver builds with the Docker
// Engine's own BuildKit, and on Docker's classic image store exports no cache but the inline one
// ("Cache export is not supported for the docker driver"). On the containerd image store (Docker
// Engine 29's default on a new install) it exports the local, registry and gha caches and builds
// several platforms. docker/setup-buildx-action adds a `docker-container` builder, which exports
// every cache kind. Without buildx there is the classic `docker build`.

export type Builder = 'buildx' | 'docker';
export type CacheKind = 'gha' | 'registry' | 'none';

export interface BuilderInfo {
  builder: Builder;
  /** The buildx builder's name and driver (`docker`, `docker-container`, `kubernetes`, `remote`). */
  name?: string;
  driver?: string;
  /** For the docker driver: the engine's image store, which decides what that driver can do. */
  imageStore?: 'containerd' | 'classic';
}

/** The image store `docker info --format '{{json .DriverStatus}}'` shows: the containerd one names its snapshotter's driver type. */
export function imageStoreOf(driverStatus: string): 'containerd' | 'classic' {
  let pairs: unknown;
  try {
    pairs = JSON.parse(driverStatus);
  } catch {
    return 'classic';
  }
  const containerd = Array.isArray(pairs) && pairs.some((pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1');
  return containerd ? 'containerd' : 'classic';
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
  const info: BuilderInfo = { builder: 'buildx', ...(inspected.code === 0 ? parseBuildxInspect(inspected.stdout) : {}) };
  if (info.driver !== 'docker') return info;
  const status = await docker(['info', '--format', '{{json .DriverStatus}}']);
  return { ...info, imageStore: status.code === 0 ? imageStoreOf(status.stdout.trim()) : 'classic' };
}

/** Whether the docker driver builds on Docker's classic image store: no cache export but inline, one platform. */
export function onClassicStore(info: BuilderInfo): boolean {
  return info.builder === 'buildx' && info.driver === 'docker' && info.imageStore !== 'containerd';
}

/** Whether the builder can export a cache other than inline. An unknown driver is given the benefit of the doubt. */
export function exportsCache(info: BuilderInfo): boolean {
  return info.builder === 'buildx' && !onClassicStore(info);
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
const STORE = "or turn on the Docker Engine's containerd image store";

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
      return { input: 'cache', message: `the builder '${info.name ?? 'default'}' uses the docker driver on Docker's classic image store, which cannot export the ${wanted} cache: set cache: none, ${SETUP}, ${STORE}` };
    }
    return { cache: wanted };
  }
  if (!actionsCache) return { cache: 'none' };
  if (info.builder === 'docker') return { cache: 'none', notice: `no build cache: docker buildx is not installed; for the GitHub Actions cache, ${SETUP}` };
  if (!exportsCache(info)) {
    return { cache: 'none', notice: `no build cache: the builder '${info.name ?? 'default'}' uses the docker driver on Docker's classic image store, which cannot export one; for the GitHub Actions cache, ${SETUP}, ${STORE}` };
  }
  return { cache: 'gha' };
}

/** Whether the runner offers the GitHub Actions cache to buildx (the runtime token and the cache service's URL). */
export function offersActionsCache(env: NodeJS.ProcessEnv): boolean {
  return !!env.ACTIONS_RUNTIME_TOKEN && !!(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
}
