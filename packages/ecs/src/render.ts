import { ConfigurationError } from '@tandem/kit';
import type { ContainerDefinition, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { registerable } from './registerable.js';

export const RELEASE_TAG = 'tandem-deploy:release';
export const COMMIT_TAG = 'tandem-deploy:commit';
/** Set once a revision has served: a completed rollout. `previous` means the last such revision. */
export const SERVED_TAG = 'tandem-deploy:served';
/** The environment a promoted release came from (rolling-deploy-behind-elb's promoted-from). */
export const PROMOTED_FROM_TAG = 'tandem-deploy:promoted-from';

export interface Release {
  id: string;
  commit: string;
  /** The source environment of a promoted release, e.g. staging. */
  promotedFrom?: string;
}

export interface RenderedTaskDefinition {
  /** RegisterTaskDefinition's input. */
  input: Record<string, unknown> & { family: string; containerDefinitions: ContainerDefinition[] };
  /** Keys of the described task definition that RegisterTaskDefinition would reject. */
  dropped: string[];
}

/**
 * The next revision of what the service runs now: the same definition with each named
 * container's image replaced, the release tags set, and only the keys RegisterTaskDefinition
 * accepts. Pure: the described task definition and its tags in, the request out.
 */
export function renderTaskDefinition(current: TaskDefinition, currentTags: Tag[], images: ReadonlyMap<string, string>, release: Release): RenderedTaskDefinition {
  const names = (current.containerDefinitions ?? []).map((container) => container.name);
  for (const name of images.keys()) {
    if (!names.includes(name)) {
      throw new ConfigurationError(`the task definition ${current.family}:${current.revision} has no container '${name}' (it has ${names.join(', ')})`, 'container-images');
    }
  }
  const containerDefinitions = (current.containerDefinitions ?? []).map((container) =>
    images.has(container.name ?? '') ? { ...container, image: images.get(container.name ?? '') } : container,
  );
  const tags: Tag[] = [...currentTags.filter((tag) => !OURS.has(tag.key ?? '')), ...releaseTags(release)];
  const { input, dropped } = registerable({ ...(current as Record<string, unknown>), containerDefinitions, tags });
  return { input: input as RenderedTaskDefinition['input'], dropped };
}

/** The tags this suite owns on a revision: a new revision sets them afresh, never inherits them. */
export const OURS = new Set([RELEASE_TAG, COMMIT_TAG, SERVED_TAG, PROMOTED_FROM_TAG]);

/** The tags a new revision of a release carries. */
export function releaseTags(release: Release): Tag[] {
  return [
    { key: RELEASE_TAG, value: release.id },
    { key: COMMIT_TAG, value: release.commit },
    ...(release.promotedFrom ? [{ key: PROMOTED_FROM_TAG, value: release.promotedFrom }] : []),
  ];
}

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.key === key)?.value;
}
