import { HIDDEN, shownValue } from '@tandem/kit';
import { onClassicStore, type Builder, type BuilderInfo, type CacheKind } from './builder.js';
import type { BuildKitOnly } from './buildkit-syntax.js';

// The docker command line for a build, as a pure function of what is wanted and which builder
// is there: `docker buildx build` where buildx answers (GitHub's runners), classic
// `docker build` where it does not.

/**
 * A BuildKit secret for `RUN --mount=type=secret,id=ID`: a value from the `secrets` input (handed
 * to docker in its environment, never on a command line or on disk), a file, or a variable of
 * the runner's environment. It reaches the RUN step only: not the image's layers, history or config.
 */
export interface BuildSecret {
  id: string;
  from: 'value' | 'file' | 'env';
  /** The value, the file's path, or the variable's name. */
  source: string;
}

export interface BuildRequest {
  context: string;
  dockerfile: string;
  /** Full image names (registry/repository:tag). */
  names: string[];
  buildArgs: Array<[string, string]>;
  /** Build arguments whose values are secrets (registered with the runner's mask before the build): shown as ***. */
  secretBuildArgs: string[];
  labels: Array<[string, string]>;
  secrets: BuildSecret[];
  /** `default` (the runner's SSH agent) or `id=path[,path]`, for `RUN --mount=type=ssh`. */
  ssh: string[];
  /** The RUN steps' network: '' (the builder's default), `none` or `host`. */
  network: string;
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
  /** Variables docker needs in its environment: the values of `secrets`, named by --secret env=. */
  env: Record<string, string>;
}

function secretOption(secret: BuildSecret, index: number, env: Record<string, string>): string {
  if (secret.from === 'file') return `id=${secret.id},src=${secret.source}`;
  if (secret.from === 'env') return `id=${secret.id},env=${secret.source}`;
  const variable = `TANDEM_BUILD_SECRET_${index}`;
  env[variable] = secret.source;
  return `id=${secret.id},env=${variable}`;
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
  const env: Record<string, string> = {};
  request.secrets.forEach((secret, index) => add('--secret', secretOption(secret, index, env)));
  for (const ssh of request.ssh) add('--ssh', ssh);
  if (request.network) add('--network', request.network);
  if (request.target) add('--target', request.target);
  if (request.platforms.length > 0) add('--platform', request.platforms.join(','));
  add('--iidfile', request.iidfile);
  // The classic builder keeps the container of a step that failed (its default is --rm, which
  // removes them only after a build that succeeds): one more stopped container on a self-hosted
  // runner's disk for each failed build. BuildKit keeps none.
  if (builder === 'docker') add('--force-rm');
  if (builder === 'buildx') {
    // Provenance attestations leave untagged unknown/unknown manifests in ECR.
    add(`--provenance=${request.provenance}`);
    add(...cacheOptions(request));
    add(request.pushFromBuilder ? '--push' : '--load');
  }
  add(request.context);
  return { args, shown, env };
}

export interface BuildProblem {
  /** The input to change. */
  input: 'platforms' | 'secrets' | 'ssh' | 'dockerfile';
  message: string;
}

const SETUP = 'add docker/setup-buildx-action before this step';

/** Why a request cannot be built with this builder, or undefined. (The cache is chosen apart: chooseCache.) */
/**
 * A notice for an image built, by default, for an arm64 runner's own platform (RUNNER_ARCH, as
 * GitHub's arm64 runners set it): ECS runs it only where the task definition says ARM64, and
 * Fargate's default is X86_64, whose tasks would stop at the pull. Undefined when platforms names
 * the platform, or the runner is x64.
 */
export function runnerPlatformNotice(runnerArch: string | undefined, platforms: readonly string[]): string | undefined {
  if (platforms.length > 0 || runnerArch?.toUpperCase() !== 'ARM64') return undefined;
  return (
    "The image is built for linux/arm64, this runner's platform, as platforms is not set: ECS runs it only where the task definition sets runtimePlatform.cpuArchitecture ARM64 " +
    "(Fargate's default is X86_64). For an X86_64 service, set platforms: linux/amd64 (with docker/setup-qemu-action on this runner) or build on an x64 runner"
  );
}

export function buildProblem(
  info: BuilderInfo,
  request: Pick<BuildRequest, 'platforms' | 'pushFromBuilder' | 'secrets' | 'ssh'> & { buildKitSyntax?: BuildKitOnly & { shown: string } },
): BuildProblem | undefined {
  const several = request.platforms.length > 1;
  if (info.builder === 'docker') {
    const only = request.buildKitSyntax;
    if (only) {
      return {
        input: 'dockerfile',
        message: `${only.shown} line ${only.line} uses ${only.what}, which only BuildKit builds, and docker buildx is not installed here: docker build would build the steps before it and stop there. Add docker/setup-buildx-action before this step`,
      };
    }
    if (several) return { input: 'platforms', message: `several platforms need docker buildx, which is not installed here: ${SETUP}` };
    // The classic builder has no BuildKit: no RUN --mount=type=secret or type=ssh.
    if (request.secrets.length > 0) return { input: 'secrets', message: `BuildKit secrets need docker buildx, which is not installed here: ${SETUP}` };
    if (request.ssh.length > 0) return { input: 'ssh', message: `BuildKit SSH forwarding needs docker buildx, which is not installed here: ${SETUP}` };
  }
  if (several && onClassicStore(info)) {
    return {
      input: 'platforms',
      message: `the builder '${info.name ?? 'default'}' uses the docker driver on Docker's classic image store, which builds one platform: ${SETUP} (and docker/setup-qemu-action for other architectures), or turn on the Docker Engine's containerd image store`,
    };
  }
  if (several && !request.pushFromBuilder) {
    return {
      input: 'platforms',
      message: 'an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false',
    };
  }
  return undefined;
}
