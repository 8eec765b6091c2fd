import type { Deployment } from '@aws-sdk/client-ecs';
import { assessRollout, deploymentInProgress, failedTaskThreshold, preflightWarnings, type RolloutState } from '../src/index.js';

const NEW = 'arn:aws:ecs:us-east-1:1:task-definition/web:8';
const OLD = 'arn:aws:ecs:us-east-1:1:task-definition/web:7';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/abc';

const ours = (over: Partial<Deployment> = {}): Deployment => ({ id: 'ecs-svc/new', status: 'PRIMARY', taskDefinition: NEW, rolloutState: 'IN_PROGRESS', runningCount: 0, failedTasks: 0, ...over });
const old = (over: Partial<Deployment> = {}): Deployment => ({ id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: OLD, rolloutState: 'COMPLETED', runningCount: 2, ...over });
const state = (over: Partial<RolloutState>): RolloutState => ({
  deploymentId: 'ecs-svc/new', taskDefinitionArn: NEW, previousTaskDefinitionArn: OLD, deployments: [ours(), old()], desiredCount: 2,
  targetHealth: [{ targetGroupArn: TG, healthy: 0 }], circuitBreaker: true, now: 0, deadline: 1000, waitLimit: '30m', ...over,
});

test.each<[string, Partial<RolloutState>, string, RegExp, boolean | null]>([
  ['no task yet', {}, 'starting', /0 of 2 new tasks running/, null],
  ['tasks running, targets not healthy', { deployments: [ours({ runningCount: 2 }), old()], targetHealth: [{ targetGroupArn: TG, healthy: 1 }] }, 'registering', /1 of 2 healthy in web/, null],
  ['healthy in one group, not the other', { deployments: [ours({ runningCount: 2 })], targetHealth: [{ targetGroupArn: TG, healthy: 2 }, { targetGroupArn: `${TG}2`, healthy: 0 }] }, 'registering', /0 of 2 healthy/, null],
  ['healthy, old deployment still there', { deployments: [ours({ runningCount: 2 }), old()], targetHealth: [{ targetGroupArn: TG, healthy: 2 }] }, 'draining', /ecs-svc\/old \(2 running\)/, null],
  ['COMPLETED but targets unhealthy', { deployments: [ours({ runningCount: 2, rolloutState: 'COMPLETED' })], targetHealth: [{ targetGroupArn: TG, healthy: 0 }] }, 'registering', /0 of 2/, null],
  ['healthy and alone but not yet COMPLETED', { deployments: [ours({ runningCount: 2 })], targetHealth: [{ targetGroupArn: TG, healthy: 2 }] }, 'completing', /IN_PROGRESS/, null],
  ['COMPLETED, healthy, drained', { deployments: [ours({ runningCount: 2, rolloutState: 'COMPLETED' })], targetHealth: [{ targetGroupArn: TG, healthy: 2 }] }, 'completed', /completed: 2 tasks/, null],
  ['no load balancer', { deployments: [ours({ runningCount: 2, rolloutState: 'COMPLETED' })], targetHealth: [] }, 'completed', /completed/, null],
  ['no load balancer, COMPLETED with fewer tasks running than desired', { deployments: [ours({ runningCount: 1, rolloutState: 'COMPLETED' })], targetHealth: [] }, 'starting', /1 of 2 new tasks running/, null],
  ['no load balancer, health checks not yet HEALTHY', { deployments: [ours({ runningCount: 2, rolloutState: 'COMPLETED' })], targetHealth: [], taskHealth: { healthy: 1 } }, 'registering', /containers' health checks: 1 of 2 new tasks HEALTHY/, null],
  ['no load balancer, health checks HEALTHY', { deployments: [ours({ runningCount: 2, rolloutState: 'COMPLETED' })], targetHealth: [], taskHealth: { healthy: 2 } }, 'completed', /completed/, null],
  ['targets healthy, health checks not', { deployments: [ours({ runningCount: 2 })], targetHealth: [{ targetGroupArn: TG, healthy: 2 }], taskHealth: { healthy: 0 } }, 'registering', /0 of 2 new tasks HEALTHY/, null],
  ['breaker FAILED, ECS rolling back', { deployments: [{ id: 'ecs-svc/back', status: 'PRIMARY', taskDefinition: OLD, rolloutState: 'IN_PROGRESS' }, ours({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }), old()] }, 'failed', /FAILED: ECS deployment circuit breaker.*rolling back to .*web:7/, true],
  ['breaker FAILED, no rollback', { deployments: [ours({ rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start.' }), old()] }, 'failed', /FAILED: tasks failed to start/, false],
  ['replaced by another deploy', { deployments: [{ id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: 'arn:x:9' }, ours({ status: 'ACTIVE' })] }, 'failed', /is ACTIVE: deployment ecs-svc\/other of arn:x:9 replaced it/, false],
  ['gone, ECS back on the old revision', { deployments: [{ id: 'ecs-svc/back', status: 'PRIMARY', taskDefinition: OLD }] }, 'failed', /gone from the service: ECS rolled back/, true],
  ['timeout', { now: 1000 }, 'failed', /did not finish within 30m: 0 of 2 new tasks running$/, null],
  [
    'timeout with tasks ECS could not place: its last word on it',
    { now: 1000, blockedBy: '(service web) was unable to place a task because no container instance met all of its requirements.' },
    'failed',
    /did not finish within 30m: 0 of 2 new tasks running; the service's last event on it: \(service web\) was unable to place a task because/,
    null,
  ],
  [
    'timeout with every task running: an earlier placement event is not the reason',
    { now: 1000, deployments: [ours({ runningCount: 2 }), old()], blockedBy: '(service web) was unable to place a task.' },
    'failed',
    /did not finish within 30m: new tasks' targets: 0 of 2 healthy in web$/,
    null,
  ],
  ['cancelled', { cancelled: true }, 'failed', /cancelled/, null],
  ['failed tasks past the threshold, breaker off', { circuitBreaker: false, deployments: [ours({ failedTasks: 3 }), old()] }, 'failed', /3 tasks .* failed to start.*stops at 3; it is off/, null],
  ['failed tasks past the threshold, breaker on: ECS decides', { deployments: [ours({ failedTasks: 3 }), old()] }, 'starting', /3 failed/, null],
])('%s', (_, over, phase, reason, ecsRolledBack) => {
  const assessment = assessRollout(state(over));
  expect(assessment.phase).toBe(phase);
  expect(assessment.failed).toBe(phase === 'failed');
  expect(assessment.reason).toMatch(reason);
  if (ecsRolledBack !== null) expect(!!assessment.ecsRollback).toBe(ecsRolledBack);
});

test.each([[1, 3], [6, 3], [7, 4], [1000, 200]])('breaker threshold for %i tasks is %i', (desired, threshold) => {
  expect(failedTaskThreshold(desired)).toBe(threshold);
});

test.each<[string, Deployment[], string | undefined]>([
  ['steady', [old({ status: 'PRIMARY' })], undefined],
  ['in progress', [ours(), old()], 'ecs-svc/new'],
  ['old one draining', [ours({ rolloutState: 'COMPLETED' }), old()], 'ecs-svc/old'],
  ['failed without rollback', [ours({ rolloutState: 'FAILED' }), old()], undefined],
])('another deployment in progress: %s', (_, deployments, busy) => {
  expect(deploymentInProgress(deployments)?.id).toBe(busy);
});

test.each([
  [{ healthCheckGracePeriodSeconds: 0, targetGroups: [{ targetGroupArn: TG, healthCheckIntervalSeconds: 30, healthyThresholdCount: 5 }] }, /grace period is 0 s behind a load balancer: a new task needs at least 150 s/],
  [{ targetGroups: [{ targetGroupArn: TG, deregistrationDelaySeconds: 300 }] }, /target group web drains old targets for 300 s/],
  [{ waitMs: 2 * 3_600_000 }, /this step may wait 4h \(wait-timeout 2h for the rollout, as long again for its rollback\), longer than a role session lasts by default \(1h\): unless role-duration-seconds covers it, the wait may end with expired credentials, and the rollout or its rollback then goes on in ECS unwatched/],
  [{ waitMs: 45 * 60_000 }, /this step may wait 1h 30m \(wait-timeout 45m for the rollout, as long again for its rollback\), longer than a role session lasts by default \(1h\)/],
  [{ credentialsExpireAt: 600_000, waitMs: 1_800_000 }, /this step may wait 1h \(wait-timeout 30m for the rollout, as long again for its rollback\), longer than the current credentials last \(they expire in 10m\): the wait may end with expired credentials/],
  [{ waitMs: 20 * 60_000, restoreMs: 30 * 60_000 }, /this step may wait 1h 10m \(up to 30m for ECR to restore an archived image, wait-timeout 20m for the rollout, as long again for its rollback\)/],
])('pre-flight warning %#', (over, message) => {
  const warnings = preflightWarnings({ healthCheckGracePeriodSeconds: 60, targetGroups: [], waitMs: 1_800_000, now: 0, ...over });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(message);
});

test('no warning for sound settings', () => {
  expect(preflightWarnings({ healthCheckGracePeriodSeconds: 60, targetGroups: [{ targetGroupArn: TG, deregistrationDelaySeconds: 30 }], waitMs: 1_800_000, now: 0 })).toEqual([]);
});

test.each([
  ['the default wait-timeout and its rollback, within an hour', { waitMs: 30 * 60_000 }],
  ['a restore, a rollout and a rollback within credentials that last two hours', { waitMs: 30 * 60_000, restoreMs: 30 * 60_000, credentialsExpireAt: 2 * 3_600_000 }],
  ['no wait at all (the warnings of a service)', { waitMs: 0, credentialsExpireAt: -1 }],
])('no credentials warning: %s', (_, over) => {
  expect(preflightWarnings({ healthCheckGracePeriodSeconds: 60, targetGroups: [], now: 0, ...over })).toEqual([]);
});
