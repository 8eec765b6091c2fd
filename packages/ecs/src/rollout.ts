import { UpdateServiceCommand, type DeploymentConfiguration, type Service } from '@aws-sdk/client-ecs';
import type { Log } from '@tandem/kit';
import type { Clients } from './clients.js';

/**
 * The deployment configuration sent with UpdateService: the service's own, with the circuit
 * breaker on when asked (ECS then stops a rollout whose tasks keep failing; its own rollback
 * follows on-failure). Undefined leaves the service's configuration alone.
 */
export function deploymentConfiguration(service: Service, circuitBreaker: boolean, rollback: boolean): DeploymentConfiguration | undefined {
  if (!circuitBreaker) return undefined;
  return { ...service.deploymentConfiguration, deploymentCircuitBreaker: { enable: true, rollback } };
}

/** Whether ECS's circuit breaker watches the deployment UpdateService starts with `configuration`. */
export function breakerOn(service: Service, configuration: DeploymentConfiguration | undefined): boolean {
  return configuration?.deploymentCircuitBreaker?.enable ?? service.deploymentConfiguration?.deploymentCircuitBreaker?.enable ?? false;
}

export interface DeploymentRequest {
  service: string;
  taskDefinitionArn: string;
  configuration?: DeploymentConfiguration;
  forceNewDeployment?: boolean;
  /** Raises the service's desired count with the deployment (minimum-tasks); undefined leaves it. */
  desiredCount?: number;
}

/** Starts a deployment of one task definition and returns its id, from UpdateService's answer. */
export async function startDeployment(clients: Clients, log: Log, cluster: string, request: DeploymentRequest): Promise<string> {
  const answer = await clients.ecs.send(
    new UpdateServiceCommand({
      cluster,
      service: request.service,
      taskDefinition: request.taskDefinitionArn,
      forceNewDeployment: request.forceNewDeployment ?? false,
      ...(request.configuration ? { deploymentConfiguration: request.configuration } : {}),
      ...(request.desiredCount !== undefined ? { desiredCount: request.desiredCount } : {}),
    }),
  );
  const deployments = answer.service?.deployments ?? [];
  const ours = deployments.find((deployment) => deployment.status === 'PRIMARY' && deployment.taskDefinition === request.taskDefinitionArn);
  if (!ours?.id) {
    throw new Error(`UpdateService did not start a deployment of ${request.taskDefinitionArn}: the PRIMARY deployment runs ${deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? 'nothing'}`);
  }
  log.info(`deployment ${ours.id} started: ${request.taskDefinitionArn}`);
  return ours.id;
}

/** Whether a revision's essential containers carry a health check, so that its tasks report HEALTHY. */
export function healthChecked(definition: { containerDefinitions?: Array<{ essential?: boolean; healthCheck?: unknown }> } | undefined): boolean {
  return (definition?.containerDefinitions ?? []).some((container) => container.essential !== false && !!container.healthCheck);
}
