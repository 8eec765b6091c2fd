import { randomUUID } from 'node:crypto';
import { ECSClient } from '@aws-sdk/client-ecs';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { dockerCli } from '@tandem/image';
import { ConfigurationError, failedWith, hideSecrets, makeClient, mask, type ActionContext } from '@tandem/kit';
import {
  blocking, chooseContainer, counts, loadTaskDefinition, verifyStorage, type Check, type VerifyDeps,
} from '@tandem/storage';
import { ACTION, type Inputs } from './inputs.js';
import type { Verdict } from './report.js';

// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.
export { report } from './report.js';

export interface Deps extends VerifyDeps {
  ecs: () => ECSClient;
  /** Unique per run, so two runs probing one bucket never meet. */
  probeId: string;
}

/** Clients are built on first use: a mode that never calls RDS or Secrets Manager never makes one. */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

export function defaultDeps(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Deps {
  const settings = inputs.aws;
  return {
    ecs: lazy(() => makeClient(ECSClient, settings, ACTION)),
    s3: lazy(() => makeClient(S3Client, settings, ACTION)),
    rds: lazy(() => makeClient(RDSClient, settings, ACTION)),
    route53: lazy(() => makeClient(Route53Client, settings, ACTION)),
    secrets: {
      secretsManager: lazy(() => makeClient(SecretsManagerClient, settings, ACTION)),
      ssm: lazy(() => makeClient(SSMClient, settings, ACTION)),
    },
    docker: dockerCli(inputs.dockerConfig, process.env, { timeoutMs: 180_000 }),
    mask: (value) => void mask(value),
    probeId: [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT, randomUUID()].filter(Boolean).join('-'),
  };
}

function redact(check: Check, secrets: readonly string[]): Check {
  const clean = (text: string) => hideSecrets(text, secrets);
  return { ...check, message: clean(check.message), ...(check.fix === undefined ? {} : { fix: clean(check.fix) }) };
}

const MARK = { pass: 'pass', warn: 'WARN', fail: 'FAIL', skip: 'skip' } as const;

/** Loads the task definition and runs every check; fails, after its report, when a check blocks the rollout. */
export async function run(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Verdict> {
  const { log, signal } = context;
  const { taskDefinition, origin } = await loadTaskDefinition(inputs.source, deps.ecs);
  const container = chooseContainer(taskDefinition, inputs.containerName);
  log.info(`Checking container ${container.name} of ${origin}`);
  const masked: string[] = [];
  // A cancelled job starts no further container: the checks still running end with their step.
  const docker: Deps['docker'] = (args, env) => (signal.throwIfAborted(), deps.docker(args, env));
  const found = await verifyStorage(
    {
      taskDefinition,
      container,
      urlVariable: inputs.databaseUrlEnv,
      bucketVariable: inputs.mediaBucketEnv,
      requireRds: inputs.requireRds,
      probe: inputs.probe,
      probePrefix: inputs.probePrefix,
      probeId: deps.probeId,
      allowSecretResolution: inputs.allowSecretResolution,
      image: inputs.image || undefined,
      settingsModule: inputs.settingsModule || undefined,
      region: inputs.aws.region,
      media: inputs.media,
    },
    { ...deps, docker, mask: (value) => (masked.push(value), deps.mask(value)) },
  );
  signal.throwIfAborted();
  // The runner masks these in the log only; the report, the summary and the error are files and
  // an annotation, so a secret that reached a message (a traceback from the image) is cut out here.
  const checks = found.map((check) => redact(check, masked));
  for (const check of checks) {
    const line = `${MARK[check.result]} ${check.id}: ${check.message}${check.fix ? ` -> fix: ${check.fix}` : ''}`;
    if (check.result === 'warn') log.warning(line);
    else log.info(line);
  }
  const blockers = blocking(checks, inputs.failOn);
  const ok = blockers.length === 0;
  const report = { ok, failOn: inputs.failOn, taskDefinition: origin, container: container.name, counts: counts(checks), checks };
  const verdict: Verdict = { ok, checks, report, subject: `${container.name} in ${origin}`, failOn: inputs.failOn };
  if (!ok) {
    const listed = blockers.map((check) => `${check.id}: ${check.message}. Fix: ${check.fix}`).join(' | ');
    throw failedWith(new ConfigurationError(`${blockers.length} check(s) ${inputs.failOn === 'warning' ? 'failed or warned' : 'failed'}: ${listed}`), verdict);
  }
  return verdict;
}
