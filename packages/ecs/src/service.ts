import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type Service, type Tag, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError, isNamed } from '@tandem/kit';
import type { Clients } from './clients.js';

export async function describeService(clients: Pick<Clients, 'ecs'>, cluster: string, serviceName: string, input = 'service'): Promise<Service> {
  const answer = await sendDescribeServices(clients, cluster, [serviceName]);
  const service = answer.services?.[0];
  if (!service) {
    const why = answer.failures?.[0]?.reason ?? 'not found';
    throw new ConfigurationError(`service '${serviceName}' in cluster '${cluster}': ${why}: check the service name, and that cluster names the cluster it runs in`, input);
  }
  return service;
}

function sendDescribeServices(clients: Pick<Clients, 'ecs'>, cluster: string, services: string[]) {
  return clients.ecs.send(new DescribeServicesCommand({ cluster, services })).catch((error: unknown) => {
    if (isNamed(error, 'ClusterNotFoundException')) {
      throw new ConfigurationError(`cluster '${cluster}' does not exist (ClusterNotFoundException): check its name or ARN, and aws-region`, 'cluster');
    }
    throw error;
  });
}

/** DescribeServices takes at most 10 services a call (ECS API reference). */
export const DESCRIBE_SERVICES_LIMIT = 10;

/** Several services of one cluster, 10 a call, in the order asked; a missing one is a configuration error. */
export async function describeServices(clients: Pick<Clients, 'ecs'>, cluster: string, names: string[]): Promise<Service[]> {
  const found: Service[] = [];
  for (let at = 0; at < names.length; at += DESCRIBE_SERVICES_LIMIT) {
    const batch = names.slice(at, at + DESCRIBE_SERVICES_LIMIT);
    if (batch.length === 1) {
      found.push(await describeService(clients, cluster, batch[0], names.length > 1 ? 'services' : 'service'));
      continue;
    }
    const answer = await sendDescribeServices(clients, cluster, batch);
    for (const name of batch) {
      const service = (answer.services ?? []).find((candidate) => candidate.serviceName === name.split('/').pop() || candidate.serviceArn === name);
      if (!service) {
        const why = (answer.failures ?? []).find((failure) => failure.arn?.endsWith(`/${name.split('/').pop()}`))?.reason ?? 'not found';
        throw new ConfigurationError(`service '${name}' in cluster '${cluster}': ${why}: check the service name, and that cluster names the cluster it runs in`, 'services');
      }
      found.push(service);
    }
  }
  return found;
}

export interface RunningRelease {
  service: Service;
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

export async function describeTaskDefinition(clients: Pick<Clients, 'ecs'>, arn: string): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }> {
  const answer = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
  if (!answer.taskDefinition) throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`);
  return { taskDefinition: answer.taskDefinition, tags: answer.tags ?? [] };
}

/** What the service runs now: its task definition (not the family's latest revision) and its tags. */
export async function readRunningRelease(clients: Clients, cluster: string, serviceName: string, input = 'service', described?: Service): Promise<RunningRelease> {
  const service = described ?? (await describeService(clients, cluster, serviceName, input));
  if (service.status !== 'ACTIVE') throw new ConfigurationError(`service '${serviceName}' is ${service.status}, not ACTIVE`, input);
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    throw new ConfigurationError(`service '${serviceName}' uses the ${controller} deployment controller; this action performs ECS rolling updates only`, input);
  }
  const arn = servingTaskDefinition(service);
  if (!arn) throw new ConfigurationError(`service '${serviceName}' runs no task definition`, input);
  const { taskDefinition, tags } = await describeTaskDefinition(clients, arn);
  return { service, taskDefinition, tags };
}

/**
 * The revision the last completed rollout left: the COMPLETED deployment's, else the PRIMARY's,
 * else the service's. A new revision is rendered from it and a failed rollout returns to it.
 * Whether a given revision serves (and a rollout can be skipped) is servingDecision's question:
 * this one may be an ACTIVE deployment under a FAILED PRIMARY.
 */
export function servingTaskDefinition(service: Service): string | undefined {
  const deployments = service.deployments ?? [];
  const completed = deployments.find((deployment) => deployment.rolloutState === 'COMPLETED');
  const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
  return completed?.taskDefinition ?? primary?.taskDefinition ?? service.taskDefinition;
}
