import type { Moto } from '@tandem/standins/moto';
import { useMotoEndpoint } from '@tandem/standins/moto';
import { droppable, expectRefused, MODES, runUnder, without } from './privilege.js';
import { startDeployMoto } from './world.js';

// Each mode's main scenario under exactly the README's policy (moto's IAM enforcement on), then
// under that policy without each of its actions in turn: every one is needed.
// What moto cannot check: it matches Resource only for S3 (the lock key below is matched
// exactly); for ECS, ECR, ELB and Logs statements the resource becomes `*` (policy.ts,
// asMotoChecks), so the actions are proven here and the ARNs are not. It ignores ArnEquals
// conditions, and it does not make the iam:PassRole check ECS makes for a task definition's roles.
// rollback-to's policy is proven in least-privilege-rollback.moto.test.ts.

let moto: Moto;
beforeAll(async () => {
  moto = await startDeployMoto();
  useMotoEndpoint(moto);
});
afterAll(() => moto?.stop());

// The deploy's own actions are proven in 'deploy'; migrate, lock and instances add their statements.
const OWN: Partial<Record<string, string[]>> = {
  migrate: ['ecs:RunTask', 'logs:GetLogEvents'],
  lock: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
  instances: ['ecs:ListContainerInstances', 'ecs:DescribeContainerInstances'],
};

describe.each(['deploy', 'migrate', 'dryRun', 'lock', 'instances'] as const)('%s', (name) => {
  const mode = MODES[name];
  test('succeeds under exactly its policy', async () => {
    const { run, world } = await runUnder(moto, mode, mode.policy);
    await mode.succeeded(run, world);
  });
  test.each(droppable(mode, OWN[name]))('fails without %s', async (action) => {
    const { run } = await runUnder(moto, mode, without(mode.policy, action));
    expectRefused(run, action);
  });
});
