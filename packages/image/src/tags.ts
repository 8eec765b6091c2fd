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
