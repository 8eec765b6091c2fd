import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { checkVariableName, ConfigurationError, InputReader, readAwsSettings, type AwsSettings } from '@tandem/kit';
import { arnRegionProblem } from '@tandem/ecs';
import type { FailOn, MediaMode, TaskDefinitionSource } from '@tandem/storage';

export const ACTION = 'verify-shared-storage';

export interface Inputs {
  source: TaskDefinitionSource;
  containerName: string;
  databaseUrlEnv: string;
  mediaBucketEnv: string;
  image: string;
  /** A Docker config folder to pull the image with when it is not on the runner. */
  dockerConfig: string;
  settingsModule: string;
  requireRds: boolean;
  probe: boolean;
  probePrefix: string;
  allowSecretResolution: boolean;
  failOn: FailOn;
  media: MediaMode;
  aws: AwsSettings;
}

const CLUSTER = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/;
const SERVICE = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/([A-Za-z0-9_-]+\/)?)?[A-Za-z0-9_-]{1,255}$/;
const TASK_DEFINITION = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;
// A reference as docker accepts it: registry/name[:tag][@sha256:digest], or an image id.
const IMAGE = /^(?:sha256:[a-f0-9]{64}|[a-z0-9]+(?:[._:/-][A-Za-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?)$/;
const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The name of the task definition's variable that holds something (the database URL, the bucket). */
function variableName(reader: InputReader, input: string, holds: string, fallback: string): string {
  return checkVariableName(reader.string(input, fallback), input, `give the name of the task definition's variable that holds ${holds}, such as ${fallback}`);
}

/** A settings module given as its file's path (shop/settings/production.py) says which dotted path it means. */
function settingsModule(reader: InputReader): string {
  const value = reader.string('settings-module');
  if (!value || MODULE.test(value)) return value;
  const dotted = value.replace(/\.py$/, '').replace(/^\.?\//, '').split('/').join('.');
  const hint = MODULE.test(dotted) ? `: give the module's dotted path as Python imports it, such as ${dotted}` : ' such as shop.settings';
  throw new ConfigurationError(`'${value}' is not a Python module path${hint}`, 'settings-module');
}

function readDockerConfig(reader: InputReader, workspace: string): string {
  const folder = reader.string('docker-config');
  if (!folder) return '';
  const path = resolve(workspace, folder);
  if (!existsSync(path)) {
    throw new ConfigurationError(`folder ${path} does not exist: pass build-push-django-image's docker-config output from the same job, before its post step removes it`, 'docker-config');
  }
  return path;
}

export function readInputs(reader = new InputReader(), workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()): Inputs {
  const inputs: Inputs = {
    source: readSource(reader, workspace),
    containerName: reader.string('container-name'),
    databaseUrlEnv: variableName(reader, 'database-url-env', 'the database URL', 'DATABASE_URL'),
    mediaBucketEnv: variableName(reader, 'media-bucket-env', 'the media bucket', 'AWS_STORAGE_BUCKET_NAME'),
    image: reader.matching('image', IMAGE, 'an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:abc123'),
    dockerConfig: readDockerConfig(reader, workspace),
    settingsModule: settingsModule(reader),
    requireRds: reader.boolean('require-rds', true),
    probe: reader.boolean('probe', true),
    probePrefix: reader.string('probe-prefix', 'verify-shared-storage-probe/'),
    allowSecretResolution: reader.boolean('allow-secret-resolution', false),
    failOn: reader.choice('fail-on', ['error', 'warning'] as const, 'error'),
    media: reader.choice('media', ['auto', 'required', 'none'] as const, 'auto'),
    aws: readAwsSettings(reader),
  };
  const named = inputs.source.kind === 'service' ? { cluster: inputs.source.cluster, service: inputs.source.service } : inputs.source.kind === 'reference' ? { 'task-definition': inputs.source.reference } : {};
  for (const [input, value] of Object.entries(named)) {
    const problem = arnRegionProblem(value, inputs.aws.region);
    if (problem) throw new ConfigurationError(problem, input);
  }
  const prefix = inputs.probePrefix;
  if (!prefix.endsWith('/') || prefix.startsWith('/') || prefix.length > 200 || /\.\.|\/\//.test(prefix)) {
    throw new ConfigurationError(`'${prefix}' must be a relative folder ending in / (such as verify-shared-storage-probe/), at most 200 characters`, 'probe-prefix');
  }
  return inputs;
}

function readSource(reader: InputReader, workspace: string): TaskDefinitionSource {
  const cluster = reader.matching('cluster', CLUSTER, 'an ECS cluster name or ARN');
  const service = reader.matching('service', SERVICE, 'an ECS service name or ARN');
  const taskDefinition = reader.string('task-definition');
  if (taskDefinition && (cluster || service)) {
    throw new ConfigurationError('give either task-definition, or cluster and service, not both', 'task-definition');
  }
  if (taskDefinition) {
    const path = isAbsolute(taskDefinition) ? taskDefinition : resolve(workspace, taskDefinition);
    if (existsSync(path)) return { kind: 'file', path };
    if (TASK_DEFINITION.test(taskDefinition)) return { kind: 'reference', reference: taskDefinition };
    throw new ConfigurationError(`'${taskDefinition}' is neither a file (looked at ${path}) nor a task definition ARN or family:revision`, 'task-definition');
  }
  if (service && !cluster) throw new ConfigurationError('is required with service', 'cluster');
  if (cluster && !service) throw new ConfigurationError('is required with cluster', 'service');
  if (!service) throw new ConfigurationError('is required: give task-definition (an ARN, family:revision or a JSON file), or cluster and service', 'task-definition');
  return { kind: 'service', cluster, service };
}
