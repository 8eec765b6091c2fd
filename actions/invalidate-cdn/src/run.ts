import { createHash } from 'node:crypto';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import {
  describeDistribution,
  explainRefusal,
  keyPrefixFor,
  InvalidationTimeout,
  planInvalidation,
  readInFlight,
  roomLeft,
  submitInvalidations,
  waitForInvalidations,
  type CloudFront,
  type InvalidationPlan,
  type Submitted,
  type Timing,
} from '@tandem/cdn';
import { failedWith, formatDuration, makeClient, type ActionContext, type AwsSettings } from '@tandem/kit';
import { ACTION, type Inputs } from './inputs.js';
import { describePlan, type Outcome } from './report.js';

// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.
export { report } from './report.js';

export interface Deps {
  cloudfront(settings: AwsSettings): CloudFront;
  /** A number in [0, 1), for the backoff's jitter. */
  random(): number;
  env: NodeJS.ProcessEnv;
  /** Time between GetInvalidation polls while waiting. */
  pollMs: number;
}

export function defaultDeps(): Deps {
  return {
    cloudfront: (settings) => makeClient(CloudFrontClient, settings, ACTION),
    random: Math.random,
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

export async function run(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Outcome> {
  try {
    return await invalidate(inputs, deps, context);
  } catch (error) {
    throw explainRefusal(error, inputs.distributionId);
  }
}

async function invalidate(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Outcome> {
  const { log } = context;
  const distributionId = inputs.distributionId;
  if (inputs.wait && inputs.waitTimeout > ONE_HOUR) {
    log.warning(
      `wait-timeout is ${formatDuration(inputs.waitTimeout)}, longer than the 1-hour session an OIDC role gets by default: ` +
        'the credentials may expire before the invalidation completes. Raise role-duration-seconds in aws-actions/configure-aws-credentials (and the role\'s maximum session duration) to cover it.',
    );
  }
  const client = deps.cloudfront(inputs.aws);
  const distribution = await describeDistribution(client, distributionId);
  const { prefix, info, warning } = keyPrefixFor(inputs.prefix, distribution.siteOrigin);
  if (info) log.info(info);
  if (warning && inputs.changedKeys.length > 0) log.warning(warning);
  const plan = planInvalidation({
    keys: inputs.changedKeys,
    paths: inputs.paths,
    prefix,
    indexDocument: inputs.indexDocument,
    immutable: inputs.immutable,
    maxPaths: inputs.maxPaths,
  });
  describePlan(plan, { ...inputs, prefix }, log);

  const outcome: Outcome = { distribution, plan, status: 'skipped', invalidations: [] };
  try {
    if (plan.paths.length === 0) {
      log.info(`Nothing changed that ${distributionId} serves: no invalidation created`);
    } else if (inputs.dryRun) {
      outcome.status = 'dry-run';
      outcome.room = roomLeft(await readInFlight(client, distributionId));
      log.info(`Dry run: would invalidate ${plan.paths.length} path(s) on ${distributionId}; room in flight now: ${outcome.room.files} file paths, ${outcome.room.wildcards} wildcard paths. Nothing was created.`);
    } else {
      await submitAndWait(inputs, deps, client, outcome, context);
    }
  } catch (error) {
    // What was created before the failure is still reported: its ids are the next step's to wait on.
    throw failedWith(explainRefusal(error, distributionId), outcome);
  }
  return outcome;
}

async function submitAndWait(inputs: Inputs, deps: Deps, client: CloudFront, outcome: Outcome, context: ActionContext): Promise<void> {
  const { log, clock, signal } = context;
  const timing: Timing = { now: () => clock.now(), sleep: (ms, own) => clock.sleep(ms, own), random: () => deps.random() };
  const distributionId = inputs.distributionId;
  try {
    await submitInvalidations({
      client,
      distributionId,
      paths: outcome.plan.paths,
      reference: runReference(deps.env, timing.now()),
      deadline: timing.now() + inputs.submitTimeout,
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
      timeoutMs: inputs.waitTimeout,
      pollMs: deps.pollMs,
      timing,
      log,
      signal,
    });
    outcome.status = 'completed';
  } catch (error) {
    if (error instanceof InvalidationTimeout) outcome.waitedMs = inputs.waitTimeout;
    throw error;
  }
}

export type { InvalidationPlan, Submitted };
