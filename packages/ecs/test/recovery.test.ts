import { listed, recoveryOutcome, recoverySteps, type MovedService, type RecoveryResult, type RolloutAssessment } from '../src/index.js';

const td = (family: string, revision: number) => `arn:aws:ecs:us-east-1:1:task-definition/${family}:${revision}`;
const failed: RolloutAssessment = { phase: 'failed', failed: true, reason: 'ECS marked deployment ecs-svc/2 FAILED' };
const moving: RolloutAssessment = { phase: 'starting', failed: false, reason: '1 of 2 new tasks running' };
const done: RolloutAssessment = { phase: 'completed', failed: false, reason: 'completed' };
const ecsBack: RolloutAssessment = { ...failed, ecsRollback: { deploymentId: 'ecs-svc/3', taskDefinitionArn: td('shop-worker', 1) } };
const moved = (service: string, assessment: RolloutAssessment, previous = 1): MovedService => ({ service, targetArn: td(`shop-${service}`, 2), previousArn: td(`shop-${service}`, previous), assessment });

test.each<[string, MovedService[], 'rollback' | 'stop', string[]]>([
  ['the failed worker back by ECS, web (completed) and scheduler (moving) back by the action', [moved('web', done), moved('worker', ecsBack), moved('scheduler', moving)], 'rollback', ['roll-back', 'follow-ecs', 'roll-back']],
  ['breaker off: every service back by the action', [moved('web', moving), moved('worker', failed)], 'rollback', ['roll-back', 'roll-back']],
  ['on-failure stop: ECS follows its own rollback, nothing else moves', [moved('web', done), moved('worker', ecsBack)], 'stop', ['none', 'follow-ecs']],
  ['a service that rolled out what last completed has nothing to return to', [moved('web', failed, 2)], 'rollback', ['none']],
])('%s', (_, services, onFailure, actions) => {
  expect(recoverySteps(services, onFailure).map((step) => step.action)).toEqual(actions);
});

test.each<[string, RecoveryResult[], string, RegExp]>([
  ['one service back by ECS reads as it always has', [{ service: 'web', by: 'ECS', taskDefinitionArn: td('shop-web', 1) }], 'rolled-back', /^why\. ECS rolled the service back: .*shop-web:1 serves again\.$/],
  ['one service left by on-failure stop', [{ service: 'web', by: 'none', why: 'on-failure is stop' }], 'failed', /^why\. on-failure is stop: the service was left as it is\.$/],
  ['one rollback that failed too', [{ service: 'web', by: 'This action', failure: 'This action rolled back, and that failed too: timeout' }], 'failed', /^why\. This action rolled back, and that failed too: timeout$/],
  [
    'three back, one of them by ECS',
    [{ service: 'web', by: 'This action', taskDefinitionArn: td('shop-web', 1) }, { service: 'worker', by: 'ECS', taskDefinitionArn: td('shop-worker', 1) }, { service: 'scheduler', by: 'This action', taskDefinitionArn: td('shop-scheduler', 1) }],
    'rolled-back',
    /^why\. web, worker and scheduler rolled back \(worker by ECS\): shop-web:1, shop-worker:1, shop-scheduler:1 serve again\.$/,
  ],
  [
    'one of three could not go back: the step is failed and names it',
    [{ service: 'web', by: 'This action', taskDefinitionArn: td('shop-web', 1) }, { service: 'worker', by: 'This action', failure: 'The rollback to x could not start: AccessDenied.' }],
    'failed',
    /^why\. web rolled back: shop-web:1 serve again; service worker: The rollback to x could not start: AccessDenied\.$/,
  ],
  ['stop with several: each left named', [{ service: 'web', by: 'none', why: 'on-failure is stop' }, { service: 'worker', by: 'none', why: 'on-failure is stop' }], 'failed', /service web left as it is: on-failure is stop; service worker left as it is/],
])('%s', (_, results, status, reason) => {
  const outcome = recoveryOutcome('why', results);
  expect(outcome.status).toBe(status);
  expect(outcome.reason).toMatch(reason);
});

test.each([[['web'], 'web'], [['web', 'worker'], 'web and worker'], [['web', 'worker', 'scheduler'], 'web, worker and scheduler']])('listed(%j)', (names, text) => {
  expect(listed(names)).toBe(text);
});
