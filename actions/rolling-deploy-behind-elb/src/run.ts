import { ECSClient } from '@aws-sdk/client-ecs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, deployLockKeys, describeThrown, failedWith, makeClient, takeDeployLock, type ActionContext, type LockTiming, type Log } from '@tandem/kit';
import { breakerOn, checkInstances, deploymentConfiguration, healthChecked, readRelease, runSmokeCheck, servingDecision, type Clients, type ReleaseFacts } from '@tandem/ecs';
import { RESTORE_WAIT_MS, restoreImages, RestoreRefused } from '@tandem/image';
import { ACTION, type Inputs } from './inputs.js';
import { busyMessage, dryRunSteps, imageRefusal, makePlan, type Plan } from './plan.js';
import { recordDeployment, type DeploymentRecord, type GitHubSettings } from './github.js';
import { type Outcome } from './report.js';
import { rollOutRelease, type RolloutContext } from './rollout.js';
import { markServed, migrateOnce, registerRevisions } from './apply.js';
import { recover } from './recover.js';
import { announceFile } from './from-file.js';

// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.
export { report } from './report.js';

export interface Deps {
  clients: Clients;
  credentialsExpireAt(): Promise<number | undefined>;
  github(settings: GitHubSettings, log: Log): Promise<DeploymentRecord | undefined>;
  /** S3 for the deploy lock: only with lock-bucket. */
  s3?: S3Client;
  /** The deploy lock's TTL and heartbeat; the defaults unless a test shortens them. */
  lockTiming?: LockTiming;
}

/** Throws unless this run still holds the deploy lock (always passes without one). */
type AssertHeld = (before: string) => Promise<void>;

export function defaultDeps(inputs: Inputs): Deps {
  const ecs = makeClient(ECSClient, inputs.aws, ACTION);
  const ecr = new Map<string, ECRClient>();
  const clients: Clients = {
    ecs,
    elb: makeClient(ElasticLoadBalancingV2Client, inputs.aws, ACTION),
    logs: makeClient(CloudWatchLogsClient, inputs.aws, ACTION),
    ecr: (region) => ecr.get(region) ?? ecr.set(region, makeClient(ECRClient, { ...inputs.aws, region }, ACTION)).get(region)!,
  };
  return {
    clients,
    credentialsExpireAt: async () => (await ecs.config.credentials()).expiration?.getTime(),
    github: recordDeployment,
    s3: inputs.lockBucket ? makeClient(S3Client, inputs.aws, ACTION) : undefined,
  };
}

/**
 * Takes the service's deploy lock (with lock-bucket; a dry run takes none), deploys, and releases
 * the lock whatever happens, cancellation included.
 */
export async function run(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Outcome> {
  const started = context.clock.now();
  if (inputs.dryRun || !inputs.lockBucket) return deploy(inputs, deps, context, started);
  if (!deps.s3) throw new Error('lock-bucket is set but no S3 client was given');
  const lock = await takeDeployLock(deps.s3, {
    bucket: inputs.lockBucket, key: deployLockKeys.service(inputs.cluster, inputs.service), action: ACTION, env: process.env, region: inputs.aws.region, optional: true,
    waitMs: inputs.lockWaitMs, pollMs: Math.min(inputs.pollMs, 5000), signal: context.signal, inputs: { bucket: 'lock-bucket', wait: 'lock-wait' }, timing: deps.lockTiming,
  }, context.log);
  try {
    return await deploy(inputs, deps, context, started, context.clock.now(), (before) => lock.assertHeld(before));
  } finally {
    await lock.release();
  }
}

/** Reads, decides, then applies; reports in every case; throws unless completed. */
async function deploy(inputs: Inputs, deps: Deps, context: ActionContext, started: number, lockedAt?: number, assertHeld: AssertHeld = async () => undefined): Promise<Outcome> {
  const { clock, log } = context;
  // wait-timeout counts from here: time spent waiting for the lock is not the rollout's.
  const deadline = clock.now() + inputs.waitTimeoutMs;
  const plan = await readAndPlan(inputs, deps, context);
  plan.services.forEach((one) => one.dropped.length > 0 && log.debug(`${one.name}: not registerable, dropped: ${one.dropped.join(', ')}`));
  const outcome = { ...startOutcome(plan, started, lockedAt), ...(inputs.promotedFrom ? { promotedFrom: inputs.promotedFrom } : {}) };
  plan.imageChecks.forEach((check) => log.info(`image ${check.image}: ${check.detail}`));
  plan.warnings.forEach((warning) => log.warning(warning));
  outcome.diff = announceFile(inputs, plan, log);
  const busy = busyMessage(plan, inputs);
  if (inputs.dryRun) return finishDryRun(inputs, plan, outcome, busy, context);
  if (busy && !inputs.supersede) throw new ConfigurationError(`${busy}. Nothing was changed.`);
  if (busy) log.warning(`superseding: ${busy}`);
  if (context.signal.aborted) throw new Error('the workflow was cancelled before anything was changed');
  const ready = await restoreArchived(inputs, deps, context, plan, outcome);
  // wait-timeout is the migration's and the rollout's: a restore waits on a bound of its own before them.
  return apply(inputs, deps, context, ready, outcome, ready === plan ? deadline : clock.now() + inputs.waitTimeoutMs, assertHeld);
}

/** The read and decide steps: what runs now, the images checked, the plan and its platform checks. */
async function readAndPlan(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Plan> {
  const request = { cluster: inputs.cluster, services: inputs.services, rollbackTo: inputs.rollbackTo, images: [...inputs.images.values()] };
  const facts: ReleaseFacts = await readRelease(deps.clients, request, context.clock, deps.credentialsExpireAt);
  const plan = makePlan(inputs, facts);
  await checkInstancePlatforms(deps.clients, inputs, plan, context);
  return plan;
}

/**
 * Restores the images ECR holds in its archive (ECS cannot pull them), before anything in ECS
 * changes, then reads and decides again: what runs may have moved meanwhile, and a restored
 * image's platforms can be read only once ECR serves it.
 */
async function restoreArchived(inputs: Inputs, deps: Deps, context: ActionContext, plan: Plan, outcome: Outcome): Promise<Plan> {
  const archived = plan.imageChecks.flatMap((check) => (check.archived ? [check.archived] : []));
  if (archived.length === 0) return plan;
  const { clock, log, signal } = context;
  try {
    await restoreImages({ ecr: deps.clients.ecr, clock, log, pollMs: inputs.pollMs, deadline: clock.now() + RESTORE_WAIT_MS, signal }, archived);
  } catch (error) {
    if (error instanceof RestoreRefused) throw imageRefusal(inputs, [error.message]);
    throw new Error(`${describeThrown(error).message}. Nothing was changed in ECS.`, { cause: error });
  }
  outcome.timeline.push({ step: 'image restored', at: clock.now() });
  const again = await readAndPlan(inputs, deps, context);
  const restored = new Set(plan.imageChecks.filter((check) => check.archived).map((check) => check.image));
  for (const check of again.imageChecks) if (restored.has(check.image)) check.detail = `restored from ECR's archive, ${check.detail}`;
  again.imageChecks.forEach((check) => log.info(`image ${check.image}: ${check.detail}`));
  again.warnings.filter((warning) => !outcome.warnings.includes(warning)).forEach((warning) => log.warning(warning));
  const busy = busyMessage(again, inputs);
  if (busy && !inputs.supersede) throw new ConfigurationError(`${busy} (it started while ECR restored the image). Nothing was changed in ECS.`);
  Object.assign(outcome, {
    release: again.release,
    previousTaskDefinitionArn: again.services[0].previousArn,
    services: again.services.map((one) => ({ service: one.name, previousTaskDefinitionArn: one.previousArn })),
    imageChecks: again.imageChecks,
    warnings: [...new Set([...outcome.warnings, ...again.warnings])],
  });
  return again;
}

/** Where the container instances decide the platform: reads them, then refuses before any write or warns. */
async function checkInstancePlatforms(clients: Clients, inputs: Inputs, plan: Plan, { log, signal }: ActionContext): Promise<void> {
  const check = await checkInstances(clients, inputs.cluster, plan.placements, plan.builtFor, signal);
  check.notes.forEach((note) => log.info(note));
  if (check.problems.length > 0) throw imageRefusal(inputs, check.problems);
  plan.warnings.push(...check.warnings);
}

function startOutcome(plan: Plan, started: number, lockedAt?: number): Outcome {
  return {
    service: plan.services.map((one) => one.name).join(', '),
    reason: '',
    previousTaskDefinitionArn: plan.services[0].previousArn,
    release: plan.release,
    started,
    finished: started,
    timeline: lockedAt !== undefined ? [{ step: 'lock taken', at: lockedAt }] : [],
    imageChecks: plan.imageChecks,
    warnings: plan.warnings,
    services: plan.services.map((one) => ({ service: one.name, previousTaskDefinitionArn: one.previousArn })),
  };
}

/** Registers, migrates once, rolls every service out and watches them; rolls the release back when any fails. */
async function apply(inputs: Inputs, deps: Deps, context: ActionContext, plan: Plan, outcome: Outcome, deadline: number, assertHeld: AssertHeld): Promise<Outcome> {
  const { clients } = deps;
  const { clock, log } = context;
  const milestone = (step: string, at: number) => {
    if (!outcome.timeline.some((entry) => entry.step === step)) outcome.timeline.push({ step, at });
  };
  const fresh = plan.services.some((one) => !one.existing);
  if (fresh) await assertHeld(plan.services.length > 1 ? 'registering task definitions' : 'registering a task definition');
  const targets = await registerRevisions(clients, plan, log);
  const first = plan.services[0];
  const firstTarget = targets.get(first.name)!;
  outcome.taskDefinitionArn = firstTarget;
  outcome.services = outcome.services?.map((one) => ({ ...one, taskDefinitionArn: targets.get(one.service) }));
  milestone(first.existing ? `found ${firstTarget.split('/').pop()}` : 'registered', clock.now());
  const rollouts = plan.services.flatMap((one) => {
    const serving = servingDecision(one.running.service, targets.get(one.name)!);
    if (!serving.rollOut) return [];
    if (one.existing || plan.services.length > 1) log.info(`${plan.services.length > 1 ? `${one.name}: ` : ''}rolling out ${targets.get(one.name)!.split('/').pop()}: ${serving.reason}`);
    const configuration = deploymentConfiguration(one.running.service, inputs.circuitBreaker, inputs.onFailure === 'rollback');
    return [{
      service: one.name, targetArn: targets.get(one.name)!, previousArn: one.previousArn, configuration, forceNewDeployment: serving.forceNewDeployment,
      desiredCount: raisedCount(one.running.service.desiredCount ?? 0, inputs.minimumTasks),
      circuitBreaker: breakerOn(one.running.service, configuration), healthChecked: one.healthChecked, previousHealthChecked: healthChecked(one.running.taskDefinition),
      loadBalancers: one.running.service.loadBalancers ?? [],
      containers: one.rendered?.input.containerDefinitions ?? one.existing?.taskDefinition.containerDefinitions,
    }];
  });
  if (rollouts.length === 0) {
    const what = plan.services.length > 1 ? `every service already serves release ${plan.release}` : `${firstTarget} already serves release ${plan.release} (${servingDecision(first.running.service, firstTarget).reason})`;
    return finish(inputs, { ...outcome, status: 'completed', reason: `${what}: nothing to roll out` }, context);
  }
  const github = inputs.githubDeployment
    ? await deps.github({ token: inputs.githubToken, environment: inputs.environment, environmentUrl: inputs.environmentUrl, release: plan.release, rollback: !!inputs.rollbackTo }, log)
    : undefined;
  await github?.status('in_progress', `rolling out ${plan.release}`);
  const stillServes = plan.services.length > 1 ? 'every service still runs what it ran' : `${first.previousArn} still serves`;
  // A run that lost the lock stops here, failed, with nothing rolled out.
  const lostBefore = async (step: string) => {
    const lost = await assertHeld(step).then(() => undefined, (error: unknown) => error);
    if (!lost) return undefined;
    return finish(inputs, { ...outcome, status: 'failed', reason: `${describeThrown(lost).message} Nothing was rolled out: ${stillServes}.` }, context, github);
  };
  if (inputs.migrateCommand) {
    const stopped = await lostBefore('running the migration');
    if (stopped) return stopped;
    const migration = await migrateOnce({ clients, clock, log }, inputs, first, firstTarget, deadline, context.signal);
    if (!migration.ok) return finish(inputs, { ...outcome, status: 'failed', reason: `${migration.reason}. Nothing was rolled out: ${stillServes}.` }, context, github);
    milestone('migrated', clock.now());
  }
  if (context.signal.aborted) {
    return finish(inputs, { ...outcome, status: 'failed', reason: `the workflow was cancelled before the rollout. Nothing was rolled out: ${stillServes}.` }, context, github);
  }
  const stopped = await lostBefore('starting the rollout');
  if (stopped) return stopped;

  const rollout: RolloutContext = {
    clients, clock, log, cluster: inputs.cluster, pollMs: inputs.pollMs, waitLimit: inputs.waitTimeout, several: plan.services.length > 1,
    seenEvents: new Set(plan.services.flatMap((one) => (one.running.service.events ?? []).map((event) => event.id ?? ''))), signal: context.signal, milestone, assertHeld,
  };
  const release = await rollOutRelease(rollout, rollouts, deadline);
  outcome.deploymentId = release.deployments.get(first.name) ?? [...release.deployments.values()][0];
  outcome.services = outcome.services?.map((one) => ({ ...one, deploymentId: release.deployments.get(one.service) }));
  // Proven from the outside: a smoke check that fails rolls the release back like a failed rollout.
  if (!release.failed && inputs.smoke) {
    outcome.smoke = await runSmokeCheck(inputs.smoke, { clock, log, signal: context.signal });
    if (outcome.smoke.passed) milestone('smoke check passed', clock.now());
    else Object.assign(release, { failed: true, reason: outcome.smoke.reason });
  }
  if (!release.failed) {
    await markServed(clients, rollouts.map((one) => one.targetArn), clock.now(), log);
    return finish(inputs, { ...outcome, status: 'completed', reason: release.reason }, context, github);
  }
  log.warning(`rollout failed: ${release.reason}`);
  const recovered = await recover(rollout, inputs, release.reason, release.moved, rollouts);
  return finish(inputs, { ...outcome, ...recovered }, context, github);
}

async function finishDryRun(inputs: Inputs, plan: Plan, outcome: Outcome, busy: string | undefined, { clock, log }: ActionContext): Promise<Outcome> {
  const steps = dryRunSteps(inputs, plan, busy);
  const several = plan.services.length > 1;
  const diff = plan.services.flatMap((one) => (several ? [`${one.name}:`, ...one.diff.map((line) => `  ${line}`)] : one.diff));
  log.info(`dry run, nothing changed. Task definition changes:\n${diff.join('\n') || '(none)'}\nPlan:\n${steps.map((step) => `- ${step}`).join('\n')}`);
  return { ...outcome, dryRun: true, diff, plan: steps, reason: busy && !inputs.supersede ? `a deploy now would be refused: ${busy}` : 'a deploy now would go ahead', finished: clock.now() };
}

async function finish(inputs: Inputs, outcome: Outcome, { clock, log }: ActionContext, github?: DeploymentRecord): Promise<Outcome> {
  const done = { ...outcome, finished: clock.now() };
  if (done.status === 'completed') done.timeline.push({ step: 'completed', at: done.finished });
  await github?.status(done.status === 'completed' ? 'success' : 'failure', `${done.status}: ${done.reason}`);
  // Reported by the action's report, the failed outcome as well as the completed one.
  if (done.status !== 'completed') throw failedWith(new Error(`${done.status}: ${done.reason}`), done);
  log.info(`completed: ${done.reason}`);
  return done;
}

/**
 * minimum-tasks: a service that runs fewer tasks (0 before the first deploy, as a new stack makes
 * it) is raised to that many with the deployment; one that runs more (autoscaling) is left alone.
 */
export function raisedCount(desired: number, minimum: number): number | undefined {
  return minimum > desired ? minimum : undefined;
}
