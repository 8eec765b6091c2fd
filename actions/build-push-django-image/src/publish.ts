import { group, type Log } from '@tandem/kit';
import { compareTag, isImmutableTagRefusal, pushedDigest, tail, type Docker, type RegistryClient, type TagState } from '@tandem/image';

export interface Published {
  digest: string;
  /** Tags that already held this very image and were not pushed again. */
  alreadyThere: string[];
}

export class ImmutableTagConflict extends Error {
  override name = 'ImmutableTagConflict';
}

function conflictMessage(repository: string, state: TagState & { state: 'different' }, imageId: string): string {
  return (
    `tag '${state.tag}' in ${repository} is immutable and already holds another image (${state.digest}), ` +
    `not the one just built (image ${imageId}). Nothing was overwritten. Build a new commit, or push under another tag.`
  );
}

/**
 * Pushes every tag. A tag that already holds the same image (same config digest) is left alone;
 * one that holds another image in an immutable repository fails before anything is pushed.
 */
export async function publish(
  docker: Docker,
  registry: RegistryClient,
  target: { repository: string; names: Map<string, string>; imageId: string; immutable: boolean },
  log: Log,
  signal?: AbortSignal,
): Promise<Published> {
  const states = await Promise.all([...target.names.keys()].map(async (tag) => compareTag(tag, await registry.image(target.repository, tag), target.imageId)));
  if (target.immutable) {
    const clash = states.find((state): state is TagState & { state: 'different' } => state.state === 'different');
    if (clash) throw new ImmutableTagConflict(conflictMessage(target.repository, clash, target.imageId));
  }
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
        const now = compareTag(state.tag, await registry.image(target.repository, state.tag), target.imageId);
        if (now.state === 'same') {
          digests.set(state.tag, now.digest);
          continue;
        }
        if (now.state === 'different') throw new ImmutableTagConflict(conflictMessage(target.repository, now, target.imageId));
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
