import type { Deployment, DeploymentRolloutState } from '@aws-sdk/client-ecs';
import { servingDecision } from '../src/index.js';

const TARGET = 'arn:aws:ecs:us-east-1:1:task-definition/shop-web:2';
const OTHER = 'arn:aws:ecs:us-east-1:1:task-definition/shop-web:3';
const primary = (taskDefinition: string, rolloutState?: DeploymentRolloutState): Deployment => ({ id: 'ecs-svc/p', status: 'PRIMARY', taskDefinition, ...(rolloutState ? { rolloutState } : {}) });
const active = (taskDefinition: string, rolloutState: DeploymentRolloutState): Deployment => ({ id: 'ecs-svc/a', status: 'ACTIVE', taskDefinition, rolloutState });

// Every combination the ECS API reference documents: the service's taskDefinition (what ECS
// rolls towards), the PRIMARY deployment's task definition and its rolloutState (COMPLETED,
// IN_PROGRESS, FAILED, or absent), with or without an older ACTIVE deployment beside it.
test.each<[string, string | undefined, Deployment[], boolean, boolean, RegExp]>([
  ['target PRIMARY COMPLETED, alone', TARGET, [primary(TARGET, 'COMPLETED')], false, false, /serves: its PRIMARY deployment ecs-svc\/p is COMPLETED/],
  ['target PRIMARY COMPLETED, an ACTIVE one still draining', TARGET, [primary(TARGET, 'COMPLETED'), active(OTHER, 'FAILED')], false, false, /serves/],
  ['target PRIMARY IN_PROGRESS', TARGET, [primary(TARGET, 'IN_PROGRESS'), active(OTHER, 'COMPLETED')], true, false, /IN_PROGRESS\): waiting on it/],
  ['target PRIMARY FAILED, breaker rollback off', TARGET, [primary(TARGET, 'FAILED'), active(OTHER, 'COMPLETED')], true, true, /is FAILED: starting a new deployment/],
  ['target PRIMARY without a rolloutState', TARGET, [primary(TARGET)], true, true, /without a rolloutState/],
  // The defect: the broken revision is PRIMARY FAILED and the target only ACTIVE COMPLETED.
  ['other PRIMARY FAILED, target ACTIVE COMPLETED', OTHER, [primary(OTHER, 'FAILED'), active(TARGET, 'COMPLETED')], true, false, /task definition is shop-web:3, not shop-web:2/],
  ['other PRIMARY IN_PROGRESS, target ACTIVE COMPLETED', OTHER, [primary(OTHER, 'IN_PROGRESS'), active(TARGET, 'COMPLETED')], true, false, /not shop-web:2/],
  ['other PRIMARY COMPLETED', OTHER, [primary(OTHER, 'COMPLETED')], true, false, /not shop-web:2/],
  ['other PRIMARY COMPLETED, target ACTIVE FAILED', OTHER, [primary(OTHER, 'COMPLETED'), active(TARGET, 'FAILED')], true, false, /not shop-web:2/],
  ['ECS rolling back to the target: target PRIMARY IN_PROGRESS, other ACTIVE FAILED', TARGET, [primary(TARGET, 'IN_PROGRESS'), active(OTHER, 'FAILED')], true, false, /waiting on it/],
  ['service names the target, PRIMARY runs another', TARGET, [primary(OTHER, 'COMPLETED')], true, true, /PRIMARY deployment runs shop-web:3/],
  ['service names the target, no PRIMARY deployment', TARGET, [active(TARGET, 'COMPLETED')], true, true, /PRIMARY deployment is missing/],
  ['no task definition and no deployments', undefined, [], true, false, /is unset/],
])('%s', (_name, taskDefinition, deployments, rollOut, forceNewDeployment, reason) => {
  const decision = servingDecision({ taskDefinition, deployments }, TARGET);
  expect(decision).toEqual({ rollOut, forceNewDeployment, reason: expect.stringMatching(reason) });
});
