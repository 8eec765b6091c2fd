import { CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
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

/**
 * A service of the world's first revision, behind its target group, that ECS does not roll out as
 * a rolling update: one of CodeDeploy's, or one of ECS's blue/green (or linear, or canary), with
 * an alternate target group shop-NAME-green as ECS requires for it.
 */
export async function createServiceDeployedBy(world: EcsWorld, name: string, how: { controller: 'CODE_DEPLOY' | 'EXTERNAL' } | { strategy: 'BLUE_GREEN' | 'LINEAR' | 'CANARY' }): Promise<void> {
  const web = await serviceNow(world);
  const elb = new ElasticLoadBalancingV2Client({});
  try {
    const [blue] = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [world.targetGroupArn] }))).TargetGroups ?? [];
    const green = (await elb.send(new CreateTargetGroupCommand({ Name: `shop-${name}-green`, Protocol: 'HTTP', Port: 8000, VpcId: blue.VpcId, TargetType: 'ip', HealthCheckPath: '/healthz' }))).TargetGroups?.[0]?.TargetGroupArn;
    const advancedConfiguration = { alternateTargetGroupArn: green, productionListenerRule: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/0123456789abcdef/fedcba9876543210/0011223344556677', roleArn: 'arn:aws:iam::123456789012:role/shop-ecs-infrastructure' };
    await world.ecs.send(new CreateServiceCommand({
      cluster: world.cluster, serviceName: name, taskDefinition: world.taskDefinitionArn, desiredCount: 1, launchType: 'FARGATE',
      networkConfiguration: web.networkConfiguration,
      loadBalancers: [{ targetGroupArn: world.targetGroupArn, containerName: 'django', containerPort: 8000, ...('strategy' in how ? { advancedConfiguration } : {}) }],
      ...('controller' in how ? { deploymentController: { type: how.controller } } : {}),
    }));
  } finally {
    elb.destroy();
  }
  // moto's CreateService drops the deployment configuration; UpdateService keeps it.
  if ('strategy' in how) await world.ecs.send(new UpdateServiceCommand({ cluster: world.cluster, service: name, deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, strategy: how.strategy, bakeTimeInMinutes: 5 } }));
}
