import { DescribeImagesCommand, GetLifecyclePolicyCommand, type ECRClient, type ImageDetail } from '@aws-sdk/client-ecr';
import { ConfigurationError, group, isNamed, type Log } from '@tandem/kit';
import { tail, type Docker } from './docker.js';
import { goneReason, type PromoteSource } from './promote-source.js';
import type { RegistryClient, RemoteImage } from './registry.js';

// Promotion: the image another environment runs, resolved to its digest and copied by that
// digest into this environment's repository. Nothing is built.

export interface ResolvedSource {
  digest: string;
  mediaType: string;
  /** The tags ECR lists for the image, and when it was pushed (ECR's API view). */
  tags: string[];
  pushedAt?: Date;
}

const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];

async function describeSource(ecr: ECRClient, source: PromoteSource): Promise<ImageDetail | undefined> {
  const imageId = source.digest ? { imageDigest: source.digest } : { imageTag: source.tag };
  try {
    const answer = await ecr.send(new DescribeImagesCommand({ repositoryName: source.repository, registryId: source.registryId, imageIds: [imageId] }));
    return answer.imageDetails?.[0];
  } catch (error) {
    if (isNamed(error, 'ImageNotFoundException')) return undefined;
    if (isNamed(error, 'RepositoryNotFoundException')) {
      throw new ConfigurationError(`the source repository ${source.repository} does not exist in ECR (${source.registryId ?? 'this account'}, ${source.region}): check promote-from and promote-from-region`, 'promote-from');
    }
    throw error;
  }
}

/** The source repository's lifecycle policy text, or undefined when it has none. */
async function lifecyclePolicyOf(ecr: ECRClient, source: PromoteSource): Promise<string | undefined> {
  try {
    const answer = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: source.repository, registryId: source.registryId }));
    return answer.lifecyclePolicyText;
  } catch (error) {
    if (isNamed(error, 'LifecyclePolicyNotFoundException')) return undefined;
    throw error;
  }
}

/**
 * The source image's digest, from both views of the registry: ECR's API (DescribeImages in the
 * source region: tags, pushedAt; it sees lifecycle expiry) and the registry's own manifest HEAD
 * (the digest docker pulls). Gone from either is refused, naming the lifecycle rule that expired
 * it when the repository's policy has one that matches, else "deleted".
 */
export async function resolveSource(ecr: ECRClient, registry: RegistryClient, source: PromoteSource): Promise<ResolvedSource> {
  const [detail, remote] = await Promise.all([describeSource(ecr, source), registry.image(source.repository, source.digest ?? source.tag ?? '')]);
  if (!detail || !remote) throw new ConfigurationError(goneReason(source, await lifecyclePolicyOf(ecr, source)), 'promote-from');
  if (detail.imageDigest && detail.imageDigest !== remote.digest) {
    throw new Error(`ECR lists ${source.text} as ${detail.imageDigest}, but the registry ${source.registry.host} serves ${remote.digest}: the tag moved during the look-up; run again`);
  }
  return { digest: remote.digest, mediaType: remote.mediaType, tags: detail.imageTags ?? [], pushedAt: detail.imagePushedAt };
}

export type TagPlacement = { tag: string; state: 'there' | 'absent' } | { tag: string; state: 'other'; digest: string };

/** Where each destination tag stands against the promoted digest. Pure. */
export function placeTags(digest: string, tags: Array<[string, RemoteImage | undefined]>): TagPlacement[] {
  return tags.map(([tag, remote]) => (!remote ? { tag, state: 'absent' } : remote.digest === digest ? { tag, state: 'there' } : { tag, state: 'other', digest: remote.digest }));
}

export interface CopyRequest {
  /** `<source registry>/<repository>@<digest>`. */
  source: string;
  digest: string;
  mediaType: string;
  /** Destination image names (`<registry>/<repository>:<tag>`) to write. */
  names: string[];
}

/**
 * Copies one image by digest, registry to registry. A multi-platform index goes through `docker
 * buildx imagetools create`, which copies an index as it is. A single-platform manifest goes
 * through pull, tag and push: imagetools create wraps a single manifest in a new index (buildx
 * 0.13 always; later ones unless --prefer-index=false), so the destination's tag would name
 * another digest than the one that was tested. Docker pushes the pulled layers unchanged, and the
 * caller checks that the digest came out equal.
 */
export async function copyByDigest(docker: Docker, request: CopyRequest, log: Log, signal?: AbortSignal): Promise<void> {
  const step = async (args: string[]) => {
    log.info(`docker ${args.join(' ')}`);
    const result = await docker(args, { onLine: (line) => log.info(line), signal });
    if (result.code !== 0) throw new Error(`docker ${args.slice(0, 3).join(' ')} failed (exit ${result.code}) while copying ${request.source}:\n${tail(result, 15)}`);
  };
  await group(`Copy ${request.source}`, async () => {
    if (INDEX_TYPES.includes(request.mediaType)) {
      await step(['buildx', 'imagetools', 'create', ...request.names.flatMap((name) => ['--tag', name]), request.source]);
      return;
    }
    await step(['pull', request.source]);
    for (const name of request.names) {
      await step(['tag', request.source, name]);
      await step(['push', name]);
    }
  });
}
