import { UpdateServiceCommand, type DeploymentConfiguration, type Service } from '@aws-sdk/client-ecs';
import type { Log } from '@tandem/kit';
import { watchRollout, type Clients, type Clock, type RolloutAssessment, type RolloutPhase } from '@tandem/ecs';

export interface RolloutContext {
  clients: Clients;
  clock: Clock;
  log: Log;
  cluster: string;
  serviceName: string;
  pollMs: number;
  waitLimit: string;
  seenEvents: Set<string>;
  signal?: AbortSignal;
  /** Records the first time each milestone is reached. */
  milestone(step: string, at: number): void;
  /** Throws unless this run still holds the deploy lock; called before a rollback starts. */
  assertHeld?: (before: string) => Promise<void>;
}

/**
 * The deployment configuration sent with UpdateService: the service's own, with the circuit
 * breaker on when asked (ECS then stops a rollout whose tasks keep failing; its own rollback
 * follows on-failure). Undefined leaves the service's configuration alone.
 */
export function deploymentConfiguration(service: Service, circuitBreaker: boolean, rollback: boolean): DeploymentConfiguration | undefined {
  if (!circuitBreaker) return undefined;
  return { ...service.deploymentConfiguration, deploymentCircuitBreaker: { enable: true, rollback } };
}

/** Starts a deployment of one task definition and returns its id, from UpdateService's answer. */
export async function startDeployment(context: RolloutContext, taskDefinitionArn: string, configuration?: DeploymentConfiguration, forceNewDeployment = false): Promise<string> {
  const answer = await context.clients.ecs.send(
    new UpdateServiceCommand({
      cluster: context.cluster,
      service: context.serviceName,
      taskDefinition: taskDefinitionArn,
      forceNewDeployment,
      ...(configuration ? { deploymentConfiguration: configuration } : {}),
    }),
  );
  const deployments = answer.service?.deployments ?? [];
  const ours = deployments.find((deployment) => deployment.status === 'PRIMARY' && deployment.taskDefinition === taskDefinitionArn);
  if (!ours?.id) {
    throw new Error(`UpdateService did not start a deployment of ${taskDefinitionArn}: the PRIMARY deployment runs ${deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? 'nothing'}`);
  }
  context.log.info(`deployment ${ours.id} started: ${taskDefinitionArn}`);
  return ours.id;
}

const MILESTONES: Record<RolloutPhase, string[]> = {
  starting: [],
  registering: ['tasks started'],
  draining: ['tasks started', 'healthy'],
  completing: ['tasks started', 'healthy'],
  completed: ['tasks started', 'healthy', 'drained'],
  failed: [],
};

/** Waits on one deployment until it completes or fails, within wait-timeout from now. */
export async function waitForDeployment(
  context: RolloutContext,
  deployment: { id: string; taskDefinitionArn: string; previousTaskDefinitionArn?: string; circuitBreaker: boolean },
  waitMs: number,
  prefix = '',
): Promise<RolloutAssessment> {
  return watchRollout({
    clients: context.clients,
    clock: context.clock,
    log: context.log,
    cluster: context.cluster,
    serviceName: context.serviceName,
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    previousTaskDefinitionArn: deployment.previousTaskDefinitionArn,
    circuitBreaker: deployment.circuitBreaker,
    deadline: context.clock.now() + waitMs,
    waitLimit: context.waitLimit,
    pollMs: context.pollMs,
    seenEvents: context.seenEvents,
    signal: context.signal,
    onPhase: (phase, at) => MILESTONES[phase].forEach((step) => context.milestone(`${prefix}${step}`, at)),
  });
}
