import { ECSClient, RegisterTaskDefinitionCommand, TagResourceCommand, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, deployLockKeys, describeThrown, failedWith, makeClient, runnerLog, takeDeployLock, type ActionContext, type LockTiming, type Log } from '@tandem/kit';
import { migrationTask, realClock, runMigration, SERVED_TAG, servingDecision, splitCommand, type Clients, type RolloutAssessment } from '@tandem/ecs';
import type { Inputs } from './inputs.js';
import { busyMessage, makePlan, migrationContainer, type Plan, type PlanDeps } from './plan.js';
import { recordDeployment, type DeploymentRecord, type GitHubSettings } from './github.js';
import { type Outcome } from './report.js';
import { deploymentConfiguration, startDeployment, waitForDeployment, type RolloutContext } from './rollout.js';
import { recover } from './recover.js';

export const ACTION = 'rolling-deploy-behind-elb';

export interface Deps extends PlanDeps {
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
    clock: realClock,
    log: runnerLog,
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
  const started = deps.clock.now();
  if (inputs.dryRun || !inputs.lockBucket) return deploy(inputs, deps, context, started);
  if (!deps.s3) throw new Error('lock-bucket is set but no S3 client was given');
  const lock = await takeDeployLock(deps.s3, {
    bucket: inputs.lockBucket, key: deployLockKeys.service(inputs.cluster, inputs.service), action: ACTION, env: process.env, region: inputs.aws.region, optional: true,
    waitMs: inputs.lockWaitMs, pollMs: Math.min(inputs.pollMs, 5000), signal: context.signal, inputs: { bucket: 'lock-bucket', wait: 'lock-wait' }, timing: deps.lockTiming,
  }, deps.log);
  try {
    return await deploy(inputs, deps, context, started, deps.clock.now(), (before) => lock.assertHeld(before));
  } finally {
    await lock.release();
  }
}

/** Reads, plans, registers, migrates, rolls out and waits; reports in every case; throws unless completed. */
async function deploy(inputs: Inputs, deps: Deps, context: ActionContext, started: number, lockedAt?: number, assertHeld: AssertHeld = async () => undefined): Promise<Outcome> {
  const { clients, clock, log } = deps;
  // wait-timeout counts from here: time spent waiting for the lock is not the rollout's.
  const from = clock.now();
  const plan = await makePlan(inputs, deps);
  const outcome: Outcome = {
    service: inputs.service,
    reason: '',
    previousTaskDefinitionArn: plan.previousArn,
    release: plan.release,
    started,
    finished: started,
    timeline: lockedAt !== undefined ? [{ step: 'lock taken', at: lockedAt }] : [],
    imageChecks: plan.imageChecks,
    warnings: plan.warnings,
  };
  plan.imageChecks.forEach((check) => log.info(`image ${check.image}: ${check.detail}`));
  plan.warnings.forEach((warning) => log.warning(warning));
  const busy = busyMessage(plan, inputs);
  if (inputs.dryRun) return finishDryRun(inputs, plan, outcome, busy, deps);
  if (busy && !inputs.supersede) throw new ConfigurationError(`${busy}. Nothing was changed.`);
  if (busy) log.warning(`superseding: ${busy}`);
  if (context.signal.aborted) throw new Error('the workflow was cancelled before anything was changed');

  const milestone = (step: string, at: number) => {
    if (!outcome.timeline.some((entry) => entry.step === step)) outcome.timeline.push({ step, at });
  };
  if (!plan.existing) await assertHeld('registering a task definition');
  const targetArn = plan.existing?.taskDefinition.taskDefinitionArn ?? (await register(clients, plan, log));
  outcome.taskDefinitionArn = targetArn;
  milestone(plan.existing ? `found ${targetArn.split('/').pop()}` : 'registered', clock.now());
  const serving = servingDecision(plan.running.service, targetArn);
  if (!serving.rollOut) {
    return finish(inputs, { ...outcome, status: 'completed', reason: `${targetArn} already serves release ${plan.release} (${serving.reason}): nothing to roll out` }, deps);
  }
  if (plan.existing) log.info(`rolling out ${targetArn.split('/').pop()}: ${serving.reason}`);
  const github = inputs.githubDeployment
    ? await deps.github({ token: inputs.githubToken, environment: inputs.environment, environmentUrl: inputs.environmentUrl, release: plan.release, rollback: !!inputs.rollbackTo }, log)
    : undefined;
  await github?.status('in_progress', `rolling out ${plan.release}`);

  // A run that lost the lock stops here, failed, with nothing rolled out.
  const lostBefore = async (step: string) => {
    const lost = await assertHeld(step).then(() => undefined, (error: unknown) => error);
    if (!lost) return undefined;
    return finish(inputs, { ...outcome, status: 'failed', reason: `${describeThrown(lost).message} Nothing was rolled out: ${plan.previousArn} still serves.` }, deps, github);
  };
  const deadline = from + inputs.waitTimeoutMs;
  if (inputs.migrateCommand) {
    const stopped = await lostBefore('running the migration');
    if (stopped) return stopped;
    const container = migrationContainer(plan);
    const migration = await runMigration({
      clients, clock, log, pollMs: inputs.pollMs, deadline, signal: context.signal, run: inputs.run,
      input: migrationTask(plan.running.service, inputs.cluster, targetArn, plan.container, splitCommand(inputs.migrateCommand)),
      container: container ?? { name: plan.container },
    });
    migration.logs.forEach((line) => log.info(`migrate | ${line}`));
    if (!migration.ok) {
      const failed: Outcome = { ...outcome, status: 'failed', reason: `${migration.reason}. Nothing was rolled out: ${plan.previousArn} still serves.` };
      return finish(inputs, failed, deps, github);
    }
    milestone('migrated', clock.now());
  }
  if (context.signal.aborted) {
    const cancelled: Outcome = { ...outcome, status: 'failed', reason: `the workflow was cancelled before the rollout. Nothing was rolled out: ${plan.previousArn} still serves.` };
    return finish(inputs, cancelled, deps, github);
  }

  const stopped = await lostBefore('starting the rollout');
  if (stopped) return stopped;

  const rollout: RolloutContext = {
    clients, clock, log, cluster: inputs.cluster, serviceName: inputs.service, pollMs: inputs.pollMs, waitLimit: inputs.waitTimeout,
    seenEvents: new Set((plan.running.service.events ?? []).map((event) => event.id ?? '')), signal: context.signal, milestone, assertHeld,
  };
  const configuration = deploymentConfiguration(plan.running.service, inputs.circuitBreaker, inputs.onFailure === 'rollback');
  const circuitBreaker = configuration?.deploymentCircuitBreaker?.enable ?? plan.running.service.deploymentConfiguration?.deploymentCircuitBreaker?.enable ?? false;
  let assessment: RolloutAssessment;
  try {
    outcome.deploymentId = await startDeployment(rollout, targetArn, configuration, serving.forceNewDeployment);
    milestone('rollout started', clock.now());
    assessment = await waitForDeployment(rollout, { id: outcome.deploymentId, taskDefinitionArn: targetArn, previousTaskDefinitionArn: plan.previousArn, circuitBreaker }, Math.max(0, deadline - clock.now()));
  } catch (error) {
    if (!outcome.deploymentId) throw error;
    assessment = { phase: 'failed', failed: true, reason: `the wait failed: ${describeThrown(error).message}` };
  }
  if (!assessment.failed) {
    await markServed(clients, targetArn, clock.now(), log);
    return finish(inputs, { ...outcome, status: 'completed', reason: assessment.reason }, deps, github);
  }
  log.warning(`rollout failed: ${assessment.reason}`);
  const recovered = await recover(rollout, inputs, { failedArn: targetArn, previousArn: plan.previousArn, assessment, circuitBreaker });
  return finish(inputs, { ...outcome, ...recovered }, deps, github);
}

async function register(clients: Clients, plan: Plan, log: Log): Promise<string> {
  const answer = await clients.ecs.send(new RegisterTaskDefinitionCommand(plan.rendered!.input as unknown as RegisterTaskDefinitionCommandInput));
  const arn = answer.taskDefinition?.taskDefinitionArn;
  if (!arn) throw new Error('RegisterTaskDefinition returned no task definition ARN');
  log.info(`registered ${arn} for release ${plan.release}`);
  return arn;
}

/** `previous` means the last revision that completed a rollout: this tag says which did. */
async function markServed(clients: Clients, arn: string, at: number, log: Log): Promise<void> {
  try {
    await clients.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: SERVED_TAG, value: new Date(at).toISOString() }] }));
  } catch (error) {
    log.warning(`could not tag ${arn} with ${SERVED_TAG} (rollback-to: previous will not find it): ${describeThrown(error).message}`);
  }
}

async function finishDryRun(inputs: Inputs, plan: Plan, outcome: Outcome, busy: string | undefined, deps: Deps): Promise<Outcome> {
  const target = plan.existing ? `deploy ${plan.existing.taskDefinition.taskDefinitionArn} again (release ${plan.release})` : `register the next revision of ${plan.rendered?.input.family} for release ${plan.release}`;
  const steps = [
    target,
    inputs.migrateCommand ? `run '${inputs.migrateCommand}' once in container ${plan.container}, with the service's network configuration` : 'no migration',
    `update service ${inputs.service} in ${inputs.cluster}; wait up to ${inputs.waitTimeout}, polling every ${inputs.pollMs} ms`,
    `on failure: ${inputs.onFailure === 'rollback' ? `return to ${plan.previousArn}` : 'stop, leave the service as ECS left it'}`,
    ...(busy ? [`${inputs.supersede ? 'would supersede' : 'would refuse'}: ${busy}`] : []),
  ];
  deps.log.info(`dry run, nothing changed. Task definition changes:\n${plan.diff.join('\n') || '(none)'}\nPlan:\n${steps.map((step) => `- ${step}`).join('\n')}`);
  return { ...outcome, dryRun: true, diff: plan.diff, plan: steps, reason: busy && !inputs.supersede ? `a deploy now would be refused: ${busy}` : 'a deploy now would go ahead', finished: deps.clock.now() };
}

async function finish(inputs: Inputs, outcome: Outcome, deps: Deps, github?: DeploymentRecord): Promise<Outcome> {
  const done = { ...outcome, finished: deps.clock.now() };
  if (done.status === 'completed') done.timeline.push({ step: 'completed', at: done.finished });
  await github?.status(done.status === 'completed' ? 'success' : 'failure', `${done.status}: ${done.reason}`);
  // Reported by the action's report, the failed outcome as well as the completed one.
  if (done.status !== 'completed') throw failedWith(new Error(`${done.status}: ${done.reason}`), done);
  deps.log.info(`completed: ${done.reason}`);
  return done;
}
