import { relative, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, deployLockKeys, formatBytes, formatDuration, group, takeDeployLock, type ActionContext, type LockTiming } from '@tandem/kit';
import {
  browserLifetime,
  cacheControlFor,
  contentTypeFor,
  listObjects,
  listSource,
  localSources,
  longKeptPages,
  publishRelease,
  readBuild,
  serviceWorkerCacheControl,
  serviceWorkerNames,
  siteClient,
  stagePromotion,
  type Site,
  type SiteFile,
} from '@tandem/frontend';
import { buildEnvironment, buildSteps, findSourceDir, runBuild, shellRunner, type CommandRunner } from './build.js';
import { ACTION, type Inputs } from './inputs.js';
import { readSource, stagedPromotion } from './promote.js';
import { logPlan, type Published } from './report.js';

// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.
export { report } from './report.js';

export interface Deps {
  s3: (inputs: Inputs) => S3Client;
  runCommand: CommandRunner;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The deploy lock's TTL and heartbeat; the defaults unless a test shortens them. */
  lockTiming?: LockTiming;
}

export function defaultDeps(): Deps {
  return {
    s3: (inputs) => siteClient(inputs.aws, ACTION, inputs.concurrency),
    runCommand: shellRunner,
    env: process.env,
    cwd: process.cwd(),
  };
}

export function siteOf(inputs: Inputs): Site {
  return { bucket: inputs.bucket, prefix: inputs.prefix, releases: { bucket: inputs.releasesBucket, prefix: inputs.releasesPrefix }, tier: 'frontend' };
}

/** Builds, unless told not to, and returns where the output is and how long the build took (undefined without one). */
async function build(inputs: Inputs, deps: Deps, { signal, clock, log }: ActionContext): Promise<{ sourceDir: string; buildMs?: number }> {
  const dir = resolve(deps.cwd, inputs.workingDirectory);
  const steps = buildSteps(inputs.buildCommand, dir, deps.cwd);
  if (steps.root) log.info(`Installing from the lockfile of the workspace root ${relative(deps.cwd, steps.root) || '.'} (run in ${relative(deps.cwd, dir)}, ${steps.manager} installs the whole workspace)`);
  const started = clock.now();
  if (steps.commands.length > 0) {
    const { env, withheld } = buildEnvironment(deps.env, inputs.buildEnv);
    if (withheld.length > 0) log.info(`The build runs without ${withheld.join(', ')} (credentials and runner tokens; name one in build-env to pass it)`);
    await group(`Build (${steps.commands.join(' && ')})`, () => runBuild(steps, deps.runCommand, { cwd: dir, env, signal }));
  }
  const buildMs = steps.commands.length > 0 ? clock.now() - started : undefined;
  return { sourceDir: findSourceDir(dir, inputs.sourceDir, inputs.requireIndex, deps.cwd), buildMs };
}

/**
 * Lists the output (every refusal happens here, before any write), then hashes it in the
 * background, giving each file its headers.
 */
async function scanSite(sourceDir: string, inputs: Inputs, { clock, log }: ActionContext): Promise<{ hashed: Promise<SiteFile[]> }> {
  const started = clock.now();
  const excluded: string[] = [];
  const listed = await listSource(sourceDir, { requireIndex: inputs.requireIndex, exclude: inputs.exclude, excluded });
  if (excluded.length > 0) log.info(`Left out by exclude: ${excluded.length} file(s) (${excluded.slice(0, 5).join(', ')}${excluded.length > 5 ? ', …' : ''})`);
  const reserved = inputs.releasesBucket === inputs.bucket ? inputs.releasesPrefix.slice(inputs.prefix.length) : undefined;
  const clash = reserved ? listed.find((file) => file.name.startsWith(reserved)) : undefined;
  if (clash) {
    throw new ConfigurationError(`'${clash.name}' lies under the release record's prefix '${reserved}': set releases-prefix to another name`, 'releases-prefix');
  }
  const sourceOf = localSources(sourceDir);
  const typeOf = (name: string) => contentTypeFor(name, inputs.contentType);
  const hashed = readBuild(listed, inputs.concurrency, typeOf).then(({ sums, sizes, links, registered: urls }) => {
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    log.info(`Hashed ${listed.length} files (${formatBytes(bytes)}) in ${sourceDir} in ${formatDuration(clock.now() - started)}`);
    const workers = serviceWorkerNames(listed.map((file) => file.name), urls, inputs.serviceWorkers);
    if (workers.size > 0) log.info(`Service workers (entry points, no-cache unless cache-control names them): ${[...workers].join(', ')}`);
    const files = listed.map((file, i) => {
      const contentType = typeOf(file.name);
      return {
        name: file.name,
        size: sizes[i],
        sha256: sums[i],
        contentType,
        cacheControl: workers.has(file.name) ? serviceWorkerCacheControl(inputs.cacheControl, file.name) : cacheControlFor(inputs.cacheControl, file.name),
        entry: inputs.entryPoints(file.name, contentType) || workers.has(file.name),
        source: sourceOf(file),
        links: links.get(file.name),
      };
    });
    for (const [value, names] of longKeptPages(files, inputs.cacheControl)) {
      const kept = browserLifetime(value) === Infinity ? 'for as long as they hold them' : `for ${formatDuration(browserLifetime(value) * 1000)}`;
      log.warning(
        `cache-control gives ${names.length} page(s) and manifest(s) '${value}' (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): browsers keep them ${kept} without asking, ` +
          "so returning visitors would not see a new release until then (an invalidation empties CloudFront's cache, not theirs). Give them no-cache, or a max-age of minutes.",
      );
    }
    return files;
  });
  // Awaited by the publisher; a failure must not surface as an unhandled rejection meanwhile.
  hashed.catch(() => undefined);
  return { hashed };
}

/**
 * Looks at the buckets (reads only): a missing or closed bucket is refused, naming its input,
 * before any write. Started while the output is listed, so its answer is in by the time the lock is taken.
 */
function lookAtBuckets(s3: S3Client, inputs: Inputs): Promise<unknown> {
  const key = deployLockKeys.site(inputs.releasesPrefix);
  const probes = [listObjects(s3, inputs.bucket, key, 'bucket', () => true)];
  if (inputs.releasesBucket !== inputs.bucket) probes.push(listObjects(s3, inputs.releasesBucket, key, 'releases-bucket', () => true));
  const looked = Promise.all(probes);
  // Awaited before the lock; a failure must not surface as an unhandled rejection meanwhile.
  looked.catch(() => undefined);
  return looked;
}

/** Takes the site's deploy lock once the buckets were looked at. */
async function lockSite(s3: S3Client, looked: Promise<unknown>, inputs: Inputs, deps: Deps, { signal, log }: ActionContext) {
  await looked;
  const key = deployLockKeys.site(inputs.releasesPrefix);
  return takeDeployLock(s3, { bucket: inputs.releasesBucket, key, action: ACTION, env: deps.env, waitMs: inputs.lockWait, pollMs: 2000, signal, inputs: { bucket: 'releases-bucket', wait: 'lock-wait' }, timing: deps.lockTiming }, log);
}

/** What was published, with what the report needs to describe it. */

export async function run(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Published> {
  const { signal, clock, log } = context;
  const promotion = inputs.promoteFrom && (await readSource({ ...inputs, promoteFrom: inputs.promoteFrom }, deps, log));
  const restoring = inputs.restoreRelease !== undefined || promotion !== undefined;
  const built = restoring ? undefined : await build(inputs, deps, context);
  const sourceDir = built?.sourceDir;
  const s3 = deps.s3(inputs);
  // Not before the build: a failed build ends the step at once, with no request still out.
  const looked = inputs.dryRun ? undefined : lookAtBuckets(s3, inputs);
  // Hashing goes on while the lock is taken and the bucket read.
  const files = sourceDir === undefined ? undefined : (await scanSite(sourceDir, inputs, context)).hashed;
  const lock = looked && (await lockSite(s3, looked, inputs, deps, context));
  try {
    const started = clock.now();
    const now = () => clock.now();
    const heldLock = lock && ((before: string) => lock.assertHeld(before));
    if (promotion && !inputs.dryRun) await stagePromotion(s3, siteOf(inputs), promotion, { concurrency: inputs.concurrency, log, now, signal, assertHeld: heldLock });
    if (promotion && (inputs.dryRun || inputs.publish === 'assets')) {
      return { ...stagedPromotion(promotion, siteOf(inputs)), inputs, publishMs: clock.now() - started, promotedFrom: promotion.from };
    }
    const result = await publishRelease(
      {
        site: siteOf(inputs),
        release: inputs.releaseId,
        files,
        restore: promotion?.release ?? inputs.restoreRelease,
        publish: inputs.publish,
        keepReleases: inputs.keepReleases,
        pruneAfterMs: inputs.pruneAfter,
        maxDeletes: inputs.maxDeletes,
        concurrency: inputs.concurrency,
        dryRun: inputs.dryRun,
        commit: deps.env.GITHUB_SHA,
        workflowRun: deps.env.GITHUB_RUN_ID ? `${deps.env.GITHUB_REPOSITORY ?? ''}/actions/runs/${deps.env.GITHUB_RUN_ID}` : undefined,
        unchecked: inputs.uncheckedPaths,
      },
      { s3, log, now, signal, onPlan: (plan) => logPlan(plan, inputs, log), assertHeld: heldLock },
    );
    return { ...result, inputs, publishMs: clock.now() - started, buildMs: built?.buildMs, promotedFrom: promotion?.from };
  } finally {
    await lock?.release();
  }
}
