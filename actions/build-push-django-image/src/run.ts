import * as core from '@actions/core';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ConfigurationError, makeClient, mask, neutralise, type ActionContext } from '@tandem/kit';
import {
  commitOf,
  dockerCli,
  ecrLogin,
  ensureRepository,
  imageByDigest,
  imageName,
  imageTags,
  makeDockerConfig,
  namesCommit,
  parseRegistry,
  RegistryClient,
  runnerPlatformNotice,
  tail,
  type Docker,
  type Fetch,
  type RepositoryState,
} from '@tandem/image';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildImage, checksSettingsModule, detectBuilder, refuseUnbuildable, runDjangoChecks } from './build-step.js';
import { refuseForeignTags } from './buildkit-inputs.js';
import { ACTION, type Inputs } from './inputs.js';
import { CONFIG_STATE } from './post.js';
import { locateProject } from './project.js';
import { promote, type SourceClients } from './promote-step.js';
import { publish } from './publish.js';
import { failedChecksDetail, writeFailedChecks, type Outcome } from './report.js';

// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.
export { report } from './report.js';

export interface Deps {
  ecr: ECRClient;
  /** The clients of promote-from's region. */
  source: (region: string) => SourceClients;
  docker: (configDir: string) => Docker;
  fetch: Fetch;
  env: NodeJS.ProcessEnv;
  saveState: (name: string, value: string) => void;
  templatePath: string;
}

export function defaultDeps(inputs: Inputs): Deps {
  const env = process.env;
  return {
    ecr: makeClient(ECRClient, inputs.aws, ACTION),
    source: (region) => ({ ecr: makeClient(ECRClient, { ...inputs.aws, region }, ACTION), ecs: makeClient(ECSClient, { ...inputs.aws, region }, ACTION) }),
    docker: (configDir) => dockerCli(configDir, env),
    fetch,
    env,
    saveState: (name, value) => core.saveState(name, value),
    templatePath: join(env.GITHUB_ACTION_PATH ?? resolve(import.meta.dirname, '../../actions', ACTION), 'templates', 'Dockerfile'),
  };
}

function commitContext(env: NodeJS.ProcessEnv): { eventName: string; sha: string; payload: object } {
  return { eventName: env.GITHUB_EVENT_NAME ?? '', sha: env.GITHUB_SHA ?? '', payload: {} };
}

async function eventPayload(env: NodeJS.ProcessEnv): Promise<object> {
  if (!env.GITHUB_EVENT_PATH) return {};
  return JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8').catch(() => '{}')) as object;
}

/** A Docker config of this job's own, so parallel jobs on one runner never share a login. */
async function privateDockerConfig(deps: Deps): Promise<string> {
  const parent = deps.env.RUNNER_TEMP || tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await makeDockerConfig(parent, deps.env);
  deps.saveState(CONFIG_STATE, dir);
  return dir;
}

function findOrCreateRepository(ecr: ECRClient, inputs: Inputs): Promise<RepositoryState> {
  return ensureRepository(ecr, {
    name: inputs.repository,
    create: inputs.createRepository,
    mutability: inputs.tagMutability,
    untaggedExpiryDays: inputs.untaggedExpiryDays,
  }).catch((error: unknown) => {
    if ((error as { userFixable?: boolean }).userFixable) throw new ConfigurationError((error as Error).message, 'repository');
    throw error;
  });
}

export async function run(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Outcome> {
  const { env } = deps;
  const { log, signal } = context;
  const now = () => context.clock.now();
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const commit = { ...commitContext(env), payload: await eventPayload(env) };
  const tags = imageTags(inputs.tags, commit);
  if (tags.length === 0 || !tags[0]) throw new ConfigurationError('no tag: set tags, or run in a workflow (GITHUB_SHA names the commit)', 'tags');

  const configDir = await privateDockerConfig(deps);
  if (inputs.promotion) {
    const promoteDeps = { ...deps, docker: deps.docker(configDir), findOrCreateRepository: () => findOrCreateRepository(deps.ecr, inputs) };
    return promote(inputs, promoteDeps, context, { tags, dockerConfig: configDir });
  }
  const scratch = await mkdtemp(join(configDir, '..', 'build-'));
  try {
    const project = await locateProject(inputs, workspace, scratch, deps.templatePath);
    const docker = deps.docker(configDir);
    const builder = await detectBuilder(docker);
    const cache = await refuseUnbuildable(inputs, builder, env, { path: project.dockerfile, shown: relative(workspace, project.dockerfile) || project.dockerfile });

    const login = await ecrLogin(deps.ecr, mask);
    const registry = inputs.registry ?? parseRegistry(login.proxyEndpoint);
    if (!registry) throw new Error(`GetAuthorizationToken returned a proxy endpoint that is not a registry: ${login.proxyEndpoint}`);
    refuseForeignTags(inputs.tagReferences, inputs.repository, registry);
    const loggedIn = await docker(['login', '--username', login.username, '--password-stdin', registry.host], { input: login.password, signal });
    if (loggedIn.code !== 0) throw new Error(`docker login to ${registry.host} failed:\n${tail(loggedIn, 10)}`);
    log.info(`Logged in to ${registry.host} (Docker config ${configDir}, removed by the post step)`);

    // A build-only run changes nothing in AWS: it neither creates the repository nor needs it.
    const repository = inputs.push ? await findOrCreateRepository(deps.ecr, inputs) : { created: false, mutability: inputs.tagMutability, exclusionFilters: [] };
    if (repository.created) log.info(`Created ECR repository ${inputs.repository} (${repository.mutability} tags, scan on push)`);

    const remote = new RegistryClient(registry, login, deps.fetch);
    const base = { tags, repositoryCreated: repository.created, checks: [], dockerConfig: configDir };
    // Only a tag that names this commit says the image in the registry is this build; a moving
    // tag (latest, main) may hold any earlier image, so without one the image is built.
    const reusable = inputs.skipIfExists && namesCommit(tags[0], commitOf(commit));
    if (inputs.skipIfExists && !reusable) log.info(`skip-if-exists: ${tags[0]} does not name commit ${commitOf(commit) || '(unknown)'}, so an image under it may be older: building`);
    const existing = reusable ? await remote.image(inputs.repository, tags[0]) : undefined;
    if (existing) {
      log.info(`${inputs.repository}:${tags[0]} is already in the registry (${existing.digest}): reusing it, no build`);
      const missing = (await Promise.all(tags.slice(1).map(async (tag) => ((await remote.image(inputs.repository, tag)) ? undefined : tag)))).filter(Boolean);
      if (missing.length > 0) log.warning(`reused ${tags[0]}, but these tags are not in the registry and were not added: ${missing.join(', ')}`);
      return { ...base, image: imageByDigest(registry, inputs.repository, existing.digest), digest: existing.digest, built: false, pushed: false, size: existing.size };
    }

    const names = new Map(tags.map((tag) => [tag, imageName(registry, inputs.repository, tag)]));
    const platformNotice = runnerPlatformNotice(deps.env.RUNNER_ARCH, inputs.platforms);
    if (platformNotice) core.notice(neutralise(platformNotice));
    const built = await buildImage(docker, inputs, project, [...names.values()], scratch, { builder, cache, env, payload: commit.payload, log, now, signal });
    const localName = names.get(tags[0]) as string;

    const checks =
      project.managePy && !built.pushed
        ? await runDjangoChecks(docker, inputs, localName, project.managePy, { log, now, signal, ...(await checksSettingsModule(docker, inputs, project, localName, log)) })
        : [];
    const failed = checks.filter((check) => !check.passed);
    if (failed.length > 0) {
      await writeFailedChecks(localName, checks);
      throw new Error(`Django checks failed in the built image: ${failed.map((check) => check.name).join(', ')}. Nothing was pushed.\n${failedChecksDetail(failed)}`);
    }

    const outcome = { ...base, checks, built: true, buildMs: built.buildMs, builder: built.builder };
    if (!inputs.push) return { ...outcome, image: localName, digest: '', pushed: false };
    const pushedByBuilder = built.pushed ? await remote.image(inputs.repository, tags[0]) : undefined;
    const digest = pushedByBuilder?.digest ??
      (await publish(docker, remote, { repository: inputs.repository, region: inputs.aws.region, names, imageId: built.imageId, repositoryState: repository }, log, signal)).digest;
    const size = (await remote.image(inputs.repository, tags[0]))?.size;
    return { ...outcome, image: imageByDigest(registry, inputs.repository, digest), digest, pushed: true, size };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
