import { BatchGetImageCommand, GetDownloadUrlForLayerCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { ContainerDefinition, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { imageEntries, MANIFEST_TYPES, platformName, type ManifestBody, type Platform } from '@tandem/kit';

// The platforms an image in ECR is built for, against the one its task definition runs on. An
// image of the wrong architecture is not caught by ECS before the rollout: an index without the
// platform stops each task at the pull (CannotPullContainerError), and a single-platform image of
// the other architecture starts and dies at once (exec format error), until the circuit breaker
// or the wait gives up. Both are known from ECR before anything changes.

/** An image's config is a few KB; a larger answer is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The platforms an index (or manifest list) holds images for: BuildKit's attestation manifests left out. */
export function indexPlatforms(manifests: NonNullable<ManifestBody['manifests']>): string[] {
  return imageEntries(manifests).map((entry) => platformName(entry.platform ?? {}));
}

/** Where ECR's image is: the repository in one account's registry, and the image's digest. */
export interface EcrImage {
  registryId: string;
  repositoryName: string;
  imageDigest: string;
}

/**
 * The platforms an ECR image is built for: an index's from its manifest (BatchGetImage), a single
 * image's from its config blob (GetDownloadUrlForLayer, then a GET of that presigned URL through
 * the ECR client's own request handler, so with its proxy and timeouts).
 */
export async function imagePlatforms(ecr: ECRClient, image: EcrImage, signal?: AbortSignal): Promise<string[]> {
  const { registryId, repositoryName, imageDigest } = image;
  const got = await ecr.send(new BatchGetImageCommand({ registryId, repositoryName, imageIds: [{ imageDigest }], acceptedMediaTypes: [...MANIFEST_TYPES] }), { abortSignal: signal });
  const body = got.images?.[0]?.imageManifest;
  if (!body) throw new Error(`BatchGetImage returned no manifest for ${imageDigest}: ${got.failures?.map((failure) => `${failure.failureCode} ${failure.failureReason}`).join('; ') || 'no reason given'}`);
  const manifest = JSON.parse(body) as ManifestBody;
  if (manifest.manifests) return indexPlatforms(manifest.manifests);
  const configDigest = manifest.config?.digest;
  if (!configDigest) throw new Error(`the manifest of ${imageDigest} names no config`);
  const { downloadUrl } = await ecr.send(new GetDownloadUrlForLayerCommand({ registryId, repositoryName, layerDigest: configDigest }), { abortSignal: signal });
  if (!downloadUrl) throw new Error(`GetDownloadUrlForLayer returned no URL for ${configDigest}`);
  const config = JSON.parse(await download(ecr, downloadUrl, signal)) as Platform;
  return [platformName(config)];
}

async function download(ecr: ECRClient, address: string, signal?: AbortSignal): Promise<string> {
  const url = new URL(address);
  const handler = ecr.config.requestHandler as RequestHandler<HttpRequest, HttpResponse, { abortSignal?: AbortSignal }>;
  const request: HttpRequest = {
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    // The presigned query as S3 signed it, not re-encoded.
    path: url.pathname + url.search,
    query: {},
    headers: { host: url.host },
  };
  const { response } = await handler.handle(request, { abortSignal: signal });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONFIG_BYTES) throw new Error(`the image config at ${url.host} is larger than ${MAX_CONFIG_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (response.statusCode !== 200) throw new Error(`the image config's download answered ${response.statusCode}: ${text.slice(0, 200)}`);
  return text;
}

/** The platform a task definition's tasks run on, and why; undefined where the instances decide (EC2 without runtimePlatform). */
export interface RunsOn {
  platform: string;
  because: string;
}

const FARGATE = /^FARGATE/;

export function runsOn(definition: Pick<TaskDefinition, 'runtimePlatform' | 'requiresCompatibilities'>, service: Pick<Service, 'launchType' | 'capacityProviderStrategy'>): RunsOn | undefined {
  const family = definition.runtimePlatform?.operatingSystemFamily;
  const os = family && family !== 'LINUX' ? 'windows' : 'linux';
  const architecture = definition.runtimePlatform?.cpuArchitecture;
  if (architecture) return { platform: `${os}/${architecture === 'ARM64' ? 'arm64' : 'amd64'}`, because: `runtimePlatform.cpuArchitecture ${architecture}` };
  const fargate =
    service.launchType === 'FARGATE' ||
    (service.capacityProviderStrategy ?? []).some((item) => FARGATE.test(item.capacityProvider ?? '')) ||
    (!service.launchType && !service.capacityProviderStrategy?.length && definition.requiresCompatibilities?.length === 1 && definition.requiresCompatibilities[0] === 'FARGATE');
  return fargate ? { platform: `${os}/amd64`, because: "Fargate's default, as runtimePlatform.cpuArchitecture is not set" } : undefined;
}

const ARCHITECTURES = [
  ['linux/amd64', 'X86_64'],
  ['linux/arm64', 'ARM64'],
] as const;

/** Whether an image built for `platforms` runs on `target` ('linux/arm64' takes 'linux/arm64/v8'). */
export function runsThere(platforms: readonly string[], target: string): boolean {
  return platforms.some((platform) => platform === target || platform.startsWith(`${target}/`));
}

/** Why a container's image cannot run where the task definition runs it, or undefined. */
export function platformProblem(container: Pick<ContainerDefinition, 'name' | 'image'>, platforms: readonly string[], target: RunsOn, family: string): string | undefined {
  if (runsThere(platforms, target.platform)) return undefined;
  const built = platforms.length ? `${platforms.join(', ')} only` : 'no platform';
  const architecture = ARCHITECTURES.find(([platform]) => target.platform !== platform && runsThere(platforms, platform))?.[1];
  return (
    `container ${container.name}'s image ${container.image} is built for ${built}, but ${family} runs its tasks on ${target.platform} (${target.because}): ` +
    `build it for ${target.platform} (build-push-django-image's platforms: ${target.platform})` +
    (architecture ? `, or set runtimePlatform.cpuArchitecture ${architecture} in the task definition if the tasks should run on ${architecture}` : '')
  );
}

/** One service's next revision and the service it runs in, for the comparison. */
export interface Placement {
  definition: Pick<TaskDefinition, 'family' | 'runtimePlatform' | 'requiresCompatibilities' | 'containerDefinitions' | 'placementConstraints'>;
  service: Pick<Service, 'launchType' | 'capacityProviderStrategy' | 'placementConstraints'>;
}

/** Every container whose image is not built for where its revision runs: the decide step's refusal, one line each. */
export function platformProblems(placements: readonly Placement[], builtFor: ReadonlyMap<string, readonly string[]>): string[] {
  const problems = placements.flatMap(({ definition, service }) => {
    const target = runsOn(definition, service);
    if (!target) return [];
    return (definition.containerDefinitions ?? []).flatMap((container) => {
      const platforms = builtFor.get(container.image ?? '');
      const problem = platforms && platformProblem(container, platforms, target, definition.family ?? 'the task definition');
      return problem ? [problem] : [];
    });
  });
  return [...new Set(problems)];
}
