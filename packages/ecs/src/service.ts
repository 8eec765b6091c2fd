import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type Service, type Tag, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError, isNamed } from '@tandem/kit';
import type { Clients } from './clients.js';

export async function describeService(clients: Clients, cluster: string, serviceName: string): Promise<Service> {
  const answer = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] })).catch((error: unknown) => {
    if (isNamed(error, 'ClusterNotFoundException')) {
      throw new ConfigurationError(`cluster '${cluster}' does not exist (ClusterNotFoundException): check its name or ARN, and aws-region`, 'cluster');
    }
    throw error;
  });
  const service = answer.services?.[0];
  if (!service) {
    const why = answer.failures?.[0]?.reason ?? 'not found';
    throw new ConfigurationError(`service '${serviceName}' in cluster '${cluster}': ${why}: check the service name, and that cluster names the cluster it runs in`, 'service');
  }
  return service;
}

export interface RunningRelease {
  service: Service;
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

export async function describeTaskDefinition(clients: Clients, arn: string): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }> {
  const answer = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
  if (!answer.taskDefinition) throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`);
  return { taskDefinition: answer.taskDefinition, tags: answer.tags ?? [] };
}

/** What the service runs now: its task definition (not the family's latest revision) and its tags. */
export async function readRunningRelease(clients: Clients, cluster: string, serviceName: string): Promise<RunningRelease> {
  const service = await describeService(clients, cluster, serviceName);
  if (service.status !== 'ACTIVE') throw new ConfigurationError(`service '${serviceName}' is ${service.status}, not ACTIVE`, 'service');
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    throw new ConfigurationError(`service '${serviceName}' uses the ${controller} deployment controller; this action performs ECS rolling updates only`, 'service');
  }
  const arn = servingTaskDefinition(service);
  if (!arn) throw new ConfigurationError(`service '${serviceName}' runs no task definition`, 'service');
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
