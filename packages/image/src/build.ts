import { HIDDEN, shownValue } from '@tandem/kit';

// The docker command line for a build, as a pure function of what is wanted and which builder
// is there: `docker buildx build` where buildx answers (GitHub's runners), classic
// `docker build` where it does not.

export type Builder = 'buildx' | 'docker';
export type CacheKind = 'gha' | 'registry' | 'none';

export interface BuildRequest {
  context: string;
  dockerfile: string;
  /** Full image names (registry/repository:tag). */
  names: string[];
  buildArgs: Array<[string, string]>;
  /** Build arguments whose values are secrets (registered with the runner's mask before the build): shown as ***. */
  secretBuildArgs: string[];
  labels: Array<[string, string]>;
  target: string;
  platforms: string[];
  cache: CacheKind;
  /** The registry cache image (registry/repository:tag) when cache is `registry`. */
  cacheRef: string;
  /** The GitHub Actions cache scope, so two images built in one repository do not share one cache. */
  cacheScope: string;
  /** `false`, or a buildx --provenance value such as `mode=max`. */
  provenance: string;
  /** Where the image ID is written. */
  iidfile: string;
  /**
   * Whether the image goes straight to the registry from buildx (several platforms cannot be
   * loaded into the local engine, so they cannot be checked there first).
   */
  pushFromBuilder: boolean;
}

export interface BuildCommand {
  args: string[];
  /** The same arguments with secret build-arg values hidden, for the log. */
  shown: string[];
}

function cacheOptions(request: BuildRequest): string[] {
  switch (request.cache) {
    case 'gha':
      return [`--cache-from=type=gha,scope=${request.cacheScope}`, `--cache-to=type=gha,mode=max,scope=${request.cacheScope}`];
    case 'registry':
      // ECR rejects the default cache manifest list; it accepts the cache as an OCI image manifest.
      return [
        `--cache-from=type=registry,ref=${request.cacheRef}`,
        `--cache-to=type=registry,ref=${request.cacheRef},mode=max,image-manifest=true,oci-mediatypes=true`,
      ];
    case 'none':
      return [];
  }
}

export function buildCommand(builder: Builder, request: BuildRequest): BuildCommand {
  const args = builder === 'buildx' ? ['buildx', 'build'] : ['build'];
  const shown = [...args];
  const add = (...items: string[]) => {
    args.push(...items);
    shown.push(...items);
  };
  add('--file', request.dockerfile);
  for (const name of request.names) add('--tag', name);
  for (const [key, value] of request.buildArgs) {
    args.push('--build-arg', `${key}=${value}`);
    shown.push('--build-arg', `${key}=${request.secretBuildArgs.includes(key) ? HIDDEN : shownValue(key, value)}`);
  }
  for (const [key, value] of request.labels) add('--label', `${key}=${value}`);
  if (request.target) add('--target', request.target);
  if (request.platforms.length > 0) add('--platform', request.platforms.join(','));
  add('--iidfile', request.iidfile);
  if (builder === 'buildx') {
    // Provenance attestations leave untagged unknown/unknown manifests in ECR.
    add(`--provenance=${request.provenance}`);
    add(...cacheOptions(request));
    add(request.pushFromBuilder ? '--push' : '--load');
  }
  add(request.context);
  return { args, shown };
}

export interface BuildProblem {
  /** The input to change. */
  input: 'platform' | 'cache';
  message: string;
}

/** Why a request cannot be built with this builder, or undefined. */
export function buildProblem(builder: Builder, request: Pick<BuildRequest, 'platforms' | 'cache' | 'pushFromBuilder'>): BuildProblem | undefined {
  if (builder === 'docker' && request.platforms.length > 1) return { input: 'platform', message: 'several platforms need docker buildx, which is not installed here' };
  if (builder === 'docker' && request.cache !== 'none') {
    return { input: 'cache', message: `the ${request.cache} cache needs docker buildx, which is not installed here: set cache: none, or install buildx (docker/setup-buildx-action)` };
  }
  if (request.platforms.length > 1 && !request.pushFromBuilder) {
    return {
      input: 'platform',
      message: 'an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false',
    };
  }
  return undefined;
}
