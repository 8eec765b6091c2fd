import { getOctokit } from '@actions/github';
import type { Log } from '@tandem/kit';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error';

/** A GitHub deployment for the environment, and its statuses as the rollout goes. */
export interface DeploymentRecord {
  status(state: DeploymentState, description: string): Promise<void>;
}

export interface GitHubSettings {
  token: string;
  environment: string;
  environmentUrl: string;
  release: string;
  /** Marks the deployment as a rollback in its description. */
  rollback: boolean;
}

/**
 * Creates the deployment (ref = the commit, no required contexts: the workflow already gated it)
 * and returns a recorder for its statuses. A GitHub API failure is a warning: it never fails or
 * stops the AWS deploy.
 */
export async function recordDeployment(settings: GitHubSettings, log: Log, env: NodeJS.ProcessEnv = process.env): Promise<DeploymentRecord | undefined> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const octokit = getOctokit(settings.token, { baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com' });
  const logUrl = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  let id: number;
  try {
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: env.GITHUB_SHA ?? settings.release,
      environment: settings.environment,
      auto_merge: false,
      required_contexts: [],
      description: `${settings.rollback ? 'rollback to' : 'release'} ${settings.release}`.slice(0, 140),
      payload: { release: settings.release },
    });
    if (!('id' in created.data)) throw new Error(`GitHub did not create the deployment: ${JSON.stringify(created.data)}`);
    id = created.data.id;
  } catch (error) {
    log.warning(`could not create a GitHub deployment for ${settings.environment}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  return {
    async status(state, description) {
      try {
        await octokit.rest.repos.createDeploymentStatus({
          owner,
          repo,
          deployment_id: id,
          state,
          description: description.slice(0, 140),
          log_url: logUrl,
          ...(settings.environmentUrl ? { environment_url: settings.environmentUrl } : {}),
          auto_inactive: state === 'success',
        });
      } catch (error) {
        log.warning(`could not set the GitHub deployment ${id} to ${state}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
