// Which tags an image gets. By default one: the commit it was built from, so a rerun or a
// rollback to that commit finds it again by name.

export interface CommitContext {
  eventName: string;
  sha: string;
  /** The event payload (GITHUB_EVENT_PATH). */
  payload: { pull_request?: { head?: { sha?: string } } };
}

/**
 * The commit the image stands for. On pull requests GITHUB_SHA is a merge commit that exists
 * only on GitHub's side; the head commit is what the author pushed and what a deploy names.
 */
export function commitOf(context: CommitContext): string {
  const head = context.payload.pull_request?.head?.sha;
  if (context.eventName.startsWith('pull_request') && head) return head;
  return context.sha;
}

/** The tags to push: the given ones, or the commit SHA. The first tag is the one reruns look for. */
export function imageTags(given: string[], context: CommitContext): string[] {
  const tags = given.length > 0 ? given : [commitOf(context)];
  return [...new Set(tags)];
}

// A short SHA is at least 7 hex digits (git's default abbreviation, docker/metadata-action's sha tag).
const SHORTEST_SHA = 7;

/**
 * Whether a tag names this commit: the full SHA, or a tag holding the SHA or an abbreviation of
 * it (`sha-1a2b3c4`, `main-1a2b3c4d`) as a run of hex digits of its own. Only such a tag is
 * reused without a build: a moving tag such as `latest` or `main` may hold any earlier image.
 */
export function namesCommit(tag: string, sha: string): boolean {
  const commit = sha.toLowerCase();
  if (!/^[0-9a-f]{7,64}$/.test(commit)) return false;
  const runs = tag.toLowerCase().match(/[0-9a-f]+/g) ?? [];
  return runs.some((run) => run.length >= SHORTEST_SHA && commit.startsWith(run));
}
