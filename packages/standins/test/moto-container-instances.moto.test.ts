import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  UpdateContainerInstancesStateCommand,
  type ContainerInstanceStatus,
} from '@aws-sdk/client-ecs';
import { registerContainerInstance } from '@tandem/standins/ecs-world';
import { useMoto } from '@tandem/standins/use-moto';

// ECS container instances in moto as the ECS API Reference gives them (moto-container-instances.py):
// the agent's attributes kept, ecs.cpu-architecture read from the machine, the capacity provider of
// the instance's Auto Scaling group, ListContainerInstances filtered by status and by a cluster
// query and paged, DescribeContainerInstances at most 100 a call; and a service's capacity provider
// strategy and placement constraints kept by CreateService (moto-service-placement.py).
const moto = useMoto();
const REGION = 'us-east-1';
const CLUSTER = 'hosts';

const ecsOn = (endpoint: string) => new ECSClient({ region: REGION, endpoint, maxAttempts: 1, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const ecs = () => ecsOn(moto.endpoint);

/** An instance of `instanceType` registered in CLUSTER as the ECS agent registers it, with `attributes` in the call. */
const register = (instanceType: string, attributes: Record<string, string> = {}, tags: Record<string, string> = {}, endpoint = moto.endpoint) =>
  registerContainerInstance(ecsOn(endpoint), CLUSTER, instanceType, { attributes, tags, endpoint, region: REGION });

/** The instance's attributes as DescribeContainerInstances gives them, by name. */
async function attributesOf(arn: string): Promise<Record<string, string | undefined>> {
  const [instance] = (await ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances ?? [];
  return Object.fromEntries((instance?.attributes ?? []).map((attribute) => [attribute.name, attribute.value]));
}

/** One ListContainerInstances call's ARNs (one page). */
async function list(options: { filter?: string; status?: ContainerInstanceStatus } = {}): Promise<string[]> {
  return (await ecs().send(new ListContainerInstancesCommand({ cluster: CLUSTER, ...options }))).containerInstanceArns ?? [];
}

/** Five instances: blue and green stacks of t3.small and m6g.large, and a t3.micro of none. */
async function fleet() {
  return {
    blueX86: await register('t3.small', { stack: 'blue' }),
    blueArm: await register('m6g.large', { stack: 'blue' }),
    greenX86: await register('t3.small', { stack: 'green' }),
    greenArm: await register('m6g.large', { stack: 'green' }),
    loose: await register('t3.micro'),
  };
}

beforeEach(async () => {
  await ecs().send(new CreateClusterCommand({ clusterName: CLUSTER }));
});

test('an instance registers with the ecs.cpu-architecture of its machine, and the attributes the agent sends win over what moto or the machine would say', async () => {
  const x86 = await register('t3.small');
  const arm = await register('m6g.large');
  // The agent states the architecture and a custom attribute: what it sends is what ECS keeps.
  const stated = await register('t3.small', { 'ecs.cpu-architecture': 'arm64', 'ecs.os-type': 'linux', stack: 'blue' });

  expect(await attributesOf(x86.arn)).toEqual({
    'ecs.ami-id': 'ami-12c6146b',
    'ecs.availability-zone': expect.stringMatching(/^us-east-1[a-f]$/),
    'ecs.instance-type': 't3.small',
    'ecs.os-type': 'linux',
    'ecs.cpu-architecture': 'x86_64',
  });
  expect(await attributesOf(arm.arn)).toMatchObject({ 'ecs.instance-type': 'm6g.large', 'ecs.cpu-architecture': 'arm64' });
  expect(await attributesOf(stated.arn)).toMatchObject({ 'ecs.instance-type': 't3.small', 'ecs.cpu-architecture': 'arm64', 'ecs.os-type': 'linux', stack: 'blue' });

  const described = await ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [x86.arn, 'not-an-instance'] }));
  expect(described.containerInstances).toEqual([expect.objectContaining({ containerInstanceArn: x86.arn, ec2InstanceId: x86.instanceId, status: 'ACTIVE' })]);
  expect(described.containerInstances?.[0].capacityProviderName).toBeUndefined();
  // Every attribute a {name, value} pair, as the API Reference gives it.
  for (const attribute of described.containerInstances?.[0].attributes ?? []) expect(Object.keys(attribute).sort()).toEqual(['name', 'value']);
  expect(described.failures).toEqual([{ arn: expect.stringMatching(/container-instance\/not-an-instance$/), reason: 'MISSING' }]);
});

test('ListContainerInstances lists only the instances of the status asked for', async () => {
  const { blueX86, blueArm, greenX86, greenArm, loose } = await fleet();
  const updated = await ecs().send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [blueX86.arn, greenArm.arn], status: 'DRAINING' }));
  // The answer gives each instance's attributes as pairs too (moto alone gave empty objects).
  expect(updated.containerInstances?.[0].attributes).toContainEqual({ name: 'stack', value: 'blue' });

  expect((await list({ status: 'DRAINING' })).sort()).toEqual([blueX86.arn, greenArm.arn].sort());
  expect((await list({ status: 'ACTIVE' })).sort()).toEqual([blueArm.arn, greenX86.arn, loose.arn].sort());
  expect(await list({ status: 'REGISTERING' })).toEqual([]);
  // No status: every instance, in ARN order.
  expect(await list()).toEqual([blueX86, blueArm, greenX86, greenArm, loose].map((instance) => instance.arn).sort());
  // The drained instances say so in DescribeContainerInstances.
  const drained = await ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [blueX86.arn] }));
  expect(drained.containerInstances?.[0].status).toBe('DRAINING');
});

test('ListContainerInstances filters by a cluster query expression', async () => {
  const instances = await fleet();
  const names = new Map(Object.entries(instances).map(([name, instance]) => [instance.arn, name]));
  const matching = async (filter: string) => (await list({ filter })).map((arn) => names.get(arn)).sort();

  expect(await matching('attribute:ecs.cpu-architecture == arm64')).toEqual(['blueArm', 'greenArm']);
  expect(await matching('attribute:ecs.instance-type in [t3.small, t3.micro]')).toEqual(['blueX86', 'greenX86', 'loose']);
  expect(await matching(`ec2InstanceId in ['${instances.blueX86.instanceId}', '${instances.greenArm.instanceId}']`)).toEqual(['blueX86', 'greenArm']);
  expect(await matching('attribute:ecs.instance-type != t3.small')).toEqual(['blueArm', 'greenArm', 'loose']);
  expect(await matching('(attribute:stack == green or attribute:ecs.instance-type == t3.micro) and not(attribute:ecs.cpu-architecture == arm64)')).toEqual(['greenX86', 'loose']);
  // Keywords in any case; `and` binds tighter than `or`.
  expect(await matching('attribute:stack == blue AND NOT (attribute:ecs.cpu-architecture == x86_64)')).toEqual(['blueArm']);
  expect(await matching('attribute:stack == green or attribute:stack == blue and attribute:ecs.cpu-architecture == arm64')).toEqual(['blueArm', 'greenArm', 'greenX86']);
  // =~ with the guide's pattern for a family of instance types.
  expect(await matching('attribute:ecs.instance-type =~ t3.*')).toEqual(['blueX86', 'greenX86', 'loose']);
  expect(await matching('attribute:ecs.instance-type !~ t3.*')).toEqual(['blueArm', 'greenArm']);
  expect(await matching('attribute:stack exists')).toEqual(['blueArm', 'blueX86', 'greenArm', 'greenX86']);
  expect(await matching('attribute:stack !exists')).toEqual(['loose']);
  expect(await matching('runningTasksCount == 0 and agentConnected == true and registeredAt > 2018-06-18T22:28:28Z')).toHaveLength(5);
  // With a status as well: both apply.
  await ecs().send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [instances.blueArm.arn], status: 'DRAINING' }));
  expect((await list({ filter: 'attribute:ecs.cpu-architecture == arm64', status: 'ACTIVE' })).map((arn) => names.get(arn))).toEqual(['greenArm']);
});

test('a malformed filter expression is refused with InvalidParameterException', async () => {
  await register('t3.small', { stack: 'blue' });
  for (const filter of ['attribute:stack ==', '(attribute:stack == blue', 'attribute:stack == blue and', 'colour == blue', 'attribute:stack ~= blue', 'attribute:stack in [blue green]', 'runningTasksCount =~ 1']) {
    await expect(ecs().send(new ListContainerInstancesCommand({ cluster: CLUSTER, filter }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  }
});

test('ListContainerInstances pages: maxResults a page, nextToken until the last, every instance once; maxResults outside 1-100 and an unknown cluster are refused', async () => {
  const all = Object.values(await fleet()).map((instance) => instance.arn).sort();
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs().send(new ListContainerInstancesCommand({ cluster: CLUSTER, maxResults: 2, nextToken }));
    pages.push(page.containerInstanceArns ?? []);
    nextToken = page.nextToken;
  } while (nextToken);
  expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
  expect(pages.flat()).toEqual(all);
  // The default page holds up to 100, so five come in one answer with no token.
  const whole = await ecs().send(new ListContainerInstancesCommand({ cluster: CLUSTER }));
  expect(whole.containerInstanceArns).toEqual(all);
  expect(whole.nextToken).toBeUndefined();

  for (const maxResults of [0, 101]) {
    await expect(ecs().send(new ListContainerInstancesCommand({ cluster: CLUSTER, maxResults }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  }
  await expect(ecs().send(new ListContainerInstancesCommand({ cluster: 'no-such-cluster' }))).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
});

test('DescribeContainerInstances takes at most 100 instances a call', async () => {
  const { arn } = await register('t3.small');
  const ids = [arn, ...Array.from({ length: 100 }, (_, index) => `missing-${index}`)];
  await expect(ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: ids }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  const hundred = await ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: ids.slice(0, 100) }));
  expect(hundred.containerInstances?.map((instance) => instance.containerInstanceArn)).toEqual([arn]);
  expect(hundred.failures).toHaveLength(99);
});

test('an instance of an Auto Scaling group registers with the capacity provider that names the group', async () => {
  await ecs().send(new CreateCapacityProviderCommand({
    name: 'web-hosts',
    autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:4b1f3c2e-0d7a-4c55-9a0b-1e2f3a4b5c6d:autoScalingGroupName/web-asg' },
  }));
  await ecs().send(new CreateCapacityProviderCommand({
    name: 'batch-hosts',
    autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f:autoScalingGroupName/batch-asg' },
  }));
  // The tag Auto Scaling puts on the instances it launches.
  const grouped = await register('m6g.large', {}, { 'aws:autoscaling:groupName': 'web-asg' });
  const otherGroup = await register('t3.small', {}, { 'aws:autoscaling:groupName': 'unknown-asg' });
  const alone = await register('t3.small');

  const described = await ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [grouped.arn, otherGroup.arn, alone.arn] }));
  const providers = Object.fromEntries((described.containerInstances ?? []).map((instance) => [instance.containerInstanceArn, instance.capacityProviderName]));
  expect(providers).toEqual({ [grouped.arn]: 'web-hosts', [otherGroup.arn]: undefined, [alone.arn]: undefined });
});

test("CreateService keeps a capacity provider strategy and placement constraints, and DescribeServices gives them, with no launchType (moto-service-placement.py)", async () => {
  const definition = await ecs().send(new RegisterTaskDefinitionCommand({ family: 'hosts-web', requiresCompatibilities: ['EC2'], containerDefinitions: [{ name: 'web', image: 'web:1', memory: 256 }] }));
  const placement = {
    capacityProviderStrategy: [{ capacityProvider: 'web-hosts', weight: 1, base: 1 }],
    placementConstraints: [{ type: 'memberOf' as const, expression: 'attribute:ecs.cpu-architecture == arm64' }],
    placementStrategy: [{ type: 'spread' as const, field: 'attribute:ecs.availability-zone' }],
  };
  await ecs().send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'web', taskDefinition: definition.taskDefinition?.taskDefinitionArn, desiredCount: 1, ...placement }));
  await ecs().send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'plain', taskDefinition: definition.taskDefinition?.taskDefinitionArn, desiredCount: 1, launchType: 'EC2' }));
  const [web, plain] = (await ecs().send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web', 'plain'] }))).services ?? [];
  expect(web).toMatchObject(placement);
  expect(web.launchType).toBeUndefined();
  expect(plain).toMatchObject({ launchType: 'EC2' });
  expect(plain.capacityProviderStrategy ?? []).toEqual([]);
  expect(plain.placementConstraints ?? []).toEqual([]);
});

test('a container without memory of its own, in a task that sets memory, is placed with the task\'s memory (moto-service-placement.py)', async () => {
  const { arn } = await register('m5.large');
  const remaining = async () => {
    const [instance] = (await ecs().send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances ?? [];
    return instance?.remainingResources?.find((resource) => resource.name === 'MEMORY')?.integerValue;
  };
  const before = await remaining();
  // Valid for ECS: task-level memory, and a container that names none (moto 5.2 failed the call with a TypeError).
  const definition = await ecs().send(new RegisterTaskDefinitionCommand({ family: 'hosts-task-memory', requiresCompatibilities: ['EC2'], memory: '512', containerDefinitions: [{ name: 'web', image: 'web:1' }] }));
  const ran = await ecs().send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: definition.taskDefinition?.taskDefinitionArn, launchType: 'EC2' }));
  expect(ran.failures ?? []).toEqual([]);
  expect(ran.tasks).toHaveLength(1);
  expect(before).toBeDefined();
  expect(await remaining()).toBe((before ?? 0) - 512);
});
