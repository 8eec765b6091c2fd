import type { Moto } from '@tandem/standins/moto';
import { useMotoEndpoint } from '@tandem/standins/moto';
import { droppable, expectRefused, MODES, runUnder, without } from './privilege.js';
import { startDeployMoto } from './world.js';

// A migration that outlives wait-timeout, under exactly the README's migrate-command policy: the
// action stops it, and without ecs:StopTask the step says it could not (see
// least-privilege.moto.test.ts for what moto cannot check). moto moves a RunTask task one status
// per DescribeTasks; here its state machine is held (a transition that never comes) on this
// test's own moto, so the migration stays RUNNING until StopTask.

let moto: Moto;
beforeAll(async () => {
  moto = await startDeployMoto();
  useMotoEndpoint(moto);
  const held = await moto.api('state-manager/set-transition', { model_name: 'ecs::task', transition: { progression: 'manual', times: 1_000_000 } });
  expect(held.ok).toBe(true);
});
afterAll(() => moto?.stop());

const mode = MODES.migrateStopped;
test('a migration past wait-timeout is stopped under exactly the policy', async () => {
  const { run, world } = await runUnder(moto, mode, mode.policy);
  await mode.succeeded(run, world);
});
test.each(droppable(mode, ['ecs:StopTask']))('fails without %s', async (action) => {
  const { run } = await runUnder(moto, mode, without(mode.policy, action));
  expectRefused(run, action);
});
