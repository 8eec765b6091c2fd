import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { BatchDeleteImageCommand, DescribeImagesCommand, ECRClient, UpdateImageStorageClassCommand } from '@aws-sdk/client-ecr';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EcsWorld } from '@tandem/standins/ecs-world';
import { deployThenRollBack, runInProcess, useRolloutWorld } from './rollouts.js';
import { report } from '../src/report.js';

// The whole deploy against moto, with packages/standins/src/moto-rollouts.py supplying the rollout
// lifecycle moto lacks: rollouts complete after 1 s, images of repositories named *broken* fail.

let world: EcsWorld;
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

useRolloutWorld({ releaseTags: [{ key: 'tandem-deploy:release', value: 'r1' }, { key: 'tandem-deploy:commit', value: '1'.repeat(40) }] }, (made) => (world = made));

const deploy = (values: Record<string, string>) =>
  runInProcess({ cluster: world.cluster, service: world.service, 'poll-interval': '100ms', 'wait-timeout': '20s', ...values }, SHA);

async function service() {
  return (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
}

test('a new image: registered from the running revision, tagged, migrated once, rolled out and waited on', async () => {
  const image = await world.pushImage('shop', 'v2');
  const { outcome, log, error } = await deploy({ image, 'migrate-command': 'python manage.py migrate --noinput' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect(outcome?.previousTaskDefinitionArn).toBe(world.taskDefinitionArn);
  expect(outcome?.taskDefinitionArn).toMatch(/task-definition\/shop-web:2$/);
  const now = await service();
  expect(now.deployments).toHaveLength(1);
  expect(now.deployments![0]).toMatchObject({ id: outcome?.deploymentId, rolloutState: 'COMPLETED', taskDefinition: outcome?.taskDefinitionArn });
  const described = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: outcome!.taskDefinitionArn, include: ['TAGS'] }));
  expect(described.taskDefinition?.containerDefinitions?.[0]).toMatchObject({ image, environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }] });
  expect(described.taskDefinition?.executionRoleArn).toBe('arn:aws:iam::123456789012:role/shop-execution');
  expect(Object.fromEntries(described.tags!.map((tag) => [tag.key, tag.value]))).toMatchObject({ 'tandem-deploy:release': SHA, 'tandem-deploy:commit': SHA, 'tandem-deploy:served': expect.any(String) });
  expect(outcome?.timeline.map((entry) => entry.step)).toEqual(['registered', 'migrated', 'rollout started', 'tasks started', 'healthy', 'drained', 'completed']);
  expect(log.text()).toMatch(/migration task \S+ started: python manage.py migrate --noinput/);
  expect(log.text()).toContain('event: (service web) has reached a steady state.');
  expect(log.text()).toMatch(/target \d+\.\d+\.\d+\.\d+:8000 in shop-web: healthy/);
});

test('promoted-from: the new revision carries tandem-deploy:promoted-from, and the summary names the source environment', async () => {
  const summary = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
  writeFileSync(summary, '');
  process.env.GITHUB_STEP_SUMMARY = summary;
  try {
    const image = await world.pushImage('shop', 'v2');
    const { outcome, error } = await deploy({ image, 'promoted-from': 'staging' });
    expect(error).toBeUndefined();
    expect(outcome?.status).toBe('completed');
    const described = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: outcome!.taskDefinitionArn, include: ['TAGS'] }));
    expect(Object.fromEntries(described.tags!.map((tag) => [tag.key, tag.value]))).toMatchObject({ 'tandem-deploy:release': SHA, 'tandem-deploy:promoted-from': 'staging' });
    await report(outcome!);
    expect(readFileSync(summary, 'utf8')).toContain('<tr><td>promoted from</td><td>staging</td></tr>');
  } finally {
    delete process.env.GITHUB_STEP_SUMMARY;
  }
});

test('the circuit breaker fails the rollout, ECS rolls back, and the step fails with status rolled-back', async () => {
  const image = await world.pushImage('shop-broken', 'v2');
  const { outcome, log, error } = await deploy({ image });
  expect(outcome).toBeUndefined();
  expect(error?.message).toMatch(/^rolled-back: ECS marked deployment ecs-svc\/\d+ FAILED: ECS deployment circuit breaker: tasks failed to start\..*ECS rolled the service back/);
  expect(log.text()).toMatch(/task \S+ stopped \[TaskFailedToStart\]: CannotPullContainerError/);
  const now = await service();
  expect(now.deployments).toHaveLength(1);
  expect(now.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn });
});

test('with the breaker off, failed tasks past its threshold fail the rollout and this action rolls back', async () => {
  const image = await world.pushImage('shop-broken', 'v2');
  const { error } = await deploy({ image, 'circuit-breaker': 'false' });
  expect(error?.message).toMatch(/^rolled-back: 4 tasks of deployment ecs-svc\/\d+ failed to start or stay healthy \(ECS.s circuit breaker stops at 3; it is off for this service\).*This action rolled the service back/);
  const now = await service();
  expect(now.deployments![0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn });
});

test('on-failure stop leaves the failed deployment in place and says so', async () => {
  const image = await world.pushImage('shop-broken', 'v2');
  const { error } = await deploy({ image, 'circuit-breaker': 'false', 'on-failure': 'stop' });
  expect(error?.message).toMatch(/^failed: .*on-failure is stop/);
  expect((await service()).deployments).toHaveLength(2);
});

test('rollback-to previous and to a release id deploy what served, with no new revision', async () => {
  const { first, back } = await deployThenRollBack(world, deploy);
  expect(back.outcome?.taskDefinitionArn).toBe(world.taskDefinitionArn);
  const forward = await deploy({ 'rollback-to': 'r2' });
  expect(forward.outcome?.taskDefinitionArn).toBe(first.outcome?.taskDefinitionArn);
  const revisions = await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }));
  expect(revisions.taskDefinitionArns).toHaveLength(2);
});

test('rollback-to a release whose image expired is refused before anything changes', async () => {
  const image = await world.pushImage('shop', 'v2');
  await deploy({ image, 'release-id': 'r2' });
  const ecr = new ECRClient({ region: 'us-east-1' });
  await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v1' }] }));
  const before = await service();
  const { error } = await deploy({ 'rollback-to': 'r1' });
  expect(error?.message).toMatch(/Input 'rollback-to': cannot roll back to r1: its image is gone: .*shop@sha256:[0-9a-f]{64}: ECR has no image/);
  expect((await service()).deployments).toEqual(before.deployments);
});

test('rollback-to a release whose image ECR archived: restored from the archive first, then rolled back to', async () => {
  const image = await world.pushImage('shop', 'v2');
  await deploy({ image, 'release-id': 'r2' });
  const ecr = new ECRClient({ region: 'us-east-1' });
  await ecr.send(new UpdateImageStorageClassCommand({ repositoryName: 'shop', imageId: { imageTag: 'v1' }, targetStorageClass: 'ARCHIVE' }));
  const dry = await deploy({ 'rollback-to': 'r1', 'dry-run': 'true' });
  expect(dry.outcome?.plan?.[0]).toMatch(/^restore .*shop@sha256:[0-9a-f]{64} from ECR's archive \(ECR takes up to 20 minutes\)/);
  expect(dry.log.text()).toMatch(/archived in ECR repository shop since \S+: ECS cannot pull it until ECR has restored it/);
  await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v1' }] }))).rejects.toMatchObject({ name: 'ImageNotFoundException' });

  const { outcome, log, error } = await deploy({ 'rollback-to': 'r1' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect(outcome?.taskDefinitionArn).toBe(world.taskDefinitionArn);
  expect(log.text()).toMatch(/restoring shop@sha256:[0-9a-f]{64} from ECR's archive: ECR takes up to 20 minutes/);
  expect(log.text()).toMatch(/restored from ECR's archive in \S+: shop@sha256/);
  expect(outcome?.imageChecks).toEqual([expect.objectContaining({ found: true, detail: expect.stringMatching(/^restored from ECR's archive, found in ECR repository shop \(sha256:[0-9a-f]{64}\), built for linux\/amd64$/) })]);
  const steps = outcome!.timeline.map((entry) => entry.step);
  expect(steps.indexOf('image restored')).toBeLessThan(steps.indexOf('rollout started'));
  const [detail] = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v1' }] }))).imageDetails!;
  expect(detail.imageStatus).toBe('ACTIVE');
  expect((await service()).deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn, failedTasks: 0 });
});

test('dry-run prints the diff and the plan and registers nothing', async () => {
  const image = await world.pushImage('shop', 'v2');
  const { outcome, log } = await deploy({ image, 'dry-run': 'true', 'migrate-command': 'python manage.py migrate' });
  expect(outcome?.dryRun).toBe(true);
  expect(log.text()).toContain(`~ containerDefinitions[django].image: "${world.registry}/shop@`);
  expect(log.text()).toContain(`~ tags[tandem-deploy:release].value: "r1" -> "${SHA}"`);
  expect(log.text()).toContain("run 'python manage.py migrate' once in container django");
  expect((await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }))).taskDefinitionArns).toHaveLength(1);
});

test('another deployment in progress: refused with its id, unless supersede', async () => {
  const other = await world.pushImage('shop', 'v3');
  const registered = await deploy({ image: other, 'dry-run': 'true' });
  expect(registered.outcome).toBeDefined();
  await world.ecs.send(new UpdateServiceCommand({ cluster: world.cluster, service: world.service, forceNewDeployment: true }));
  const busy = (await service()).deployments![0].id;
  const image = await world.pushImage('shop', 'v2');
  const refused = await deploy({ image });
  expect(refused.error?.message).toContain(`service web is busy with deployment ${busy}`);
  expect(refused.error?.message).toContain('set supersede: true');
  expect((await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }))).taskDefinitionArns).toHaveLength(1);
  const superseding = await deploy({ image, supersede: 'true' });
  expect(superseding.error).toBeUndefined();
  expect(superseding.outcome?.status).toBe('completed');
});

test('rollback-to after a breaker FAILED with ECS rollback off: rolls out what the release ran, though an older deployment of it is COMPLETED', async () => {
  const good = await deploy({ image: await world.pushImage('shop', 'v2'), 'release-id': 'r1' });
  expect(good.outcome?.taskDefinitionArn).toMatch(/shop-web:2$/);
  const broken = await deploy({ image: await world.pushImage('shop-broken', 'v3'), 'release-id': 'r2', 'on-failure': 'stop' });
  expect(broken.error?.message).toMatch(/^failed: ECS marked deployment \S+ FAILED.*on-failure is stop/);
  const left = await service();
  expect(left.taskDefinition).toMatch(/shop-web:3$/);
  expect(left.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition?.split('/').pop()])).toEqual([['PRIMARY', 'FAILED', 'shop-web:3'], ['ACTIVE', 'COMPLETED', 'shop-web:2']]);
  const back = await deploy({ 'rollback-to': 'r1' });
  expect(back.error).toBeUndefined();
  expect(back.outcome?.status).toBe('completed');
  expect(back.log.text()).toContain("rolling out shop-web:2: the service's task definition is shop-web:3, not shop-web:2");
  expect(back.outcome?.deploymentId).toMatch(/^ecs-svc\//);
  const now = await service();
  expect(now.taskDefinition).toBe(good.outcome?.taskDefinitionArn);
  expect(now.deployments).toEqual([expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: good.outcome?.taskDefinitionArn })]);
});

test('minimum-tasks: a service a new stack left at 0 tasks is raised with the first deploy and judged on them; one that runs more is left alone', async () => {
  await world.ecs.send(new UpdateServiceCommand({ cluster: world.cluster, service: world.service, desiredCount: 0 }));
  const first = await deploy({ image: await world.pushImage('shop', 'v2'), 'minimum-tasks': '2' });
  expect(first.error).toBeUndefined();
  expect(first.outcome?.status).toBe('completed');
  const raised = await service();
  expect([raised.desiredCount, raised.runningCount]).toEqual([2, 2]);
  expect(raised.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', desiredCount: 2, taskDefinition: first.outcome?.taskDefinitionArn });
  // Autoscaling took it to 3: a lower minimum never scales it down.
  await world.ecs.send(new UpdateServiceCommand({ cluster: world.cluster, service: world.service, desiredCount: 3 }));
  const second = await deploy({ image: await world.pushImage('shop', 'v3'), 'minimum-tasks': '2' });
  expect(second.outcome?.status).toBe('completed');
  expect((await service()).desiredCount).toBe(3);
});
