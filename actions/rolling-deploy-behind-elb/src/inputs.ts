import { checkBucketName, ConfigurationError, InputReader, readAwsSettings, spacedPairs, type AwsSettings } from '@tandem/kit';
import { arnRegionProblem, digestProblem, shellProblem, splitCommand, type SmokeCheck, type TaskDefinitionFile } from '@tandem/ecs';
import { readSmokeCheck } from './smoke-input.js';
import { readTaskDefinitionInput } from './task-definition-input.js';

export const ACTION = 'rolling-deploy-behind-elb';

export interface Inputs {
  aws: AwsSettings;
  cluster: string;
  /** The first service of the release: the one the deploy lock and the summary are named after. */
  service: string;
  /**
   * Every service of the release, in the order given: `service` alone, or `services`. One image,
   * one migration (in the first service's new revision), one rollout watched as a whole.
   */
  services: string[];
  /** Container name to image, pinned by digest. Empty for a rollback. */
  images: Map<string, string>;
  /** The container `image` goes to; empty: chosen from the service. */
  containerName: string;
  releaseId: string;
  commit: string;
  /** The environment the release was promoted from (tandem-deploy:promoted-from on new revisions); empty: none. */
  promotedFrom: string;
  /** A release id or `previous`; empty when deploying a new image. */
  rollbackTo: string;
  migrateCommand: string;
  waitTimeoutMs: number;
  waitTimeout: string;
  pollMs: number;
  onFailure: 'rollback' | 'stop';
  supersede: boolean;
  dryRun: boolean;
  circuitBreaker: boolean;
  /** Each service's desired count is raised to this when it is lower (0: left as it is). */
  minimumTasks: number;
  githubToken: string;
  /** Records a GitHub deployment of its own: for jobs without `environment:`, which get none from GitHub. */
  githubDeployment: boolean;
  environment: string;
  environmentUrl: string;
  /** The bucket holding the deploy lock; empty: no lock. */
  lockBucket: string;
  lockWaitMs: number;
  /** This workflow run, as StopTask's reason names it: `owner/repo run 42 attempt 1`. */
  run: string;
  /** The task-definition files the new revisions are made from, each for the service whose family it names; empty: from the running revisions. */
  taskDefinitions: TaskDefinitionFile[];
  /** Checked over HTTP after a healthy rollout; undefined: no smoke check. */
  smoke?: SmokeCheck;
}

function workflowRun(env: NodeJS.ProcessEnv): string {
  if (!env.GITHUB_RUN_ID) return `a run outside GitHub Actions (pid ${process.pid})`;
  return `${env.GITHUB_REPOSITORY ?? 'a repository'} run ${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
}

const NAME = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:[a-z-]+\/)?[A-Za-z0-9/_-]{1,255}$/;
// Task definition tag values: letters, digits, spaces and + - = . _ : / @, at most 256.
const TAG_VALUE = /^[A-Za-z0-9 +\-=._:/@]{1,256}$/;
const CONTAINER = /^[A-Za-z0-9_-]{1,255}$/;
const MAX_LOCK_WAIT_MS = 6 * 3_600_000;

/** DescribeServices names at most 10 services a call: one poll covers the release up to there. */
const MAX_SERVICES = 20;

function readServices(reader: InputReader): string[] {
  // `service: web worker` (or `web, worker`) means two services: say where they go.
  const names = reader.string('service').split(/[\s,]+/).filter(Boolean);
  if (names.length > 1 && names.every((name) => NAME.test(name))) {
    throw new ConfigurationError(`names ${names.length} services (${names.join(', ')}): list them under services instead, one a line`, 'service');
  }
  const one = reader.matching('service', NAME, 'a service name or ARN', '');
  const listed = reader.list('services', { commas: false, spaced: { what: 'services', isItem: (piece) => NAME.test(piece) } });
  if (one && listed.length > 0) throw new ConfigurationError('give service or services, not both', 'services');
  if (!one && listed.length === 0) return [reader.required('service', 'name the service, or list several under services, one a line')];
  if (one) return [one];
  const seen = new Set<string>();
  for (const name of listed) {
    if (!NAME.test(name)) throw new ConfigurationError(`'${name}' is not a service name or ARN (one service per line)`, 'services');
    const short = name.split('/').pop() ?? name;
    if (seen.has(short)) throw new ConfigurationError(`service '${short}' is listed twice`, 'services');
    seen.add(short);
  }
  if (listed.length > MAX_SERVICES) throw new ConfigurationError(`lists ${listed.length} services; at most ${MAX_SERVICES} deploy as one release`, 'services');
  return listed;
}

function checkImage(input: string, image: string): string {
  const problem = digestProblem(image);
  if (problem) throw new ConfigurationError(problem, input);
  return image;
}

function readImages(reader: InputReader, containerName: string): Map<string, string> {
  const image = reader.string('image');
  const pairs = reader.pairs('container-images', spacedPairs('container=image pairs'));
  if (image && pairs.length > 0) throw new ConfigurationError('give image or container-images, not both', 'container-images');
  const images = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (!CONTAINER.test(name)) throw new ConfigurationError(`'${name}' is not a container name`, 'container-images');
    if (images.has(name)) throw new ConfigurationError(`container '${name}' is listed twice`, 'container-images');
    images.set(name, checkImage('container-images', value));
  }
  // `image` goes to container-name, or to the container chosen from the service (key '').
  if (image) images.set(containerName, checkImage('image', image));
  return images;
}

function checkArnRegion(input: string, value: string, region: string): void {
  const problem = arnRegionProblem(value, region);
  if (problem) throw new ConfigurationError(problem, input);
}

export function readInputs(reader = new InputReader(), env: NodeJS.ProcessEnv = process.env): Inputs {
  const aws = readAwsSettings(reader, env);
  const cluster = reader.matching('cluster', NAME, 'a cluster name or ARN', '') || reader.required('cluster');
  checkArnRegion('cluster', cluster, aws.region);
  const services = readServices(reader);
  for (const service of services) checkArnRegion(reader.string('services') ? 'services' : 'service', service, aws.region);
  const containerName = reader.matching('container-name', CONTAINER, 'a container name (letters, digits, - and _)');
  const images = readImages(reader, containerName);
  const rollbackTo = reader.matching('rollback-to', TAG_VALUE, "a release id or 'previous'");
  if (rollbackTo && images.size > 0) throw new ConfigurationError('rollback-to deploys what served that release: leave image and container-images empty', 'rollback-to');
  if (!rollbackTo && images.size === 0) throw new ConfigurationError('nothing to deploy: set image (REPOSITORY@sha256:...), container-images, or rollback-to', 'image');
  const promotedFrom = reader.matching('promoted-from', TAG_VALUE, 'the source environment, e.g. staging (at most 256 letters, digits, spaces and + - = . _ : / @)');
  if (promotedFrom && rollbackTo) throw new ConfigurationError('promoted-from is tagged on the revisions a deploy registers, and rollback-to registers none (it returns to a revision this environment ran): remove promoted-from', 'promoted-from');
  const commit = env.GITHUB_SHA ?? '';
  const releaseId = reader.matching('release-id', TAG_VALUE, 'a release id of at most 256 letters, digits, spaces and + - = . _ : / @', commit);
  if (!releaseId && !rollbackTo) throw new ConfigurationError('is empty and GITHUB_SHA is not set: name the release', 'release-id');
  const waitTimeout = reader.string('wait-timeout', '30m');
  const waitTimeoutMs = reader.duration('wait-timeout', '30m');
  if (waitTimeoutMs <= 0) throw new ConfigurationError('must be longer than 0', 'wait-timeout');
  const pollMs = reader.duration('poll-interval', '10s');
  if (pollMs < 10 || pollMs > 300_000) throw new ConfigurationError(`must be between 10ms and 5m, got ${pollMs} ms`, 'poll-interval');
  const githubToken = reader.secret('github-token');
  const environment = reader.string('environment');
  const environmentUrl = reader.matching('environment-url', /^https?:\/\/\S+$/, 'an http(s) URL');
  // A job with `environment:` already has GitHub's own deployment record; a second one from the
  // action doubles every push's records, so the action records one only when asked.
  const githubDeployment = reader.boolean('github-deployment', false);
  if (githubDeployment && !githubToken) throw new ConfigurationError('is true but github-token is empty: pass github-token: ${{ github.token }} (with permissions deployments: write)', 'github-deployment');
  if (githubToken && !githubDeployment) {
    throw new ConfigurationError(
      "github-token is set but github-deployment is false, so no deployment would be recorded: a job with environment: already has GitHub's own record (remove github-token); set github-deployment: true only in a job without environment:",
      'github-deployment',
    );
  }
  if (githubDeployment && !environment) throw new ConfigurationError('is required with github-deployment: the GitHub environment to record the deployment in', 'environment');
  const migrateCommand = reader.string('migrate-command');
  if (migrateCommand) {
    let argv: string[];
    try {
      argv = splitCommand(migrateCommand);
    } catch (error) {
      throw new ConfigurationError(`is not a command: ${error instanceof Error ? error.message : String(error)}`, 'migrate-command');
    }
    if (argv.length === 0) throw new ConfigurationError('is empty', 'migrate-command');
    const problem = shellProblem(argv);
    if (problem) throw new ConfigurationError(problem, 'migrate-command');
  }
  const lockBucket = checkBucketName(reader.string('lock-bucket'), 'lock-bucket');
  const lockWaitMs = reader.duration('lock-wait', '10m');
  if (lockWaitMs < 0 || lockWaitMs > MAX_LOCK_WAIT_MS) throw new ConfigurationError(`must be between 0s and 6h (a job's longest run), got ${lockWaitMs} ms`, 'lock-wait');
  return {
    aws,
    cluster,
    service: services[0],
    services,
    images,
    containerName,
    releaseId,
    commit,
    promotedFrom,
    rollbackTo,
    migrateCommand,
    waitTimeoutMs,
    waitTimeout,
    pollMs,
    onFailure: reader.choice('on-failure', ['rollback', 'stop'] as const, 'rollback'),
    supersede: reader.boolean('supersede', false),
    dryRun: reader.boolean('dry-run', false),
    circuitBreaker: reader.boolean('circuit-breaker', true),
    minimumTasks: reader.integer('minimum-tasks', 0, { min: 0, max: 1000 }),
    githubToken,
    githubDeployment,
    environment,
    environmentUrl,
    lockBucket,
    lockWaitMs,
    run: workflowRun(env),
    taskDefinitions: readTaskDefinitionInput(reader, env, rollbackTo, services.length),
    smoke: readSmokeCheck(reader),
  };
}
