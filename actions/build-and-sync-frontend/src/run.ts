import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, formatBytes, formatDuration, group, runnerLog, type ActionContext, type Log } from '@tandem/kit';
import { cacheControlFor, contentTypeFor, hashSource, listSource, publishRelease, readRegisteredWorkers, serviceWorkerCacheControl, serviceWorkerNames, siteClient, type PublishResult, type Site, type SiteFile } from '@tandem/frontend';
import { buildEnvironment, buildSteps, findSourceDir, runBuild, shellRunner, type CommandRunner } from './build.js';
import type { Inputs } from './inputs.js';
import { takeDeployLock, type LockTiming } from './lock.js';
import { logPlan, report } from './report.js';

export const ACTION = 'build-and-sync-frontend';

export interface Deps {
  s3: (inputs: Inputs) => S3Client;
  log: Log;
  now: () => number;
  runCommand: CommandRunner;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The deploy lock's TTL and heartbeat; the defaults unless a test shortens them. */
  lockTiming?: LockTiming;
}

export function defaultDeps(): Deps {
  return {
    s3: (inputs) => siteClient(inputs.aws, ACTION),
    log: runnerLog,
    now: Date.now,
    runCommand: shellRunner,
    env: process.env,
    cwd: process.cwd(),
  };
}

export function siteOf(inputs: Inputs): Site {
  return { bucket: inputs.bucket, prefix: inputs.prefix, releases: { bucket: inputs['releases-bucket'], prefix: inputs['releases-prefix'] }, tier: 'frontend' };
}

/** Builds, unless told not to, and returns where the output is and how long the build took (undefined without one). */
async function build(inputs: Inputs, deps: Deps, signal?: AbortSignal): Promise<{ sourceDir: string; buildMs?: number }> {
  const dir = resolve(deps.cwd, inputs['working-directory']);
  const steps = buildSteps(inputs['build-command'], dir);
  const started = deps.now();
  if (steps.commands.length > 0) {
    const { env, withheld } = buildEnvironment(deps.env, inputs['build-env']);
    if (withheld.length > 0) deps.log.info(`The build runs without ${withheld.join(', ')} (credentials and runner tokens; name one in build-env to pass it)`);
    await group(`Build (${steps.commands.join(' && ')})`, () => runBuild(steps, deps.runCommand, { cwd: dir, env, signal }));
  }
  const buildMs = steps.commands.length > 0 ? deps.now() - started : undefined;
  return { sourceDir: findSourceDir(dir, inputs['source-dir'], inputs['require-index']), buildMs };
}

/**
 * Lists the output (every refusal happens here, before any write), then hashes it in the
 * background, giving each file its headers.
 */
async function scanSite(sourceDir: string, inputs: Inputs, deps: Deps): Promise<{ hashed: Promise<SiteFile[]> }> {
  const started = deps.now();
  const listed = await listSource(sourceDir, { requireIndex: inputs['require-index'] });
  const reserved = inputs['releases-bucket'] === inputs.bucket ? inputs['releases-prefix'].slice(inputs.prefix.length) : undefined;
  const clash = reserved ? listed.find((file) => file.name.startsWith(reserved)) : undefined;
  if (clash) {
    throw new ConfigurationError(`'${clash.name}' lies under the release record's prefix '${reserved}': set releases-prefix to another name`, 'releases-prefix');
  }
  const registered = readRegisteredWorkers(listed, inputs.concurrency);
  const hashed = Promise.all([hashSource(listed, inputs.concurrency), registered]).then(([scanned, urls]) => {
    const bytes = scanned.reduce((sum, file) => sum + file.size, 0);
    deps.log.info(`Hashed ${scanned.length} files (${formatBytes(bytes)}) in ${sourceDir} in ${formatDuration(deps.now() - started)}`);
    const workers = serviceWorkerNames(listed.map((file) => file.name), urls, inputs.serviceWorkers);
    if (workers.size > 0) deps.log.info(`Service workers (entry points, no-cache unless cache-control names them): ${[...workers].join(', ')}`);
    return scanned.map((file) => ({
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      contentType: contentTypeFor(file.name),
      cacheControl: workers.has(file.name) ? serviceWorkerCacheControl(inputs['cache-control'], file.name) : cacheControlFor(inputs['cache-control'], file.name),
      entry: inputs['entry-points'](file.name) || workers.has(file.name),
      source: { kind: 'file', path: file.path } as const,
    }));
  });
  // Awaited by the publisher; a failure must not surface as an unhandled rejection meanwhile.
  hashed.catch(() => undefined);
  return { hashed };
}

export async function run(inputs: Inputs, deps: Deps, context?: ActionContext): Promise<PublishResult> {
  const signal = context?.signal;
  const restoring = inputs['restore-release'] !== undefined;
  const built = restoring ? undefined : await build(inputs, deps, signal);
  const sourceDir = built?.sourceDir;
  // Hashing goes on while the lock is taken and the bucket read.
  const files = sourceDir === undefined ? undefined : (await scanSite(sourceDir, inputs, deps)).hashed;
  const s3 = deps.s3(inputs);
  const lock = inputs['dry-run'] ? undefined : await takeDeployLock(s3, inputs, ACTION, deps.log, deps.env, signal, deps.lockTiming);
  try {
    const started = deps.now();
    const result = await publishRelease(
      {
        site: siteOf(inputs),
        release: inputs['release-id'],
        files,
        restore: inputs['restore-release'],
        publish: inputs.publish,
        keepReleases: inputs['keep-releases'],
        pruneAfterMs: inputs['prune-after'],
        maxDeletes: inputs['max-deletes'],
        concurrency: inputs.concurrency,
        dryRun: inputs['dry-run'],
        commit: deps.env.GITHUB_SHA,
        workflowRun: deps.env.GITHUB_RUN_ID ? `${deps.env.GITHUB_REPOSITORY ?? ''}/actions/runs/${deps.env.GITHUB_RUN_ID}` : undefined,
        unchecked: inputs.uncheckedPaths,
      },
      { s3, log: deps.log, now: deps.now, signal, onPlan: (plan) => logPlan(plan, inputs, deps.log), assertHeld: lock && ((before) => lock.assertHeld(before)) },
    );
    await report(result, inputs, { publishMs: deps.now() - started, buildMs: built?.buildMs }, deps.log);
    return result;
  } finally {
    await lock?.release();
  }
}
