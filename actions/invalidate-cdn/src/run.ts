import { createHash } from 'node:crypto';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import {
  describeDistribution,
  explainRefusal,
  InvalidationTimeout,
  planInvalidation,
  readInFlight,
  realTiming,
  roomLeft,
  submitInvalidations,
  waitForInvalidations,
  type CloudFront,
  type InvalidationPlan,
  type Submitted,
  type Timing,
} from '@tandem/cdn';
import { formatDuration, makeClient, runnerLog, setOutputs, type ActionContext, type AwsSettings, type Log } from '@tandem/kit';
import type { Inputs } from './inputs.js';
import { describePlan, summarize, type Outcome } from './report.js';

export interface Deps {
  cloudfront(settings: AwsSettings): CloudFront;
  timing: Timing;
  log: Log;
  env: NodeJS.ProcessEnv;
  /** Time between GetInvalidation polls while waiting. */
  pollMs: number;
}

export function defaultDeps(): Deps {
  return {
    cloudfront: (settings) => makeClient(CloudFrontClient, settings, 'invalidate-cdn'),
    timing: realTiming,
    log: runnerLog,
    env: process.env,
    pollMs: 15_000,
  };
}

const ONE_HOUR = 3_600_000;

/** Stable for one step of one run attempt, so CloudFront treats a retried request as the same one. */
export function runReference(env: NodeJS.ProcessEnv, now: number): string {
  const step = createHash('sha256').update(`${env.GITHUB_JOB ?? ''}/${env.GITHUB_ACTION ?? ''}`).digest('hex').slice(0, 8);
  return env.GITHUB_RUN_ID ? `tandem-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${step}` : `tandem-local-${now}-${step}`;
}

export async function run(inputs: Inputs, deps: Deps, context?: ActionContext): Promise<Outcome> {
  try {
    return await invalidate(inputs, deps, context);
  } catch (error) {
    throw explainRefusal(error, inputs['distribution-id']);
  }
}

async function invalidate(inputs: Inputs, deps: Deps, context?: ActionContext): Promise<Outcome> {
  const { log } = deps;
  const distributionId = inputs['distribution-id'];
  if (inputs.wait && inputs['wait-timeout'] > ONE_HOUR) {
    log.warning(
      `wait-timeout is ${formatDuration(inputs['wait-timeout'])}, longer than the 1-hour session an OIDC role gets by default: ` +
        'the credentials may expire before the invalidation completes. Raise role-duration-seconds in aws-actions/configure-aws-credentials (and the role\'s maximum session duration) to cover it.',
    );
  }
  const client = deps.cloudfront(inputs.aws);
  const distribution = await describeDistribution(client, distributionId);
  const plan = planInvalidation({
    keys: inputs['changed-keys'],
    paths: inputs.paths,
    prefix: inputs.prefix,
    indexDocument: inputs['index-document'],
    immutable: inputs.immutable,
    maxPaths: inputs['max-paths'],
  });
  describePlan(plan, inputs, log);

  const outcome: Outcome = { distribution, plan, status: 'skipped', invalidations: [] };
  try {
    if (plan.paths.length === 0) {
      log.info(`Nothing changed that ${distributionId} serves: no invalidation created`);
    } else if (inputs['dry-run']) {
      outcome.status = 'dry-run';
      outcome.room = roomLeft(await readInFlight(client, distributionId));
      log.info(`Dry run: would invalidate ${plan.paths.length} path(s) on ${distributionId}; room in flight now: ${outcome.room.files} file paths, ${outcome.room.wildcards} wildcard paths. Nothing was created.`);
    } else {
      await submitAndWait(inputs, deps, client, outcome, context?.signal);
    }
  } finally {
    setOutputs({
      'invalidation-id': outcome.invalidations.map((item) => item.id).join(','),
      paths: plan.paths,
      status: outcome.status,
    });
    await summarize(outcome);
  }
  return outcome;
}

async function submitAndWait(inputs: Inputs, deps: Deps, client: CloudFront, outcome: Outcome, signal?: AbortSignal): Promise<void> {
  const { timing, log } = deps;
  const distributionId = inputs['distribution-id'];
  try {
    await submitInvalidations({
      client,
      distributionId,
      paths: outcome.plan.paths,
      reference: runReference(deps.env, timing.now()),
      deadline: timing.now() + inputs['submit-timeout'],
      timing,
      log,
      signal,
      submitted: outcome.invalidations,
    });
  } finally {
    // Some created and the rest refused still leaves those to wait for; none created is a failure.
    outcome.status = outcome.invalidations.length > 0 ? 'submitted' : 'failed';
  }
  if (!inputs.wait) return;
  outcome.status = 'in-progress';
  try {
    outcome.waitedMs = await waitForInvalidations({
      client,
      distributionId,
      ids: outcome.invalidations.map((item) => item.id),
      timeoutMs: inputs['wait-timeout'],
      pollMs: deps.pollMs,
      timing,
      log,
      signal,
    });
    outcome.status = 'completed';
  } catch (error) {
    if (error instanceof InvalidationTimeout) outcome.waitedMs = inputs['wait-timeout'];
    throw error;
  }
}

export type { InvalidationPlan, Submitted };
