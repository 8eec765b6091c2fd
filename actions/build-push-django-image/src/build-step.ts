import * as core from '@actions/core';
import { ConfigurationError, group, neutralise, type Log } from '@tandem/kit';
import {
  buildCommand,
  buildKitOnly,
  buildProblem,
  checkDeployAdvice,
  chooseCache,
  commitTime,
  imageLabels,
  offersActionsCache,
  checkContainerArgs,
  checkEnvironment,
  checkExecArgs,
  checkRunArgs,
  chooseChecksSettings,
  djangoChecks,
  findServerModules,
  imageVariableNames,
  parseProbe,
  placeholdersNotice,
  probeExecArgs,
  productionSibling,
  productionSiblingHint,
  settingsModule,
  stoppedAtVariable,
  remoteStorageStop,
  systemCheckMessages,
  tail,
  type Builder,
  type BuilderInfo,
  type BuildRequest,
  type CacheChoice,
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
  /** Why a check that could not run to its end in the image passed, left to the deploy. */
  left?: string;
}

const AT_DEPLOY = `rolling-deploy-behind-elb's migrate-command: sh -c "python manage.py migrate --noinput && python manage.py collectstatic --noinput"`;

/** Why a build whose collectstatic stopped at the cloud failed, and the way out. */
export function collectInBuild(stop: string, generated: boolean): string {
  const dockerfile = generated
    ? 'The generated Dockerfile collects the static files into the image; take it over without its collectstatic step (copy templates/Dockerfile of this action into your repository, delete that RUN, and set dockerfile to its path)'
    : 'Take the collectstatic step out of the Dockerfile';
  return (
    `collectstatic ran in the build, but your static files storage keeps them in the cloud: it stopped at its first call (${stop}), as a build has no AWS credentials. ` +
    `${dockerfile}, and upload them where the bucket can be reached, once per release: e.g. ${AT_DEPLOY}`
  );
}

/**
 * The warning for a collectstatic that stopped at its storage's first call to the cloud (`stop`,
 * from remoteStorageStop): its files go to a bucket at deploy time, not into the image.
 */
export function leftToDeploy(stop: string): string {
  return (
    `collectstatic stores the static files in the cloud, not in the image: it stopped at its storage's first call (${stop}), ` +
    `as the checks run with no network and no credentials. Upload them where the bucket can be reached, once per release and before the new tasks serve: e.g. ${AT_DEPLOY}`
  );
}

export { detectBuilder } from '@tandem/image';

/** Several platforms go straight from buildx to the registry: they cannot be loaded locally. */
function pushesFromBuilder(inputs: Inputs): boolean {
  return inputs.platforms.length > 1 && inputs.push;
}

/**
 * Refuses what this builder cannot build, before any AWS call, and chooses the cache (`auto` never
 * asks for one the builder cannot write; the notice says what to add).
 */
export async function refuseUnbuildable(
  inputs: Inputs,
  info: BuilderInfo,
  env: NodeJS.ProcessEnv,
  dockerfile: { path: string; shown: string },
  notice: (message: string) => void = (message) => core.notice(neutralise(message)),
): Promise<CacheChoice> {
  // Only the classic builder needs the Dockerfile read: it stops at the first BuildKit instruction.
  const buildKit = info.builder === 'docker' ? buildKitOnly(await readFile(dockerfile.path, 'utf8')) : undefined;
  const problem = buildProblem(info, {
    platforms: inputs.platforms,
    pushFromBuilder: pushesFromBuilder(inputs),
    secrets: inputs.secrets,
    ssh: inputs.ssh,
    ...(buildKit ? { buildKitSyntax: { ...buildKit, shown: dockerfile.shown } } : {}),
  });
  if (problem) throw new ConfigurationError(problem.message, problem.input);
  // An entry without a path forwards the agent SSH_AUTH_SOCK names.
  if (inputs.ssh.some((entry) => !entry.includes('=')) && !env.SSH_AUTH_SOCK) {
    throw new ConfigurationError("ssh: default forwards the runner's SSH agent, and none runs (SSH_AUTH_SOCK is not set): start one (webfactory/ssh-agent), or give id=path to a key", 'ssh');
  }
  const choice = chooseCache(inputs.cache, info, offersActionsCache(env));
  if ('input' in choice) throw new ConfigurationError(choice.message, choice.input);
  if (choice.notice) notice(choice.notice);
  return choice;
}

export async function buildImage(
  docker: Docker,
  inputs: Inputs,
  project: Project,
  names: string[],
  scratch: string,
  context: { builder: BuilderInfo; cache: CacheChoice; env: NodeJS.ProcessEnv; payload?: object; log: Log; now: () => number; signal?: AbortSignal },
): Promise<BuiltImage> {
  const { env, log } = context;
  const builder = context.builder.builder;
  const created = await commitTime(env, context.payload ?? {}, project.context);
  if (!created) log.info('org.opencontainers.image.created is left out: the commit time is unknown (no SOURCE_DATE_EPOCH, push event or git checkout)');
  const request: BuildRequest = {
    context: project.context,
    dockerfile: project.dockerfile,
    names,
    buildArgs: inputs.buildArgs,
    secretBuildArgs: inputs.secretBuildArgs,
    labels: imageLabels(
      { revision: env.GITHUB_SHA ?? '', source: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}`, created },
      inputs.labels,
    ),
    secrets: inputs.secrets,
    ssh: inputs.ssh,
    network: inputs.network,
    target: inputs.target,
    platforms: inputs.platforms,
    cache: context.cache.cache,
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
    return docker(command.args, { env: command.env, onLine: (line) => log.info(line), signal: context.signal });
  });
  const buildMs = context.now() - started;
  if (result.code !== 0) {
    const stop = remoteStorageStop(`${result.stdout}\n${result.stderr}`);
    throw new Error(`the image did not build (docker exited ${result.code}); nothing was pushed. Last lines:\n${tail(result, 20)}${stop ? `\n${collectInBuild(stop, project.generated)}` : ''}`);
  }
  const imageId = (await readFile(request.iidfile, 'utf8')).trim();
  return { imageId, builder, buildMs, pushed: request.pushFromBuilder };
}

/**
 * manage.py's default settings module, and DJANGO_SETTINGS_MODULE for the checks when that
 * default is not the module the server loads (chooseChecksSettings), logging why; the image is
 * inspected only then, as an ENV line of its own wins.
 */
export async function checksSettingsModule(docker: Docker, inputs: Inputs, project: Project, image: string, log: Log): Promise<{ settingsModule?: string; managePyModule?: string; settingsHint?: string }> {
  if (!project.managePy) return {};
  const managePyModule = settingsModule(await readFile(join(project.context, project.managePy), 'utf8').catch(() => ''));
  const options = { managePy: project.managePy, managePyModule, servers: await findServerModules(project.context, project.managePy), checkEnv: inputs.checkEnv };
  const managePy = project.managePy;
  const siblingOf = (module: string | undefined) => productionSibling(project.context, managePy, module);
  const managePySibling = await siblingOf(managePyModule);
  let choice = chooseChecksSettings({ ...options, imageSetsModule: false });
  // The image is asked only when its ENV line could change what the checks load.
  let imageSetsModule = false;
  if (choice.module || managePySibling) {
    imageSetsModule = ((await imageVariableNames(docker, image)) ?? []).includes('DJANGO_SETTINGS_MODULE');
    choice = chooseChecksSettings({ ...options, imageSetsModule });
  }
  if (choice.note) log.info(choice.note);
  // What the checks load, when known without the image: check-env's, the server's, manage.py's.
  const given = inputs.checkEnv.find(([name]) => name === 'DJANGO_SETTINGS_MODULE')?.[1];
  const loaded = given ?? choice.module ?? (imageSetsModule ? undefined : managePyModule);
  const sibling = loaded === managePyModule ? managePySibling : await siblingOf(loaded);
  const hint = loaded && sibling ? productionSiblingHint(loaded, sibling) : undefined;
  if (hint) log.info(hint);
  return { managePyModule, ...(choice.module ? { settingsModule: choice.module } : {}), ...(hint ? { settingsHint: hint } : {}) };
}

/** Runs the Django checks inside the image, all of them, so one run shows every problem. */
export async function runDjangoChecks(
  docker: Docker,
  inputs: Inputs,
  image: string,
  managePy: string,
  context: { log: Log; now: () => number; signal?: AbortSignal; settingsModule?: string; managePyModule?: string; settingsHint?: string; notice?: (message: string) => void },
): Promise<CheckResult[]> {
  const databaseUrl = inputs.checkDatabaseUrl || 'sqlite:////tmp/django-checks.sqlite3';
  const chosen: Array<[string, string]> = context.settingsModule ? [['DJANGO_SETTINGS_MODULE', context.settingsModule]] : [];
  const settings = checkEnvironment({ databaseUrl, extraEnv: [...inputs.checkEnv, ...chosen] });
  const env = Object.fromEntries(settings);
  const notice = context.notice ?? ((message: string) => core.notice(neutralise(message)));
  // Only a database the user named needs a network; the throwaway SQLite file needs none.
  const network = inputs.checkDatabaseUrl ? 'host' : 'none';
  // The checks run in one container (checkContainerArgs). When it cannot start (an image whose
  // python does not run, say), each check runs in a container of its own, as docker run --rm,
  // so that the check's own output says what is wrong.
  const container = await docker(checkContainerArgs(image, settings, network), { env, signal: context.signal });
  const id = container.code === 0 ? /^[0-9a-f]{12,64}$/m.exec(container.stdout)?.[0] : undefined;
  let placeholders: Array<[string, string]> = [];
  try {
    const results: CheckResult[] = [];
    for (const check of djangoChecks(managePy, inputs.checkFailLevel)) {
      const started = context.now();
      const runCheck = () => {
        const args = id ? checkExecArgs(id, check, placeholders) : checkRunArgs(image, check, settings, network);
        return group(`Django: ${check.name}`, () => docker(args, { ...(id ? {} : { env }), onLine: (line) => context.log.info(line), signal: context.signal }));
      };
      let result = await runCheck();
      // The settings stopped at a variable the checks were not given: the probe finds every such
      // variable at once, and the check runs again with placeholders for them (settings-probe.ts).
      if (result.code !== 0 && id && placeholders.length === 0 && stoppedAtVariable(`${result.stdout}\n${result.stderr}`)) {
        const probed = parseProbe((await docker(probeExecArgs(id, managePy, context.managePyModule ?? ''), { signal: context.signal })).stdout);
        if (probed && probed.given.length > 0) {
          placeholders = probed.given;
          notice(placeholdersNotice(probed));
          result = await runCheck();
        }
      }
      const output = tail(result, 40);
      const stop = result.code !== 0 && check.name === 'collectstatic' ? remoteStorageStop(`${result.stdout}\n${result.stderr}`) : undefined;
      if (stop) {
        const left = leftToDeploy(stop);
        context.log.warning(left);
        results.push({ name: check.name, passed: true, ms: context.now() - started, output, warnings: [], left });
        continue;
      }
      const passed = result.code === 0;
      const warnings = passed && check.name === 'check --deploy' ? systemCheckMessages(`${result.stdout}\n${result.stderr}`) : [];
      for (const warning of warnings) context.log.warning(`check --deploy let through (check-fail-level ${inputs.checkFailLevel}): ${warning}`);
      const advice = !passed && check.name === 'check --deploy' ? [checkDeployAdvice(output, settings, inputs.checkFailLevel), context.settingsHint].filter(Boolean).join('\n') : undefined;
      results.push({ name: check.name, passed, ms: context.now() - started, output, warnings, ...(advice ? { advice } : {}) });
    }
    return results;
  } finally {
    // Not on the step's signal: a cancelled step removes the container too.
    if (id) await docker(['rm', '--force', id]);
  }
}
