import type { Plan, Recorded, SiteFile } from './plan.js';

/**
 * Whether a deploy must write its manifest before its first upload. The site owns only what a
 * manifest lists, so a file going up under a name no kept release recorded must be named first:
 * the uploads of a run killed half-way are then pruned with its window, never left as foreign.
 * A file that replaces a name a kept release recorded is covered by that release's manifest, and
 * the manifest written before the pointer moves is then the run's only one: a redeploy that
 * changes existing files writes its record once.
 */
export function recordBeforeUploads(plan: Pick<Plan, 'uploads'>, recorded: Recorded, toStore: readonly SiteFile[] = []): boolean {
  return toStore.length > 0 || plan.uploads.some((upload) => !recorded.has(upload.file.name));
}
