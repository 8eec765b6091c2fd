import { ConfigurationError, group, type Log } from '@tandem/kit';
import {
  buildCommand,
  buildProblem,
  checkDeployAdvice,
  checkEnvironment,
  checkRunArgs,
  djangoChecks,
  systemCheckMessages,
  tail,
  type Builder,
  type BuildRequest,
  type CacheKind,
  type Docker,
} from '@tandem/image';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inputs } from './inputs.js';
import type { Project } from './project.js';

export interface BuiltImage {
  imageId: string;
  builder: Builder;
  buildMs: number;
  /** True when buildx pushed it itself (several platforms, no checks). */
  pushed: boolean;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  ms: number;
  output: string;
  /** System-check warnings of a check that passed (let through by check-fail-level ERROR). */
  warnings: string[];
  /** For a failed check --deploy: the environment it ran with and the ways out. */
  advice?: string;
}

export async function detectBuilder(docker: Docker): Promise<Builder> {
  return (await docker(['buildx', 'version'])).code === 0 ? 'buildx' : 'docker';
}

/** gha where the runner offers the Actions cache to buildx, else none. */
export function resolveCache(wanted: Inputs['cache'], builder: Builder, env: NodeJS.ProcessEnv): CacheKind {
  if (wanted !== 'auto') return wanted;
  return builder === 'buildx' && env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) ? 'gha' : 'none';
}

/** Several platforms go straight from buildx to the registry: they cannot be loaded locally. */
function pushesFromBuilder(inputs: Inputs): boolean {
  return inputs.platforms.length > 1 && inputs.push;
}

/** Refuses what this builder cannot build, before any AWS call. */
export function refuseUnbuildable(inputs: Inputs, builder: Builder, env: NodeJS.ProcessEnv): void {
  const problem = buildProblem(builder, { platforms: inputs.platforms, cache: resolveCache(inputs.cache, builder, env), pushFromBuilder: pushesFromBuilder(inputs) });
  if (problem) throw new ConfigurationError(problem.message, problem.input);
}

export async function buildImage(
  docker: Docker,
  inputs: Inputs,
  project: Project,
  names: string[],
  scratch: string,
  context: { builder: Builder; env: NodeJS.ProcessEnv; log: Log; now: () => number; signal?: AbortSignal },
): Promise<BuiltImage> {
  const { builder, env, log } = context;
  const request: BuildRequest = {
    context: project.context,
    dockerfile: project.dockerfile,
    names,
    buildArgs: inputs.buildArgs,
    secretBuildArgs: inputs.secretBuildArgs,
    labels: [
      ['org.opencontainers.image.revision', env.GITHUB_SHA ?? ''],
      ['org.opencontainers.image.source', `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}`],
    ],
    target: inputs.target,
    platforms: inputs.platforms,
    cache: resolveCache(inputs.cache, builder, env),
    cacheRef: inputs.cacheRef,
    cacheScope: inputs.repository,
    provenance: inputs.provenance,
    iidfile: join(scratch, 'image-id'),
    pushFromBuilder: pushesFromBuilder(inputs),
  };
  const command = buildCommand(builder, request);
  const started = context.now();
  const result = await group(`Build (${builder === 'buildx' ? 'docker buildx build' : 'docker build'})`, async () => {
    log.info(`docker ${command.shown.join(' ')}`);
    return docker(command.args, { onLine: (line) => log.info(line), signal: context.signal });
  });
  const buildMs = context.now() - started;
  if (result.code !== 0) {
    throw new Error(`the image did not build (docker exited ${result.code}); nothing was pushed. Last lines:\n${tail(result, 20)}`);
  }
  const imageId = (await readFile(request.iidfile, 'utf8')).trim();
  return { imageId, builder, buildMs, pushed: request.pushFromBuilder };
}

/** Runs the Django checks inside the image, all of them, so one run shows every problem. */
export async function runDjangoChecks(
  docker: Docker,
  inputs: Inputs,
  image: string,
  managePy: string,
  context: { log: Log; now: () => number; signal?: AbortSignal },
): Promise<CheckResult[]> {
  const databaseUrl = inputs.checkDatabaseUrl || 'sqlite:////tmp/django-checks.sqlite3';
  const settings = checkEnvironment({ databaseUrl, extraEnv: inputs.checkEnv });
  const env = Object.fromEntries(settings);
  // Only a database the user named needs a network; the throwaway SQLite file needs none.
  const network = inputs.checkDatabaseUrl ? 'host' : 'none';
  const results: CheckResult[] = [];
  for (const check of djangoChecks(managePy, inputs.checkFailLevel)) {
    const started = context.now();
    const result = await group(`Django: ${check.name}`, async () => {
      const run = await docker(checkRunArgs(image, check, settings, network), { env, onLine: (line) => context.log.info(line), signal: context.signal });
      return run;
    });
    const output = tail(result, 40);
    const passed = result.code === 0;
    const warnings = passed && check.name === 'check --deploy' ? systemCheckMessages(`${result.stdout}\n${result.stderr}`) : [];
    for (const warning of warnings) context.log.warning(`check --deploy let through (check-fail-level ${inputs.checkFailLevel}): ${warning}`);
    const advice = !passed && check.name === 'check --deploy' ? checkDeployAdvice(output, settings, inputs.checkFailLevel) : undefined;
    results.push({ name: check.name, passed, ms: context.now() - started, output, warnings, ...(advice ? { advice } : {}) });
  }
  return results;
}
