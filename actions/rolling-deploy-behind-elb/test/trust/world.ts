import { DescribeServicesCommand, DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { type Moto, MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';
import { createEcsWorld, type EcsWorld } from '@tandem/standins/ecs-world';

// The trust tests' shared setting: moto with the rollout launcher (rollouts complete after
// 0.5 s) and the Django service of packages/standins/src/ecs-world.ts, its first revision a served
// release r1.

export const LAUNCHER = MOTO_ROLLOUTS;

export function startDeployMoto(env: Record<string, string> = {}): Promise<Moto> {
  return sharedMoto({ script: LAUNCHER, env: { MOTO_ROLLOUT_SECONDS: '0.5', ...env } });
}

export function releasedWorld(): Promise<EcsWorld> {
  return createEcsWorld({ releaseTags: [{ key: 'tandem-deploy:release', value: 'r1' }, { key: 'tandem-deploy:commit', value: '1'.repeat(40) }] });
}

/** A second release r2 serving, as an earlier deploy leaves it: what rollback-to previous leaves. Returns its revision. */
export async function serveSecondRelease(world: EcsWorld): Promise<string> {
  const first = (await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: world.taskDefinitionArn }))).taskDefinition!;
  const image = await world.pushImage('shop', 'v2');
  const registered = await world.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: first.family,
      networkMode: first.networkMode,
      requiresCompatibilities: first.requiresCompatibilities,
      cpu: first.cpu,
      memory: first.memory,
      executionRoleArn: first.executionRoleArn,
      containerDefinitions: first.containerDefinitions!.map((container) => ({ ...container, image })),
      tags: [
        { key: 'tandem-deploy:release', value: 'r2' },
        { key: 'tandem-deploy:served', value: '2026-02-01T00:00:00.000Z' },
      ],
    }),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await world.ecs.send(new UpdateServiceCommand({ cluster: world.cluster, service: world.service, taskDefinition: arn }));
  await world.waitForSteadyState();
  return arn;
}

export async function serviceNow(world: EcsWorld) {
  return (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
}
