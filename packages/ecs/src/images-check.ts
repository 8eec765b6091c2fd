import { paginateDescribeImages, type ImageDetail } from '@aws-sdk/client-ecr';
import { errorName } from '@tandem/kit';
import type { Clients } from './clients.js';
import { parseImage } from './images.js';

export interface ImageCheck {
  image: string;
  found: boolean;
  /** What was checked, in words for the log and summary. */
  detail: string;
}

/**
 * Whether ECS will find each image: ECR images are looked up by digest (or tag) with
 * DescribeImages, which sees lifecycle-policy expiry and deletions. Other registries cannot be
 * asked without their credentials; those are reported as not checked, never as found.
 */
export async function checkImage(clients: Clients, image: string): Promise<ImageCheck> {
  const ref = parseImage(image);
  if (!ref.ecr) {
    return { image, found: true, detail: `not checked: ${ref.repository.split('/')[0] || 'Docker Hub'} is not ECR; ECS pulls it with the task's credentials` };
  }
  const imageId = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
  const what = ref.digest ?? `tag ${imageId.imageTag}`;
  try {
    const details: ImageDetail[] = [];
    const input = { registryId: ref.ecr.registryId, repositoryName: ref.ecr.repositoryName, imageIds: [imageId] };
    for await (const page of paginateDescribeImages({ client: clients.ecr(ref.ecr.region) }, input)) details.push(...(page.imageDetails ?? []));
    const found = details.length > 0;
    return { image, found, detail: found ? `found in ECR repository ${ref.ecr.repositoryName} (${what})` : `ECR has no image ${what} in ${ref.ecr.repositoryName}` };
  } catch (error) {
    const name = errorName(error);
    if (name === 'ImageNotFoundException') return { image, found: false, detail: `ECR has no image ${what} in ${ref.ecr.repositoryName} (deleted, or expired by a lifecycle policy)` };
    if (name === 'RepositoryNotFoundException') return { image, found: false, detail: `ECR repository ${ref.ecr.repositoryName} does not exist in ${ref.ecr.registryId}/${ref.ecr.region}` };
    throw error;
  }
}
