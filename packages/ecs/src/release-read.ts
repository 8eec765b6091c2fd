import type { Clock } from '@tandem/kit';
import type { Clients } from './clients.js';
import { checkImage, type ImageCheck } from './images-check.js';
import type { TargetGroupFacts } from './preflight.js';
import { findRelease, type FoundRelease } from './releases.js';
import { describeServices, readRunningRelease, type RunningRelease } from './service.js';
import { targetGroupFacts } from './target-groups.js';

/** What one service of the release runs, and what the deploy needs to know about it. */
export interface ServiceFacts {
  name: string;
  running: RunningRelease;
  /** With rollback-to: the revision of this service's family that served that release. */
  found?: FoundRelease;
  targetGroups: TargetGroupFacts[];
}

/** Everything a deploy reads before it decides: the read step of read → decide → apply. */
export interface ReleaseFacts {
  services: ServiceFacts[];
  /** Each image the deploy would run, checked in ECR. */
  imageChecks: ImageCheck[];
  credentialsExpireAt?: number;
  now: number;
}

export interface ReleaseRequest {
  cluster: string;
  services: string[];
  /** A release id or `previous`; empty for a new image. */
  rollbackTo: string;
  /** The new images (empty for rollback-to: the found revisions name theirs). */
  images: string[];
}

/**
 * Reads every service of the release (in parallel) and, for rollback-to, the revision of each
 * that served the release. `previous` is resolved once, on the first service, so every service
 * returns to the same release.
 */
export async function readRelease(clients: Clients, request: ReleaseRequest, clock: Clock, credentialsExpireAt: () => Promise<number | undefined>): Promise<ReleaseFacts> {
  const input = request.services.length > 1 ? 'services' : 'service';
  // Nothing here waits for what it does not need: a new image is checked while the services are
  // read, and each service's target groups while its task definition is.
  const newImages = request.rollbackTo ? undefined : checkImages(clients, request.images);
  const expiresAt = credentialsExpireAt();
  // Awaited below; a failure before then must not be an unhandled rejection that ends the process.
  for (const early of [newImages, expiresAt]) early?.catch(() => undefined);
  // One DescribeServices reads up to 10 services, rather than one call a service.
  const described = await describeServices(clients, request.cluster, request.services);
  const read = await Promise.all(
    request.services.map(async (name, index) => {
      const service = described[index];
      const [running, targetGroups] = await Promise.all([readRunningRelease(clients, request.cluster, name, input, service), targetGroupFacts(clients, service)]);
      return { running, targetGroups };
    }),
  );
  const running = read.map((one) => one.running);
  const found: Array<FoundRelease | undefined> = running.map(() => undefined);
  if (request.rollbackTo) {
    found[0] = await findRelease(clients, running[0].taskDefinition, running[0].tags, request.rollbackTo);
    const release = found[0].release;
    const rest = await Promise.all(running.slice(1).map((one) => findRelease(clients, one.taskDefinition, one.tags, release)));
    rest.forEach((one, index) => (found[index + 1] = one));
  }
  const foundImages = found.flatMap((one) => (one?.taskDefinition.containerDefinitions ?? []).map((definition) => definition.image ?? '')).filter(Boolean);
  const [imageChecks, credentials] = await Promise.all([newImages ?? checkImages(clients, foundImages), expiresAt]);
  const targetGroups = read.map((one) => one.targetGroups);
  return {
    services: request.services.map((name, index) => ({ name, running: running[index], found: found[index], targetGroups: targetGroups[index] })),
    imageChecks,
    credentialsExpireAt: credentials,
    now: clock.now(),
  };
}

function checkImages(clients: Clients, images: string[]): Promise<ImageCheck[]> {
  return Promise.all([...new Set(images)].map((image) => checkImage(clients, image)));
}
