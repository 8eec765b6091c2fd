import { checkVariableName, ConfigurationError, hasUrlPassword, InputReader, isSecretName, mask, readAwsSettings, urlPasswordForms, type AwsSettings } from '@tandem/kit';
import { isAbsolute } from 'node:path';
import { imageReferenceProblem, parseRegistry, repositoryProblem, type BuildSecret, type CacheKind, type Registry, type TagReference } from '@tandem/image';
import { readBuildKitInputs, readTags } from './buildkit-inputs.js';
import { readPromotion, refuseBuildInputs, type Promotion } from './promote-inputs.js';

export const ACTION = 'build-push-django-image';

export interface Inputs {
  aws: AwsSettings;
  repository: string;
  context: string;
  /** A path, or 'generate'; empty means <context>/Dockerfile. */
  dockerfile: string;
  tags: string[];
  /** The tags given as references naming a registry, checked against the registry pushed to once it is known. */
  tagReferences: TagReference[];
  /** The user's labels (metadata-action's labels output); they win over the OCI labels set by default. */
  labels: Array<[string, string]>;
  secrets: BuildSecret[];
  ssh: string[];
  /** '' (the builder's default), none or host. */
  network: string;
  buildArgs: Array<[string, string]>;
  /** The build arguments whose values are secrets: named in secret-build-args, or named like one (TOKEN, PASSWORD, KEY, ...). */
  secretBuildArgs: string[];
  target: string;
  platforms: string[];
  registry?: Registry;
  createRepository: boolean;
  tagMutability: 'IMMUTABLE' | 'MUTABLE';
  untaggedExpiryDays: number;
  skipIfExists: boolean;
  djangoChecks: boolean;
  checkFailLevel: 'ERROR' | 'WARNING';
  checkDatabaseUrl: string;
  checkEnv: Array<[string, string]>;
  managePy: string;
  push: boolean;
  cache: CacheKind | 'auto';
  cacheRef: string;
  provenance: string;
  /** Set with promote-from: copy another environment's image by digest, build nothing. */
  promotion?: Promotion;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/;

/** The database URL for the checks, masked whole and its password in every form, before anything can print it. */
function readDatabaseUrl(reader: InputReader): string {
  const url = reader.string('check-database-url');
  mask(url);
  return url;
}

/**
 * The build arguments, and which of them are secrets. Their values are registered with the
 * runner's mask here, before the build starts, because the build's own output (a RUN step that
 * echoes one, an error) can show them; the others stay readable in the log. A URL with a
 * password in an argument that is not secret keeps only its password hidden.
 */
function readBuildArgs(reader: InputReader): { buildArgs: Array<[string, string]>; secretBuildArgs: string[] } {
  const buildArgs = reader.pairs('build-args');
  const names = new Set(buildArgs.map(([name]) => name));
  const marked = reader.list('secret-build-args');
  for (const name of marked) {
    if (!names.has(name)) throw new ConfigurationError(`'${name}' is not one of the build-args (${[...names].join(', ') || 'none given'})`, 'secret-build-args');
  }
  const secretBuildArgs = [...names].filter((name) => marked.includes(name) || isSecretName(name));
  for (const [name, value] of buildArgs) {
    if (secretBuildArgs.includes(name)) mask(value);
    else if (hasUrlPassword(value)) mask(...urlPasswordForms(value));
  }
  return { buildArgs, secretBuildArgs };
}

export function readInputs(reader = new InputReader()): Inputs {
  const repository = reader.required('repository', 'the ECR repository name, e.g. shop-backend');
  const problem = repositoryProblem(repository);
  if (problem) throw new ConfigurationError(`'${repository}' ${problem}`, 'repository');

  const registryText = reader.string('registry');
  const registry = registryText ? parseRegistry(registryText) : undefined;
  if (registryText && !registry) throw new ConfigurationError(`'${registryText}' is not a registry host such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com`, 'registry');
  const { tags, tagReferences } = readTags(reader, repository, registry);

  // platforms, as docker/build-push-action names it; platform, this action's first name for it.
  const platformInput = reader.string('platforms') ? 'platforms' : 'platform';
  const platforms = reader.list(platformInput, { spaced: { what: 'platforms', isItem: (piece) => PLATFORM.test(piece) } });
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) throw new ConfigurationError(`'${platform}' is not a platform such as linux/amd64`, platformInput);
  }

  const checkEnv = reader.pairs('check-env');
  for (const [name] of checkEnv) checkVariableName(name, 'check-env', 'use letters, digits and _, not starting with a digit');

  const managePy = reader.string('manage-py');
  if (isAbsolute(managePy) || managePy.split('/').includes('..')) {
    throw new ConfigurationError(`'${managePy}' must be a path relative to the image's working directory`, 'manage-py');
  }

  const cache = reader.choice('cache', ['auto', 'gha', 'registry', 'none'] as const, 'auto');
  const cacheRef = reader.string('cache-ref');
  const cacheRefIssue = cacheRef ? imageReferenceProblem(cacheRef) : undefined;
  if (cacheRefIssue) throw new ConfigurationError(`'${cacheRef}' ${cacheRefIssue}`, 'cache-ref');
  if (cache === 'registry' && !cacheRef) {
    throw new ConfigurationError('cache: registry needs cache-ref, an image in a repository with mutable tags (e.g. REGISTRY/shop-cache:main)', 'cache-ref');
  }

  const checkDatabaseUrl = readDatabaseUrl(reader);
  const { buildArgs, secretBuildArgs } = readBuildArgs(reader);
  const djangoChecks = reader.boolean('django-checks', true);
  const push = reader.boolean('push', true);
  // Several platforms cannot be loaded into the local engine: buildx pushes them itself, unchecked.
  if (platforms.length > 1 && djangoChecks) {
    throw new ConfigurationError(
      `${platforms.join(', ')}: an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false`,
      platformInput,
    );
  }
  if (platforms.length > 1 && !push) {
    throw new ConfigurationError(`${platforms.join(', ')}: an image for several platforms can only go straight to the registry: build one platform, or set push: true`, platformInput);
  }

  const aws = readAwsSettings(reader);
  const promotion = readPromotion(reader, aws.region);
  const inputs: Inputs = {
    aws,
    repository,
    context: reader.string('context', '.'),
    dockerfile: reader.string('dockerfile'),
    tags,
    tagReferences,
    ...readBuildKitInputs(reader),
    buildArgs,
    secretBuildArgs,
    target: reader.string('target'),
    platforms,
    registry,
    createRepository: reader.boolean('create-repository', true),
    tagMutability: reader.choice('tag-mutability', ['IMMUTABLE', 'MUTABLE'] as const, 'IMMUTABLE'),
    untaggedExpiryDays: reader.integer('untagged-expiry-days', 14, { min: 1, max: 3650 }),
    skipIfExists: reader.boolean('skip-if-exists', true),
    djangoChecks,
    checkFailLevel: reader.choice('check-fail-level', ['ERROR', 'WARNING'] as const, 'WARNING'),
    checkDatabaseUrl,
    checkEnv,
    managePy,
    push,
    cache,
    cacheRef,
    provenance: reader.string('provenance', 'false'),
    ...(promotion ? { promotion } : {}),
  };
  if (promotion) refuseBuildInputs(inputs);
  return inputs;
}
