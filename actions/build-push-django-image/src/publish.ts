import { group, type Log } from '@tandem/kit';
import { compareTag, mutabilityNote, isImmutableTagRefusal, localManifests, pushedDigest, restoreCommand, RESTORE_WITHIN, tagImmutable, tail, type Docker, type LocalImage, type RegistryClient, type RepositoryState, type TagState } from '@tandem/image';

export interface Published {
  digest: string;
  /** Tags that already held this very image and were not pushed again. */
  alreadyThere: string[];
}

export class ImmutableTagConflict extends Error {
  override name = 'ImmutableTagConflict';
}

function conflictMessage(repository: string, state: TagState & { state: 'different' }, imageId: string, note: string): string {
  return (
    `tag '${state.tag}' in ${repository} is immutable${note} and already holds another image (${state.digest}), ` +
    `not the one just built (image ${imageId}). Nothing was overwritten. Build a new commit, or push under another tag.`
  );
}

/**
 * ECR refused a tag as immutable that its registry serves no image under: an image in ECR's
 * archive holds it (a registry look-up does not find an archived image). Restored, it is served
 * again, and a re-run with skip-if-exists reuses it rather than building.
 */
function archivedTagMessage(target: { repository: string; region?: string }, tag: string): string {
  const restore = restoreCommand({ region: target.region, repositoryName: target.repository }, { imageTag: tag });
  return (
    `ECR refused tag '${tag}' in ${target.repository} as immutable, yet serves no image under it: an image in ECR's archive holds it ` +
    `(a lifecycle rule that moves images to the archive, or archived by hand). Nothing was overwritten. Restore that image (${restore}; ECR takes up to ${RESTORE_WITHIN}) ` +
    'and run again: with skip-if-exists a tag that names the commit is reused, not built again.'
  );
}

/**
 * Pushes every tag. A tag that already holds the same image (compareTag) is left alone;
 * one that holds another image in an immutable repository fails before anything is pushed.
 */
export async function publish(
  docker: Docker,
  registry: RegistryClient,
  target: { repository: string; region?: string; names: Map<string, string>; imageId: string; repositoryState: Pick<RepositoryState, 'mutability' | 'exclusionFilters'> },
  log: Log,
  signal?: AbortSignal,
): Promise<Published> {
  const local: LocalImage = { id: target.imageId };
  const inspected = new Set<string>();
  // The local image's manifests are read only for a tag holding an index that the image ID does not name.
  const compare = async (tag: string) => {
    const remote = await registry.tag(target.repository, tag);
    const platforms = (remote?.images ?? []).map((image) => image.platform).filter((platform) => !inspected.has(platform));
    if (platforms.length > 0 && compareTag(tag, remote, local).state === 'different') {
      for (const platform of platforms) inspected.add(platform);
      local.manifests = { ...local.manifests, ...(await localManifests(docker, target.names.get(tag) as string, platforms)) };
    }
    return compareTag(tag, remote, local);
  };
  const states: TagState[] = [];
  for (const tag of target.names.keys()) states.push(await compare(tag));
  // Every immutable tag is compared before the first push, so a clash on the last tag does not
  // leave the first ones moved.
  const note = mutabilityNote(target.repositoryState);
  const clash = states.find((state): state is TagState & { state: 'different' } => state.state === 'different' && tagImmutable(target.repositoryState, state.tag));
  if (clash) throw new ImmutableTagConflict(conflictMessage(target.repository, clash, target.imageId, note));
  const digests = new Map<string, string>();
  for (const state of states) {
    if (state.state === 'same') {
      log.info(`${target.repository}:${state.tag} already holds this image (${state.digest})`);
      digests.set(state.tag, state.digest);
      continue;
    }
    const name = target.names.get(state.tag) as string;
    const result = await group(`Push ${name}`, () => docker(['push', name], { onLine: (line) => log.info(line), signal }));
    if (result.code !== 0) {
      const output = `${result.stdout}\n${result.stderr}`;
      // Another job pushed the tag between our look and our push: compare again.
      if (isImmutableTagRefusal(output)) {
        const now = await compare(state.tag);
        if (now.state === 'same') {
          digests.set(state.tag, now.digest);
          continue;
        }
        if (now.state === 'different') throw new ImmutableTagConflict(conflictMessage(target.repository, now, target.imageId, note));
        if (now.state === 'absent') throw new ImmutableTagConflict(archivedTagMessage(target, state.tag));
      }
      throw new Error(`docker push ${name} failed (exit ${result.code}):\n${tail(result, 15)}`);
    }
    const digest = pushedDigest(result.stdout) ?? (await registry.image(target.repository, state.tag))?.digest;
    if (!digest) throw new Error(`pushed ${name}, but the registry does not show it`);
    digests.set(state.tag, digest);
  }
  const first = [...target.names.keys()][0];
  return { digest: digests.get(first) as string, alreadyThere: states.filter((s) => s.state === 'same').map((s) => s.tag) };
}
