import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateCapacityProviderCommand, CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, UpdateContainerInstancesStateCommand } from '@aws-sdk/client-ecs';
import { ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { createHash } from 'node:crypto';
import { InputReader, tableInputs } from '@tandem/kit';
import { createEc2Service, registerContainerInstance, shopTaskDefinition, type EcsWorld } from '@tandem/standins/ecs-world';
import { RELEASE_R1, runAndReport, useRolloutWorld } from './rollouts.js';
import { readInputs } from '../src/inputs.js';

// The task definition as a file in the repository, and the smoke check after the rollout, against
// moto with the rollout launcher (@tandem/standins, moto-rollouts.py) (rollouts complete after 1 s) and a local HTTP server
// standing in for the site behind the load balancer.

let world: EcsWorld;
let site: Server;
let siteUrl: string;
/** What the site answers: a status and a body. */
let answer: { status: number; body: string };
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const STRIPE_KEY = 'sk_live_0123456789abcdefghij';

const { moto, proxy, workspace, summaryFile } = useRolloutWorld({ releaseTags: RELEASE_R1 }, (made) => (world = made), { faultProxy: true });
beforeAll(async () => {
  site = createServer((_, response) => response.writeHead(answer.status, { 'content-type': 'text/html' }).end(answer.body));
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
});
beforeEach(() => {
  answer = { status: 200, body: '<p>release r2</p>' };
});
afterAll(async () => {
  await new Promise((done) => site?.close(done));
});

/** The shop's web task definition as the repository keeps it: r1's, with the changes r2 ships. */
function webDefinition(changes: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return {
    family: world.family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    executionRoleArn: 'arn:aws:iam::123456789012:role/shop-execution',
    containerDefinitions: [{
      name: 'django',
      essential: true,
      memory: 1024,
      portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
      environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }, { name: 'SEARCH_ENABLED', value: 'true' }, { name: 'STRIPE_SECRET_KEY', value: STRIPE_KEY }],
      secrets: [{ name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/database-url-AbCdEf' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop-web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
      ...container,
    }],
    ...changes,
  };
}

const deploy = (values: Record<string, string>, endpoint = moto.endpoint) =>
  runAndReport(() => readInputs(new InputReader(tableInputs({ cluster: world.cluster, service: world.service, 'poll-interval': '100ms', 'wait-timeout': '20s', ...values })), { ...process.env, GITHUB_SHA: SHA, GITHUB_WORKSPACE: workspace() }), endpoint, moto);

const service = async () => (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
const revisions = async () => (await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }))).taskDefinitionArns ?? [];
const described = async (arn: string) => world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));

test('a file change ships with the code: a new variable, a new secret reference and cpu 256 -> 512 are in the new revision; the diff is logged and summarised, the secret value hidden', async () => {
  writeFileSync(join(workspace(), 'web.task-definition.json'), JSON.stringify(webDefinition(), null, 2));
  const image = await world.pushImage('shop', 'v2');
  const { outcome, log, error } = await deploy({ image, 'task-definition': 'web.task-definition.json' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  const { taskDefinition, tags } = await described(outcome!.taskDefinitionArn!);
  expect(taskDefinition).toMatchObject({ family: 'shop-web', revision: 2, cpu: '512', memory: '1024' });
  expect(taskDefinition?.containerDefinitions?.[0]).toMatchObject({
    image,
    environment: expect.arrayContaining([{ name: 'SEARCH_ENABLED', value: 'true' }]),
    secrets: [{ name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/database-url-AbCdEf' }],
  });
  expect(Object.fromEntries(tags!.map((tag) => [tag.key, tag.value]))).toMatchObject({ 'tandem-deploy:release': SHA, 'tandem-deploy:served': expect.any(String) });
  expect((await service()).taskDefinition).toBe(outcome?.taskDefinitionArn);
  // The file keeps the container's logConfiguration: no warning about it.
  expect(log.text('warning')).not.toContain('logConfiguration');
  const summary = readFileSync(summaryFile(), 'utf8');
  for (const [text, arrow] of [[log.text(), '->'], [summary, '-&gt;']]) {
    expect(text).toContain(`~ cpu: "256" ${arrow} "512"`);
    expect(text).toContain(`~ containerDefinitions[django].memory: 512 ${arrow} 1024`);
    expect(text).toContain('+ containerDefinitions[django].environment[SEARCH_ENABLED].value: "true"');
    expect(text).toContain('+ containerDefinitions[django].secrets[DATABASE_URL].valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/database-url-AbCdEf"');
    expect(text).toContain('+ containerDefinitions[django].environment[STRIPE_SECRET_KEY].value: "***"');
    expect(text).not.toContain(STRIPE_KEY);
    // What ECS fills in (empty lists, a container's cpu 0) is no change.
    expect(text).not.toMatch(/mountPoints|volumesFrom|placementConstraints|\.cpu: 0/);
  }
});

test('a misspelt key is refused before any AWS call, naming the key path: nothing registered, nothing rolled out', async () => {
  writeFileSync(join(workspace(), 'typo.task-definition.json'), JSON.stringify(webDefinition({}, { enviroment: [{ name: 'SEARCH_ENABLED', value: 'true' }] })));
  const image = await world.pushImage('shop', 'v2');
  const before = await service();
  proxy().calls.length = 0;
  const { error } = await deploy({ image, 'task-definition': 'typo.task-definition.json' }, proxy().endpoint);
  expect(error?.message).toMatch(/^Input 'task-definition': typo\.task-definition\.json is not a task definition RegisterTaskDefinition accepts: containerDefinitions\[0\]\.enviroment: is not a key here: did you mean environment\?/);
  expect(proxy().calls).toEqual([]);
  expect(await revisions()).toEqual([world.taskDefinitionArn]);
  expect((await service()).deployments).toEqual(before.deployments);
});

test('a pasted describe-task-definition output deploys, its read-only keys dropped with a warning naming them', async () => {
  const pasted = { taskDefinitionArn: world.taskDefinitionArn, revision: 1, status: 'ACTIVE', compatibilities: ['EC2', 'FARGATE'], requiresAttributes: [], registeredAt: '2026-01-01T00:00:00Z', ...webDefinition() };
  writeFileSync(join(workspace(), 'pasted.json'), JSON.stringify(pasted));
  const { outcome, log, error } = await deploy({ image: await world.pushImage('shop', 'v2'), 'task-definition': 'pasted.json' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect(log.text('warning')).toContain('pasted.json: dropped taskDefinitionArn, revision, status, compatibilities, requiresAttributes, registeredAt: DescribeTaskDefinition answers with these');
});

// As cookiecutter-django's settings and a Fargate task definition written by hand: the container
// leaves memory to the task, and the file has no logConfiguration where the serving revision sends
// its output to CloudWatch Logs.
test('a file whose container leaves memory to the task deploys; one that drops the serving revision\'s logConfiguration is warned about', async () => {
  const { memory: _memory, logConfiguration: _logging, ...bare } = webDefinition().containerDefinitions[0];
  writeFileSync(join(workspace(), 'bare.json'), JSON.stringify({ ...webDefinition(), containerDefinitions: [bare] }));
  const { outcome, log, error } = await deploy({ image: await world.pushImage('shop', 'v2'), 'task-definition': 'bare.json' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect((await described(outcome!.taskDefinitionArn!)).taskDefinition?.containerDefinitions?.[0].memory).toBeUndefined();
  expect(log.text('warning')).toContain(
    "bare.json: container 'django' has no logConfiguration, where the revision that serves sends its output to awslogs (/ecs/shop-web): the new tasks' output would go nowhere",
  );
});

test('a smoke check that fails after a healthy rollout rolls the release back: the previous revision serves, the new one is not marked served', async () => {
  answer = { status: 200, body: '<p>release r1</p>' };
  const { outcome, error } = await deploy({ image: await world.pushImage('shop', 'v2'), 'smoke-url': siteUrl, 'smoke-contains': 'release r2', 'smoke-timeout': '1s', 'smoke-interval': '100ms' });
  expect(outcome).toBeUndefined();
  expect(error?.message).toMatch(new RegExp(`^rolled-back: the smoke check of ${siteUrl} failed: no 3 good answers in a row within 1s \\(\\d+ requests; the last: status 200, but the body does not contain "release r2"\\)\\. This action rolled the service back: ${world.taskDefinitionArn} serves again\\.$`));
  const now = await service();
  expect(now.taskDefinition).toBe(world.taskDefinitionArn);
  expect(now.deployments).toEqual([expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn })]);
  const second = (await revisions()).find((arn) => arn !== world.taskDefinitionArn)!;
  expect((await described(second)).tags?.map((tag) => tag.key)).not.toContain('tandem-deploy:served');
  expect(readFileSync(summaryFile(), 'utf8')).toContain('<strong>failed</strong>: the smoke check of');
});

test('a smoke check that fails with on-failure stop leaves the new revision in place and says so', async () => {
  answer = { status: 503, body: 'unavailable' };
  const { error } = await deploy({ image: await world.pushImage('shop', 'v2'), 'smoke-url': siteUrl, 'smoke-timeout': '500ms', 'smoke-interval': '100ms', 'on-failure': 'stop' });
  expect(error?.message).toMatch(/^failed: the smoke check of .* the last: status 503, expected 200\)\. on-failure is stop: the service was left as it is\.$/);
  expect((await service()).taskDefinition).not.toBe(world.taskDefinitionArn);
});

test('a smoke check that passes: its timing in the summary, the timeline and the smoke-check output', async () => {
  const { outcome, log, error } = await deploy({ image: await world.pushImage('shop', 'v2'), 'smoke-url': siteUrl, 'smoke-contains': 'release r2', 'smoke-successes': '3', 'smoke-interval': '100ms' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  expect(outcome?.smoke).toMatchObject({ passed: true, attempts: 3, consecutive: 3 });
  expect(outcome?.timeline.map((entry) => entry.step)).toEqual(['registered', 'rollout started', 'tasks started', 'healthy', 'drained', 'smoke check passed', 'completed']);
  expect(log.text()).toContain(`smoke 3: ${siteUrl}: status 200, body contains "release r2" (3 of 3 in a row)`);
  const summary = readFileSync(summaryFile(), 'utf8');
  expect(summary).toContain('<h3>Smoke check</h3>');
  expect(summary).toMatch(/<td>requests<\/td><td>3<\/td>/);
  expect(summary).toMatch(/<td>time to pass<\/td><td>\d+(\.\d)?m?s<\/td>/);
  expect(summary).toContain('<td>smoke check passed</td>');
  const output = readFileSync(process.env.GITHUB_OUTPUT!, 'utf8');
  const smoke = JSON.parse(/smoke-check<<(\S+)\n(.*)\n\1/.exec(output)![2]);
  expect(smoke).toEqual({ passed: true, url: siteUrl, attempts: 3, consecutive: 3, seconds: expect.any(Number) });
  expect(smoke.seconds).toBeGreaterThanOrEqual(0.2);
});

describe("the image's platforms against where the tasks run, read from ECR before anything changes", () => {
  test('an arm64-only image for a Fargate service with no runtimePlatform (X86_64) is refused: reads only, nothing registered, nothing rolled out', async () => {
    const image = await world.pushImage('shop', 'arm', ['linux/arm64']);
    const before = await service();
    proxy().clear();
    const { error } = await deploy({ image }, proxy().endpoint);
    expect(error?.message).toMatch(
      /^Input 'image': container django's image \S+ is built for linux\/arm64 only, but shop-web runs its tasks on linux\/amd64 \(Fargate's default, as runtimePlatform\.cpuArchitecture is not set\): build it for linux\/amd64 \(build-push-django-image's platforms: linux\/amd64\), or set runtimePlatform\.cpuArchitecture ARM64 in the task definition if the tasks should run on ARM64\. Nothing was changed\.$/,
    );
    expect(proxy().calls).toEqual(expect.arrayContaining(['DescribeImages', 'BatchGetImage', 'GetDownloadUrlForLayer']));
    expect(proxy().writes()).toEqual([]);
    expect(await revisions()).toEqual([world.taskDefinitionArn]);
    expect((await service()).deployments).toEqual(before.deployments);
  });

  test('a task-definition file with runtimePlatform ARM64 refuses the amd64 image, and deploys the arm64 one', async () => {
    writeFileSync(join(workspace(), 'graviton.json'), JSON.stringify(webDefinition({ runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } })));
    const amd = await deploy({ image: await world.pushImage('shop', 'v2'), 'task-definition': 'graviton.json' });
    expect(amd.error?.message).toMatch(/^Input 'image': container django's image \S+ is built for linux\/amd64 only, but shop-web runs its tasks on linux\/arm64 \(runtimePlatform\.cpuArchitecture ARM64\): build it for linux\/arm64 .*set runtimePlatform\.cpuArchitecture X86_64 in the task definition if the tasks should run on X86_64\. Nothing was changed\.$/);
    expect(await revisions()).toEqual([world.taskDefinitionArn]);
    const arm = await deploy({ image: await world.pushImage('shop', 'arm', ['linux/arm64/v8']), 'task-definition': 'graviton.json' });
    expect(arm.error).toBeUndefined();
    expect(arm.outcome?.status).toBe('completed');
    expect((await described(arm.outcome?.taskDefinitionArn ?? '')).taskDefinition?.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
    expect(arm.log.text()).toMatch(/image \S+: found in ECR repository shop \(sha256:[0-9a-f]{64}\), built for linux\/arm64\/v8$/m);
  });

  test('an index for both platforms deploys, its platforms in the log and the summary', async () => {
    const { outcome, log, error } = await deploy({ image: await world.pushImage('shop', 'multi', ['linux/amd64', 'linux/arm64']) });
    expect(error).toBeUndefined();
    expect(outcome?.status).toBe('completed');
    expect(log.text()).toMatch(/built for linux\/amd64, linux\/arm64$/m);
    expect(readFileSync(summaryFile(), 'utf8')).toContain('built for linux/amd64, linux/arm64');
    expect(log.text('warning')).toBe('');
  });

  test('platforms ECR cannot tell (the config blob is not in the repository) leave the deploy going, with a warning saying what was not compared', async () => {
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'e'.repeat(64)}`, size: 2 }, layers: [] });
    const digest = await putManifestOnly(manifest);
    const { outcome, log, error } = await deploy({ image: `${world.registry}/shop@${digest}` });
    expect(error).toBeUndefined();
    expect(outcome?.status).toBe('completed');
    expect(log.text('warning')).toMatch(/^the platforms of \S+ were not read, so not compared with where its tasks run: GetDownloadUrlForLayer \(ECR\): The layer sha256:e{64} could not be found in the repository shop/m);
  });
});

describe('on EC2 container instances, with no runtimePlatform: the image against the ACTIVE instances its tasks may be placed on', () => {
  const EC2_SERVICE = 'web-ec2';
  const ec2Service = (instanceTypes: string[]) => createEc2Service(world, EC2_SERVICE, instanceTypes);
  const ec2Revisions = async () => (await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'shop-web-ec2' }))).taskDefinitionArns ?? [];

  test('an amd64 image where every ACTIVE instance is Graviton is refused, a DRAINING x86_64 one not counted: reads only, nothing registered', async () => {
    const [, intel] = await ec2Service(['m6g.large', 't3.small', 'c7g.xlarge']);
    await world.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: world.cluster, containerInstances: [intel], status: 'DRAINING' }));
    const image = await world.pushImage('shop', 'v2');
    proxy().clear();
    const { error } = await deploy({ service: EC2_SERVICE, image }, proxy().endpoint);
    expect(error?.message).toMatch(
      /^Input 'image': container django's image \S+ \(built for linux\/amd64 only\) cannot run on the 2 ACTIVE container instances where ECS may place shop-web-ec2's tasks: they are linux\/arm64 \(their ecs\.cpu-architecture attribute\)\. Build it for linux\/arm64 \(build-push-django-image's platforms: linux\/arm64\), or run the tasks on x86_64 instances \(the placement constraint memberOf "attribute:ecs\.cpu-architecture == x86_64"\)\. Nothing was changed\.$/,
    );
    expect(proxy().calls).toEqual(expect.arrayContaining(['ListContainerInstances', 'DescribeContainerInstances']));
    expect(proxy().writes()).toEqual([]);
    expect(await ec2Revisions()).toHaveLength(1);
  });

  test("a service of a capacity provider: only that provider's instances count, so an amd64 image for its Graviton group is refused beside x86_64 instances of the cluster", async () => {
    await world.ecs.send(new CreateCapacityProviderCommand({
      name: 'graviton-hosts',
      autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:4b1f3c2e-0d7a-4c55-9a0b-1e2f3a4b5c6d:autoScalingGroupName/graviton-asg' },
    }));
    // Two x86_64 instances outside the group (the cluster's other work), one Graviton in it.
    await createEc2Service(world, 'other', ['t3.small', 't3.small']);
    await registerContainerInstance(world.ecs, world.cluster, 'm6g.large', { tags: { 'aws:autoscaling:groupName': 'graviton-asg' } });
    const definition = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: ['other'] }))).services![0].taskDefinition;
    await world.ecs.send(new CreateServiceCommand({ cluster: world.cluster, serviceName: EC2_SERVICE, taskDefinition: definition, desiredCount: 1, capacityProviderStrategy: [{ capacityProvider: 'graviton-hosts', weight: 1 }] }));
    const { error } = await deploy({ service: EC2_SERVICE, image: await world.pushImage('shop', 'v2') });
    expect(error?.message).toMatch(/^Input 'image': container django's image \S+ \(built for linux\/amd64 only\) cannot run on the 1 ACTIVE container instance where ECS may place shop-other's tasks: they are linux\/arm64 /);
  });

  test('101 instances, one of them Graviton: read page by page and 100 at a time, the amd64 image deploys with a warning naming the constraint; a file with that constraint deploys with none', async () => {
    await ec2Service([...Array.from({ length: 100 }, () => 't3.small'), 'm6g.large']);
    const image = await world.pushImage('shop', 'v2');
    proxy().clear();
    const mixed = await deploy({ service: EC2_SERVICE, image }, proxy().endpoint);
    expect(mixed.error).toBeUndefined();
    expect(mixed.outcome?.status).toBe('completed');
    expect(mixed.log.text()).toContain("shop-web-ec2 runs on 101 ACTIVE container instances of shop: linux/amd64, linux/arm64");
    expect(mixed.log.text('warning')).toBe(
      "ECS may place shop-web-ec2's tasks on 1 of the 101 ACTIVE container instances (linux/arm64), where container django's image " + image + ' (built for linux/amd64 only) cannot run: ' +
        'add the placement constraint memberOf "attribute:ecs.cpu-architecture == x86_64", or build the image for linux/arm64 as well',
    );
    expect(proxy().calls.filter((call) => call === 'ListContainerInstances')).toHaveLength(2);
    expect(proxy().calls.filter((call) => call === 'DescribeContainerInstances')).toHaveLength(2);
    expect(readFileSync(summaryFile(), 'utf8')).toContain('1 of the 101 ACTIVE container instances');

    const definition = { ...shopTaskDefinition('shop-web-ec2', 'web', { name: 'django' }), networkMode: 'bridge', requiresCompatibilities: ['EC2'], placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.cpu-architecture == x86_64' }] };
    writeFileSync(join(workspace(), 'ec2.json'), JSON.stringify(definition));
    const pinned = await deploy({ service: EC2_SERVICE, image: await world.pushImage('shop', 'v3'), 'task-definition': 'ec2.json' });
    expect(pinned.error).toBeUndefined();
    expect(pinned.outcome?.status).toBe('completed');
    expect(pinned.log.text()).toContain('shop-web-ec2 runs on 100 ACTIVE container instances of shop that satisfy attribute:ecs.cpu-architecture == x86_64: linux/amd64');
    expect(pinned.log.text('warning')).toBe('');
  });
});

async function putManifestOnly(manifest: string): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const ecr = new ECRClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await ecr.send(new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest, imageTag: 'no-config', imageDigest: digest }));
  return digest;
}
