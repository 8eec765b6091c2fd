import type { Service } from '@aws-sdk/client-ecs';

/** What UpdateService must do so that `target` serves, decided from the service alone. */
export interface ServingDecision {
  /** False only when the target already serves: nothing is sent, nothing is waited on. */
  rollOut: boolean;
  /**
   * UpdateService with an unchanged task definition starts no deployment; a PRIMARY deployment of
   * the target that FAILED (or never reports COMPLETED) needs forceNewDeployment to be tried again.
   */
  forceNewDeployment: boolean;
  reason: string;
}

/**
 * Whether `target` serves now, as ECS defines it: the service's taskDefinition is what ECS rolls
 * towards, and its PRIMARY deployment's rolloutState says whether that rollout finished. A
 * COMPLETED deployment that is no longer PRIMARY (left behind by a FAILED one with ECS's rollback
 * off) is not what the service is moving to, so it never makes a rollout unnecessary.
 */
export function servingDecision(service: Pick<Service, 'taskDefinition' | 'deployments'>, target: string): ServingDecision {
  const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
  const name = target.split('/').pop();
  if (service.taskDefinition !== target) {
    return { rollOut: true, forceNewDeployment: false, reason: `the service's task definition is ${service.taskDefinition?.split('/').pop() ?? 'unset'}, not ${name}` };
  }
  if (!primary || primary.taskDefinition !== target) {
    const what = primary ? `runs ${primary.taskDefinition?.split('/').pop()}` : 'is missing';
    return { rollOut: true, forceNewDeployment: true, reason: `the service names ${name} but its PRIMARY deployment ${what}` };
  }
  if (primary.rolloutState === 'COMPLETED') return { rollOut: false, forceNewDeployment: false, reason: `${name} serves: its PRIMARY deployment ${primary.id} is COMPLETED` };
  if (primary.rolloutState === 'IN_PROGRESS') {
    return { rollOut: true, forceNewDeployment: false, reason: `${name} is being rolled out by PRIMARY deployment ${primary.id} (IN_PROGRESS): waiting on it` };
  }
  return { rollOut: true, forceNewDeployment: true, reason: `the PRIMARY deployment ${primary.id} of ${name} is ${primary.rolloutState ?? 'without a rolloutState'}: starting a new deployment` };
}
