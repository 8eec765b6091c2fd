import { paginateDescribeImages, type ImageDetail } from '@aws-sdk/client-ecr';
import { archivedFrom, findArchived, type ArchivedImage } from '@tandem/image';
import { describeThrown, errorName, isAccessDenied } from '@tandem/kit';
import type { Clients } from './clients.js';
import { parseImage } from './images.js';
import { imagePlatforms } from './platforms.js';

export interface ImageCheck {
  image: string;
  found: boolean;
  /** What was checked, in words for the log and summary. */
  detail: string;
  /** The platforms the image is built for ('linux/amd64'), when ECR told them. */
  platforms?: string[];
  /** Why the platforms were not read, when the image was found but they were not. */
  platformsUnread?: string;
  /** Set when ECR holds the image in its archive, which ECS cannot pull from. */
  archived?: ArchivedImage;
}

const PLATFORM_GRANTS = 'ecr:BatchGetImage and ecr:GetDownloadUrlForLayer';

/**
 * Whether ECS will find each image: ECR images are looked up by digest (or tag) with
 * DescribeImages, which sees lifecycle-policy expiry and deletions, and archival: an archived
 * image is found, but not runnable until it is restored. Other registries cannot be asked without
 * their credentials; those are reported as not checked, never as found.
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
    const digest = details[0]?.imageDigest;
    if (!digest) return { image, found: false, detail: `ECR has no image ${what} in ${ref.ecr.repositoryName}` };
    const archived = archivedFrom(ref.ecr, details[0]);
    if (archived) return archivedCheck(image, archived);
    const detail = `found in ECR repository ${ref.ecr.repositoryName} (${what})`;
    try {
      const platforms = await imagePlatforms(clients.ecr(ref.ecr.region), { registryId: ref.ecr.registryId, repositoryName: ref.ecr.repositoryName, imageDigest: digest });
      return { image, found: true, detail: `${detail}, built for ${platforms.join(', ') || 'no platform'}`, platforms };
    } catch (error) {
      // The deploy goes on without the comparison: ECS still refuses an image it cannot run.
      const why = isAccessDenied(error) ? `allow ${PLATFORM_GRANTS} on repository ${ref.ecr.repositoryName}` : describeThrown(error).message;
      return { image, found: true, detail: `${detail}; its platforms not read`, platformsUnread: why };
    }
  } catch (error) {
    const name = errorName(error);
    if (name === 'ImageNotFoundException') {
      const held = await findArchived(clients.ecr(ref.ecr.region), ref.ecr, imageId);
      if (held) return archivedCheck(image, held);
      return { image, found: false, detail: `ECR has no image ${what} in ${ref.ecr.repositoryName} (deleted, or expired by a lifecycle policy)` };
    }
    if (name === 'RepositoryNotFoundException') return { image, found: false, detail: `ECR repository ${ref.ecr.repositoryName} does not exist in ${ref.ecr.registryId}/${ref.ecr.region}` };
    throw error;
  }
}

function archivedCheck(image: string, archived: ArchivedImage): ImageCheck {
  const since = archived.archivedAt ? ` since ${archived.archivedAt.toISOString()}` : '';
  const what = archived.status === 'ARCHIVED' ? `archived in ECR repository ${archived.repositoryName}${since}` : `being restored from ECR's archive in ${archived.repositoryName}`;
  return { image, found: true, detail: `${what}: ECS cannot pull it until ECR has restored it`, archived };
}
