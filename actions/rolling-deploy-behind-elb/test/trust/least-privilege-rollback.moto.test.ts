import type { Moto } from '@tandem/standins/moto';
import { useMotoEndpoint } from '@tandem/standins/moto';
import { droppable, expectRefused, MODES, runUnder, without } from './privilege.js';
import { startDeployMoto } from './world.js';

// rollback-to previous under exactly the README's rollback policy, then without each of its
// actions in turn (see least-privilege.moto.test.ts for what moto cannot check).

let moto: Moto;
beforeAll(async () => {
  moto = await startDeployMoto();
  useMotoEndpoint(moto);
});
afterAll(() => moto?.stop());

const mode = MODES.rollback;
test('rollback-to previous succeeds under exactly its policy', async () => {
  const { run, world } = await runUnder(moto, mode, mode.policy);
  await mode.succeeded(run, world);
});
test.each(droppable(mode))('fails without %s', async (action) => {
  const { run } = await runUnder(moto, mode, without(mode.policy, action));
  expectRefused(run, action);
});
