import { ConfigurationError } from '@tandem/kit';
import type { Clients } from './clients.js';
import { listRevisions, revisionOf } from './releases.js';
import { RELEASE_TAG, SERVED_TAG, tagValue } from './render.js';
import { describeService, describeTaskDefinition } from './service.js';

export interface ServedRevision {
  taskDefinitionArn: string;
  revision: number;
}

/**
 * Whether a release served in a service: a revision of the service's family tagged
 * RELEASE_TAG=release that carries SERVED_TAG (set once its rollout completed). A revision that
 * was only registered, or whose rollout failed, never served. Refuses, naming the input, otherwise.
 */
export async function servedRevision(clients: Pick<Clients, 'ecs'>, where: { cluster: string; service: string }, release: string, input: string): Promise<ServedRevision> {
  const service = await describeService(clients, where.cluster, where.service, input).catch((error: unknown) => {
    if (error instanceof ConfigurationError) throw new ConfigurationError(error.message, input);
    throw error;
  });
  const family = service.taskDefinition ? (await describeTaskDefinition(clients, service.taskDefinition)).taskDefinition.family : undefined;
  if (!family) throw new ConfigurationError(`service '${where.service}' runs no task definition, so no release served there`, input);
  const arns = await listRevisions(clients, family);
  let registered = 0;
  for (const arn of arns) {
    const { tags } = await describeTaskDefinition(clients, arn);
    if (tagValue(tags, RELEASE_TAG) !== release) continue;
    if (tagValue(tags, SERVED_TAG) !== undefined) return { taskDefinitionArn: arn, revision: revisionOf(arn) };
    registered += 1;
  }
  const why = registered > 0
    ? `${registered} revision(s) of ${family} carry ${RELEASE_TAG}=${release}, but none ${SERVED_TAG}: its rollout never completed there`
    : `no ACTIVE revision of ${family} (of ${arns.length}) carries ${RELEASE_TAG}=${release}`;
  throw new ConfigurationError(`release ${release} never served in ${where.cluster}/${where.service}: ${why}. Promote a release that served in the source environment`, input);
}
