// What one environment of the app needs to be told; everything else follows from it. Read and
// checked before any construct is made, so a bad value fails the synth with a message naming it.

export interface EnvironmentConfig {
  /** Short name of the app: the first part of every resource name (`shop`). */
  app: string;
  /** The environment, also the GitHub environment the deploy role trusts (`production`). */
  environment: string;
  /** `owner/name` of the GitHub repository whose workflows may assume the deploy role. */
  repository: string;
  /** ACM certificate for HTTPS on the load balancer; without one it listens on HTTP only. */
  certificateArn?: string;
  /** Path the load balancer's health check asks for. */
  healthPath: string;
  /** Port gunicorn listens on in the container. */
  containerPort: number;
  /** Command of the worker service; none when the app has no worker. */
  workerCommand?: string[];
  /** RDS in a standby zone too. */
  multiAz: boolean;
  /** ARN of GitHub's OIDC provider when the account already has one (one per account). */
  oidcProviderArn?: string;
  /** Names of the three buckets; default `<app>-<environment>-site|media|deploy-locks`. */
  buckets: { site: string; media: string; locks: string };
  /**
   * The environment of this app, in the same file and account, whose releases promote.yml brings
   * here: the deploy role may read its site and pull its images. Its region defaults to this one's.
   */
  promoteFrom?: { environment: string; region?: string };
}

export type EnvironmentInput = Partial<Omit<EnvironmentConfig, 'buckets' | 'promoteFrom'>> & { buckets?: Partial<EnvironmentConfig['buckets']>; promoteFrom?: Partial<NonNullable<EnvironmentConfig['promoteFrom']>> };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const CERTIFICATE = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OIDC_PROVIDER = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
// S3's rules for a bucket name, less the ones no name made here can break.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function fail(where: string, input: string, message: string): never {
  throw new ConfigError(`${where}: '${input}' ${message}`);
}

/** One environment's settings from its input, every value checked. */
export function readEnvironment(input: EnvironmentInput, where = 'environment'): EnvironmentConfig {
  const app = input.app ?? fail(where, 'app', 'is required (the short name of the app, such as shop)');
  if (!NAME.test(app)) fail(where, 'app', `must be 1-20 of a-z 0-9 - starting with a letter, not '${app}'`);
  const environment = input.environment ?? fail(where, 'environment', 'is required (such as production)');
  if (!NAME.test(environment)) fail(where, 'environment', `must be 1-20 of a-z 0-9 - starting with a letter, not '${environment}'`);
  const at = `${where} ${app}-${environment}`;
  if (!input.repository) fail(at, 'repository', 'is required: the owner/name of the GitHub repository that deploys (the deploy role trusts only it)');
  if (!REPOSITORY.test(input.repository)) fail(at, 'repository', `must be owner/name, not '${input.repository}'`);
  if (input.certificateArn !== undefined && !CERTIFICATE.test(input.certificateArn)) {
    fail(at, 'certificateArn', `must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/UUID), not '${input.certificateArn}'`);
  }
  if (input.oidcProviderArn !== undefined && !OIDC_PROVIDER.test(input.oidcProviderArn)) {
    fail(at, 'oidcProviderArn', `must be the ARN of GitHub's provider (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com), not '${input.oidcProviderArn}'`);
  }
  const healthPath = input.healthPath ?? '/healthz';
  if (!/^\/[A-Za-z0-9._~/-]{0,1023}$/.test(healthPath)) fail(at, 'healthPath', `must be a path starting with /, not '${healthPath}'`);
  const containerPort = input.containerPort ?? 8000;
  if (!Number.isInteger(containerPort) || containerPort < 1024 || containerPort > 65535) fail(at, 'containerPort', `must be a port 1024-65535, not ${containerPort}`);
  if (input.workerCommand !== undefined && (input.workerCommand.length === 0 || input.workerCommand.some((part) => typeof part !== 'string' || part === ''))) {
    fail(at, 'workerCommand', 'must be a non-empty list of non-empty strings, or left out when the app has no worker');
  }
  const prefix = `${app}-${environment}`;
  const buckets = {
    site: input.buckets?.site ?? `${prefix}-site`,
    media: input.buckets?.media ?? `${prefix}-media`,
    locks: input.buckets?.locks ?? `${prefix}-deploy-locks`,
  };
  for (const [role, bucket] of Object.entries(buckets)) {
    if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) fail(at, `buckets.${role}`, `is not a valid S3 bucket name: '${bucket}'`);
  }
  if (new Set(Object.values(buckets)).size !== 3) fail(at, 'buckets', 'must name three different buckets');
  const promoteFrom = input.promoteFrom && readPromoteFrom(input.promoteFrom, environment, at);
  return {
    app,
    environment,
    repository: input.repository,
    certificateArn: input.certificateArn,
    healthPath,
    containerPort,
    workerCommand: input.workerCommand,
    multiAz: input.multiAz ?? false,
    oidcProviderArn: input.oidcProviderArn,
    buckets,
    ...(promoteFrom ? { promoteFrom } : {}),
  };
}

function readPromoteFrom(input: Partial<NonNullable<EnvironmentConfig['promoteFrom']>>, own: string, at: string): NonNullable<EnvironmentConfig['promoteFrom']> {
  const { environment, region } = input;
  if (!environment) fail(at, 'promoteFrom.environment', 'is required: the environment whose releases are promoted here, such as staging');
  if (environment === own) fail(at, 'promoteFrom.environment', 'names this environment itself: promote from another one, such as staging');
  if (region !== undefined && !REGION.test(region)) fail(at, 'promoteFrom.region', `must be an AWS region such as us-east-1, not '${region}'`);
  return region === undefined ? { environment } : { environment, region };
}

/** Every environment of the app, refused when two would make the same stack or bucket. */
export function readEnvironments(inputs: EnvironmentInput[]): EnvironmentConfig[] {
  const configs = inputs.map((input, index) => readEnvironment(input, `environments[${index}]`));
  const stacks = new Map<string, EnvironmentConfig>();
  const owners = new Map<string, string>();
  for (const config of configs) {
    const stack = stackName(config);
    if (stacks.has(stack)) throw new ConfigError(`environments: ${stack} is given twice`);
    stacks.set(stack, config);
    for (const [role, bucket] of Object.entries(config.buckets)) {
      const owner = owners.get(bucket);
      if (owner) throw new ConfigError(`${stack}: 'buckets.${role}' is '${bucket}', a bucket the stack ${owner} already makes; give each environment its own`);
      owners.set(bucket, `${stack} (buckets.${role})`);
    }
  }
  for (const config of configs) {
    const source = config.promoteFrom && stackName({ app: config.app, environment: config.promoteFrom.environment });
    if (source && !stacks.has(source)) throw new ConfigError(`${stackName(config)}: 'promoteFrom.environment' is '${config.promoteFrom?.environment}', but this file has no environment ${source}: add it, or grant the reads by hand`);
  }
  return configs;
}

/** The environment a stack promotes from, when it names one. */
export function promoteSource(config: EnvironmentConfig, configs: EnvironmentConfig[]): EnvironmentConfig | undefined {
  const from = config.promoteFrom?.environment;
  return from === undefined ? undefined : configs.find((other) => other.app === config.app && other.environment === from);
}

export function stackName(config: Pick<EnvironmentConfig, 'app' | 'environment'>): string {
  return `${config.app}-${config.environment}`;
}
