import { randomUUID } from 'node:crypto';
import { ECSClient } from '@aws-sdk/client-ecs';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { dockerCli } from '@tandem/image';
import { ConfigurationError, hideSecrets, makeClient, mask, runnerLog, setOutputs, writeSummary, type Log } from '@tandem/kit';
import {
  blocking, chooseContainer, counts, loadTaskDefinition, summaryTable, verifyStorage, type Check, type VerifyDeps,
} from '@tandem/storage';
import type { Inputs } from './inputs.js';

const ACTION = 'verify-shared-storage';

export interface Deps extends VerifyDeps {
  ecs: () => ECSClient;
  log: Log;
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
    secrets: {
      secretsManager: lazy(() => makeClient(SecretsManagerClient, settings, ACTION)),
      ssm: lazy(() => makeClient(SSMClient, settings, ACTION)),
    },
    docker: dockerCli(inputs['docker-config'], process.env, { timeoutMs: 180_000 }),
    mask: (value) => void mask(value),
    log: runnerLog,
    probeId: [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT, randomUUID()].filter(Boolean).join('-'),
  };
}

export interface Verdict {
  ok: boolean;
  checks: Check[];
  report: Record<string, unknown>;
}

function redact(check: Check, secrets: readonly string[]): Check {
  const clean = (text: string) => hideSecrets(text, secrets);
  return { ...check, message: clean(check.message), ...(check.fix === undefined ? {} : { fix: clean(check.fix) }) };
}

const MARK = { pass: 'pass', warn: 'WARN', fail: 'FAIL', skip: 'skip' } as const;

/** Loads the task definition, runs every check, reports; throws when a check blocks the rollout. */
export async function run(inputs: Inputs, deps: Deps): Promise<Verdict> {
  const { taskDefinition, origin } = await loadTaskDefinition(inputs.source, deps.ecs);
  const container = chooseContainer(taskDefinition, inputs['container-name']);
  deps.log.info(`Checking container ${container.name} of ${origin}`);
  const masked: string[] = [];
  const found = await verifyStorage(
    {
      taskDefinition,
      container,
      urlVariable: inputs['database-url-env'],
      bucketVariable: inputs['media-bucket-env'],
      requireRds: inputs['require-rds'],
      probe: inputs.probe,
      probePrefix: inputs['probe-prefix'],
      probeId: deps.probeId,
      allowSecretResolution: inputs['allow-secret-resolution'],
      image: inputs.image || undefined,
      settingsModule: inputs['settings-module'] || undefined,
      region: inputs.aws.region,
      media: inputs.media,
    },
    { ...deps, mask: (value) => (masked.push(value), deps.mask(value)) },
  );
  // The runner masks these in the log only; the report, the summary and the error are files and
  // an annotation, so a secret that reached a message (a traceback from the image) is cut out here.
  const checks = found.map((check) => redact(check, masked));
  for (const check of checks) {
    const line = `${MARK[check.result]} ${check.id}: ${check.message}${check.fix ? ` -> fix: ${check.fix}` : ''}`;
    if (check.result === 'warn') deps.log.warning(line);
    else deps.log.info(line);
  }
  const blockers = blocking(checks, inputs['fail-on']);
  const ok = blockers.length === 0;
  const tally = counts(checks);
  const report = { ok, failOn: inputs['fail-on'], taskDefinition: origin, container: container.name, counts: tally, checks };
  setOutputs({ ok, report });
  await writeSummary(`Shared storage: ${ok ? 'every task shares one database and one media store' : 'not shared'}`, [
    { heading: `${container.name} in ${origin}`, table: summaryTable(checks), lines: [`${tally.pass} passed, ${tally.warn} warned, ${tally.fail} failed, ${tally.skip} skipped (fail-on: ${inputs['fail-on']})`] },
  ]);
  if (!ok) {
    const listed = blockers.map((check) => `${check.id}: ${check.message}. Fix: ${check.fix}`).join(' | ');
    throw new ConfigurationError(`${blockers.length} check(s) ${inputs['fail-on'] === 'warning' ? 'failed or warned' : 'failed'}: ${listed}`);
  }
  return { ok, checks, report };
}
