/**
 * The longest session the deploy role grants, in seconds. The example workflows ask for sessions
 * as long as their deploy jobs may run (up to 90 minutes for a rollback that restores an archived
 * image first): a rollout or its rollback must not outlive the credentials that watch it, and IAM
 * allows one hour unless the role says more. test/workflows.test.ts holds the workflows to it.
 */
export const MAX_SESSION_SECONDS = 2 * 3600;
