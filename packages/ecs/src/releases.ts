import { paginateListTaskDefinitions, type Tag, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@tandem/kit';
import type { Clients } from './clients.js';
import { RELEASE_TAG, SERVED_TAG, tagValue } from './render.js';
import { describeTaskDefinition } from './service.js';

export function revisionOf(arn: string): number {
  return Number(/:(\d+)$/.exec(arn)?.[1] ?? 0);
}

/** The family's ACTIVE revisions, all of them, newest first. Sorted here: ListTaskDefinitions' sort is not relied on. */
export async function listRevisions(clients: Pick<Clients, 'ecs'>, family: string): Promise<string[]> {
  const arns: string[] = [];
  // Every page (ECS returns at most 100 a page): a release may be older than the newest 100 revisions.
  for await (const page of paginateListTaskDefinitions({ client: clients.ecs }, { familyPrefix: family, status: 'ACTIVE', sort: 'DESC' })) {
    arns.push(...(page.taskDefinitionArns ?? []));
  }
  return arns.filter((arn) => arn.split('/').pop()?.replace(/:\d+$/, '') === family).sort((a, b) => revisionOf(b) - revisionOf(a));
}

export interface FoundRelease {
  taskDefinition: TaskDefinition;
  tags: Tag[];
  release: string;
}

/**
 * The revision that served a release: `previous` is the newest revision older than the running
 * one that completed a rollout and carries another release; any other value is a release id.
 */
export async function findRelease(clients: Clients, running: TaskDefinition, runningTags: Tag[], wanted: string): Promise<FoundRelease> {
  const family = running.family ?? '';
  const runningArn = running.taskDefinitionArn ?? '';
  const currentRelease = tagValue(runningTags, RELEASE_TAG);
  const candidates = (await listRevisions(clients, family)).filter((arn) => wanted !== 'previous' || revisionOf(arn) < revisionOf(runningArn));
  for (const arn of candidates) {
    const { taskDefinition, tags } = await describeTaskDefinition(clients, arn);
    const release = tagValue(tags, RELEASE_TAG);
    if (!release) continue;
    if (wanted === 'previous' ? release !== currentRelease && tagValue(tags, SERVED_TAG) !== undefined : release === wanted) {
      return { taskDefinition, tags, release };
    }
  }
  const looked = `the ${candidates.length} ACTIVE revisions of ${family}${wanted === 'previous' ? ' older than the running one' : ''}`;
  if (wanted === 'previous') {
    throw new ConfigurationError(`no earlier release found in ${looked}: none carries ${RELEASE_TAG} and ${SERVED_TAG} with a release other than '${currentRelease ?? 'the running one'}'; name a release id instead`, 'rollback-to');
  }
  throw new ConfigurationError(`no revision tagged ${RELEASE_TAG}=${wanted} among ${looked} (deregistered revisions cannot be deployed again)`, 'rollback-to');
}
