import { DescribeImagesCommand, paginateDescribeImages, UpdateImageStorageClassCommand, type ECRClient, type ImageDetail } from '@aws-sdk/client-ecr';
import { describeThrown, formatDuration, grantOf, isAccessDenied, isNamed, pause, PollFailures, type Clock, type Log } from '@tandem/kit';

// ECR's archival storage class. An archived image cannot be pulled ("Requests to pull the
// archived image will fail with a 404", ECR User Guide): a rollout of it stops every task at the
// pull until the circuit breaker gives up, and a registry look-up does not find it. Lifecycle
// policies archive the old images a team rolls back to, or re-runs an old commit's workflow for.
// Such an image is found here and restored, rather than called gone or built again.

/** An image in ECR's archival storage class, or on its way back (ACTIVATING). */
export interface ArchivedImage {
  region: string;
  registryId?: string;
  repositoryName: string;
  digest: string;
  status: 'ARCHIVED' | 'ACTIVATING';
  archivedAt?: Date;
}

/** Where an image is looked for: one repository of one registry, in one region. */
export interface EcrRepository {
  region: string;
  registryId?: string;
  repositoryName: string;
}

const NOT_ACTIVE = new Set(['ARCHIVED', 'ACTIVATING']);

/** The archived image a DescribeImages detail describes, or undefined when ECR serves it (ACTIVE). */
export function archivedFrom(where: EcrRepository, detail: ImageDetail): ArchivedImage | undefined {
  if (!NOT_ACTIVE.has(detail.imageStatus ?? '')) return undefined;
  const status = detail.imageStatus as ArchivedImage['status'];
  return { ...where, digest: detail.imageDigest ?? '', status, ...(detail.lastArchivedAt ? { archivedAt: detail.lastArchivedAt } : {}) };
}

/**
 * The image an id names among those ECR does not list by default. DescribeImages answers ACTIVE
 * images only unless its filter asks for others, and the API Reference does not say whether a
 * look-up by imageIds is filtered too; this reads the repository's images of every status page by
 * page, for a caller that did not find the image as ACTIVE.
 */
export async function findArchived(ecr: ECRClient, where: EcrRepository, id: { imageDigest?: string; imageTag?: string }): Promise<ArchivedImage | undefined> {
  const input = { registryId: where.registryId, repositoryName: where.repositoryName, filter: { imageStatus: 'ANY' as const }, maxResults: 1000 };
  for await (const page of paginateDescribeImages({ client: ecr }, input)) {
    const held = (page.imageDetails ?? []).find((detail) => (id.imageDigest ? detail.imageDigest === id.imageDigest : detail.imageTags?.includes(id.imageTag ?? '')));
    if (held) return archivedFrom(where, held);
  }
  return undefined;
}

/** "You can expect ECR to restore the image within 20 minutes" (ECR User Guide, archival storage). */
export const RESTORE_WITHIN = '20 minutes';

/** How long a deploy waits for ECR to restore its images: ECR's 20 minutes, and a margin. */
export const RESTORE_WAIT_MS = 30 * 60_000;

/** A restore that cannot be started: the message says what to grant, or how to restore by hand. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export interface RestoreContext {
  /** The ECR client of a region. */
  ecr(region: string): ECRClient;
  clock: Clock;
  log: Log;
  pollMs: number;
  /** When waiting stops. */
  deadline: number;
  signal?: AbortSignal;
}

/** The AWS CLI command that restores an archived image by hand, for a message. */
export function restoreCommand(where: { region?: string; registryId?: string; repositoryName: string }, id: { imageDigest?: string; imageTag?: string }): string {
  const region = where.region ? ` --region ${where.region}` : '';
  const registry = where.registryId ? ` --registry-id ${where.registryId}` : '';
  const image = id.imageDigest ? `imageDigest=${id.imageDigest}` : `imageTag=${id.imageTag}`;
  return `aws ecr update-image-storage-class${region}${registry} --repository-name ${where.repositoryName} --image-id ${image} --target-storage-class STANDARD`;
}

/**
 * Restores each archived image to ECR's standard storage class (one already ACTIVATING is left to
 * finish) and waits until ECR serves every one of them. Throws RestoreRefused when a restore
 * cannot start, and an Error when the deadline or the signal ends the wait; the restores started
 * go on in ECR either way.
 */
export async function restoreImages(context: RestoreContext, images: readonly ArchivedImage[]): Promise<void> {
  const { clock, log } = context;
  const started = clock.now();
  for (const image of images) {
    if (image.status === 'ARCHIVED') await startRestore(context, image);
    log.info(`restoring ${image.repositoryName}@${image.digest} from ECR's archive: ECR takes up to ${RESTORE_WITHIN}, and ECS cannot pull it until then`);
  }
  let pending = [...images];
  // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
  const failures = new PollFailures({ clock, log, deadline: context.deadline, signal: context.signal }, () => `the restore of ${names(pending)} goes on in ECR`);
  for (;;) {
    let served: boolean[];
    try {
      served = await Promise.all(pending.map((image) => isServed(context, image)));
    } catch (error) {
      if (failures.failed(error)) throw new Error(`ECR was not seen to restore ${names(pending)} from its archive within ${formatDuration(clock.now() - started)}: ${failures.reason()}; the restore goes on: run again once it has`, { cause: error });
      await pause(clock, Math.min(context.pollMs, Math.max(0, context.deadline - clock.now())), context.signal);
      continue;
    }
    failures.answered();
    pending = pending.filter((_, index) => !served[index]);
    if (pending.length === 0) break;
    const left = context.deadline - clock.now();
    if (context.signal?.aborted) throw new Error(`the workflow was cancelled while ECR restored ${names(pending)} (the restore goes on in ECR)`);
    if (left <= 0) {
      throw new Error(
        `ECR has not restored ${names(pending)} from its archive after ${formatDuration(clock.now() - started)} (it takes up to ${RESTORE_WITHIN}, and goes on): run again once it has`,
      );
    }
    await pause(clock, Math.min(context.pollMs, left), context.signal);
  }
  log.info(`restored from ECR's archive in ${formatDuration(clock.now() - started)}: ${names(images)}`);
}

async function startRestore(context: RestoreContext, image: ArchivedImage): Promise<void> {
  const { signal } = context;
  const ecr = context.ecr(image.region);
  try {
    await ecr.send(
      new UpdateImageStorageClassCommand({ registryId: image.registryId, repositoryName: image.repositoryName, imageId: { imageDigest: image.digest }, targetStorageClass: 'STANDARD' }),
      { abortSignal: signal },
    );
  } catch (error) {
    // Restored meanwhile (by hand, or by a push of the same image): nothing left to start.
    if (isNamed(error, 'ImageStorageClassUpdateNotSupportedException')) return;
    const how = `restore it yourself (${restoreCommand(image, { imageDigest: image.digest })}; ECR takes up to ${RESTORE_WITHIN}) and run again`;
    const refused = isAccessDenied(error);
    // describeThrown names the call and, when IAM refused it, the grant it needs.
    const grant = refused && !grantOf(error) ? ': grant ecr:UpdateImageStorageClass on the repository' : '';
    const way = refused ? `; with that grant the deploy restores it, or ${how}` : `; ${how}`;
    throw new RestoreRefused(`${image.repositoryName}@${image.digest} is archived in ECR, where ECS cannot pull it, and restoring it ${refused ? 'was refused' : 'failed'}: ${describeThrown(error).message}${grant}${way}`);
  }
}

/** Whether ECR serves the image again: listed as ACTIVE (a look-up by id may not list it while it is not). */
async function isServed({ ecr, signal }: RestoreContext, image: ArchivedImage): Promise<boolean> {
  try {
    const answer = await ecr(image.region).send(
      new DescribeImagesCommand({ registryId: image.registryId, repositoryName: image.repositoryName, imageIds: [{ imageDigest: image.digest }] }),
      { abortSignal: signal },
    );
    const status = answer.imageDetails?.[0]?.imageStatus;
    return answer.imageDetails?.length === 1 && (status === undefined || status === 'ACTIVE');
  } catch (error) {
    if (isNamed(error, 'ImageNotFoundException')) return false;
    throw error;
  }
}

const names = (images: readonly ArchivedImage[]) => images.map((image) => `${image.repositoryName}@${image.digest}`).join(', ');
