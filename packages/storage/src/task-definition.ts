import { readFile } from 'node:fs/promises';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError, describeThrown, isNamed } from '@tandem/kit';

export type TaskDefinitionSource =
  | { kind: 'service'; cluster: string; service: string }
  | { kind: 'reference'; reference: string }
  | { kind: 'file'; path: string };

export interface LoadedTaskDefinition {
  taskDefinition: TaskDefinition;
  /** Where it came from, for the report: an ARN, or the file path. */
  origin: string;
}

/** Reads a task definition from a file written by a render step or `aws ecs describe-task-definition`. */
export function parseTaskDefinitionFile(text: string, path: string): TaskDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${path} is not valid JSON (${(error as Error).message})`, 'task-definition');
  }
  const candidate = (parsed && typeof parsed === 'object' && 'taskDefinition' in parsed ? (parsed as { taskDefinition: unknown }).taskDefinition : parsed) as TaskDefinition;
  if (!candidate || typeof candidate !== 'object' || !Array.isArray(candidate.containerDefinitions) || candidate.containerDefinitions.length === 0) {
    throw new ConfigurationError(`${path} holds no containerDefinitions: give a task definition JSON (with or without the taskDefinition wrapper)`, 'task-definition');
  }
  return candidate;
}

export async function loadTaskDefinition(source: TaskDefinitionSource, ecs: () => ECSClient): Promise<LoadedTaskDefinition> {
  if (source.kind === 'file') {
    const text = await readFile(source.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigurationError(`cannot read ${source.path} (${error.code ?? error.message})`, 'task-definition');
    });
    return { taskDefinition: parseTaskDefinitionFile(text, source.path), origin: source.path };
  }
  const reference = source.kind === 'reference' ? source.reference : await serviceTaskDefinition(ecs(), source.cluster, source.service);
  const described = await ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition: reference })).catch((error: unknown) => {
    // ECS answers ClientException for a family or revision it does not have.
    if (!isNamed(error, 'ClientException')) throw error;
    throw new ConfigurationError(
      `${reference}: ${describeThrown(error).message} Give a registered family:revision or ARN in this account and region (aws-region), or the path of a rendered task definition file`,
      source.kind === 'service' ? 'service' : 'task-definition',
    );
  });
  if (!described.taskDefinition) throw new ConfigurationError(`no task definition ${reference}`, 'task-definition');
  return { taskDefinition: described.taskDefinition, origin: described.taskDefinition.taskDefinitionArn ?? reference };
}

async function serviceTaskDefinition(ecs: ECSClient, cluster: string, service: string): Promise<string> {
  const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] })).catch((error: unknown) => {
    if (!isNamed(error, 'ClusterNotFoundException')) throw error;
    throw new ConfigurationError(`no cluster ${cluster} in this account and region: check the cluster input (and aws-region)`, 'cluster');
  });
  const found = described.services?.find((candidate) => candidate.status !== 'INACTIVE');
  if (!found?.taskDefinition) {
    const reason = described.failures?.[0]?.reason ?? 'not found';
    throw new ConfigurationError(`service ${service} in cluster ${cluster}: ${reason}. Check the cluster and service inputs`, 'service');
  }
  return found.taskDefinition;
}
