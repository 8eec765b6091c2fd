import type { Moto } from '@tandem/standins/moto';
import { useMotoEndpoint } from '@tandem/standins/moto';
import { droppable, expectRefused, MODES, runUnder, without } from './privilege.js';
import { serviceNow, startDeployMoto } from './world.js';

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

// The same rollback to a release whose image ECR archived: the restore's grant added.
const archived = MODES.rollbackArchived;
test('rollback-to previous of an archived image succeeds under the rollback and restore policies', async () => {
  const { run, world } = await runUnder(moto, archived, archived.policy);
  await archived.succeeded(run, world);
});
test('without ecr:UpdateImageStorageClass it is refused before anything changes, naming the grant and the command', async () => {
  const { run, world } = await runUnder(moto, archived, without(archived.policy, 'ecr:UpdateImageStorageClass'));
  expectRefused(run, 'ecr:UpdateImageStorageClass');
  expect(run.errors[0]).toMatch(/^rolling-deploy-behind-elb: Input 'rollback-to': cannot roll back to previous: shop@sha256:[0-9a-f]{64} is archived in ECR, where ECS cannot pull it, and restoring it was refused: UpdateImageStorageClass \(ECR\): .*grant ecr:UpdateImageStorageClass on arn:aws:ecr:us-east-1:123456789012:repository\/shop; with that grant the deploy restores it, or restore it yourself \(aws ecr update-image-storage-class .*\) and run again\. Nothing was changed\.$/);
  expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED' })]);
  expect((await serviceNow(world)).deployments![0].taskDefinition).not.toBe(world.taskDefinitionArn);
});
