import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type Service, type Tag, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError, isNamed } from '@tandem/kit';
import { targetGroupName } from './assess.js';
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
  const refusal = deploymentRefusal(service, serviceName);
  if (refusal) throw new ConfigurationError(refusal, input);
  const arn = servingTaskDefinition(service);
  if (!arn) throw new ConfigurationError(`service '${serviceName}' runs no task definition`, input);
  const { taskDefinition, tags } = await describeTaskDefinition(clients, arn);
  return { service, taskDefinition, tags };
}

/**
 * Why this action cannot deploy the service, when ECS does not roll it out as a rolling update:
 * the action's wait (the new tasks' targets in the service's target groups, the PRIMARY
 * deployment's rolloutState) and its return to the serving revision are a rolling update's.
 * - CODE_DEPLOY: CodeDeploy moves the tasks, and UpdateService refuses a task definition.
 * - EXTERNAL: a third-party controller places task sets of its own.
 * - the ECS controller with strategy BLUE_GREEN, LINEAR or CANARY (ECS API Reference,
 *   DeploymentConfiguration.strategy; absent on services made before it, which roll): the new
 *   revision's tasks register in the alternate target group while the old keep serving, the
 *   listener's traffic moves over bake time, and ECS rolls back by itself.
 */
export function deploymentRefusal(service: Service, serviceName: string): string | undefined {
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller === 'CODE_DEPLOY') {
    return `service '${serviceName}' uses the CODE_DEPLOY deployment controller: CodeDeploy moves its tasks between two target groups, and ECS refuses a new task definition in UpdateService for it. This action deploys ECS rolling updates only: deploy this service with a CodeDeploy deployment, or move it to the ECS deployment controller with the ROLLING strategy`;
  }
  if (controller !== 'ECS') {
    return `service '${serviceName}' uses the ${controller} deployment controller: its task sets are placed by a controller of its own, not by UpdateService. This action deploys ECS rolling updates only: deploy this service with that controller, or move it to the ECS deployment controller with the ROLLING strategy`;
  }
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
  if (strategy === 'ROLLING') return undefined;
  const alternates = (service.loadBalancers ?? []).map((balancer) => balancer.advancedConfiguration?.alternateTargetGroupArn).filter((arn): arn is string => Boolean(arn));
  const where = alternates.length > 0 ? `the alternate target group${alternates.length > 1 ? 's' : ''} ${alternates.map(targetGroupName).join(', ')}` : 'an alternate target group';
  return `service '${serviceName}' deploys with ECS's ${strategy} strategy: ECS starts the new revision's tasks in ${where} while the old ones keep serving, moves the listener's traffic to them, and rolls back by itself. This action waits on a rolling update (the new tasks' targets in the service's target groups) and returns to the serving revision itself, which would misjudge such a deployment. To deploy the service with this action, set its deploymentConfiguration.strategy to ROLLING`;
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
