import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { runBundle } from '@tandem/standins/harness';
import { useMotoEndpoint, type Moto } from '@tandem/standins/moto';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { createEc2Service, type EcsWorld } from '@tandem/standins/ecs-world';
import { createServiceDeployedBy, releasedWorld, serviceNow, startDeployMoto } from './world.js';

// A catalogue of bad inputs, each through the bundle: refused with an error that names the input
// and the fix, with no write call reaching AWS (the proxy, faults off, sees every call) and the
// service and its task definitions as they were.

let moto: Moto;
let proxy: FaultProxy;
let world: EcsWorld;
let good: string;
/** An image built for linux/arm64 only, where the service runs on Fargate's default, X86_64. */
let arm: string;
const MISSING = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'e'.repeat(64)}`;

beforeAll(async () => {
  moto = await startDeployMoto();
  useMotoEndpoint(moto);
  proxy = await startFaultProxy(moto.endpoint);
  world = await releasedWorld();
  good = await world.pushImage('shop', 'v2');
  arm = await world.pushImage('shop', 'arm', ['linux/arm64']);
  await world.ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
  // A service on EC2 container instances that are all Graviton (m6g: ecs.cpu-architecture arm64).
  await createEc2Service(world, 'graviton', ['m6g.large']);
  // Services ECS does not roll out as rolling updates.
  await createServiceDeployedBy(world, 'bluegreen', { strategy: 'BLUE_GREEN' });
  await createServiceDeployedBy(world, 'codedeploy', { controller: 'CODE_DEPLOY' });
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const CASES: Array<[string, (image: string) => Record<string, string>, RegExp]> = [
  ['a typo in a boolean', (image) => ({ image, supersede: 'ture' }), /^Input 'supersede': expected true or false, got 'ture'$/],
  ['a duration without its unit', (image) => ({ image, 'wait-timeout': '30' }), /^Input 'wait-timeout': '30' has no unit: write it as 30s, 30m or 30h$/],
  ['a duration in words', (image) => ({ image, 'lock-bucket': 'shop-deploy-locks', 'lock-wait': 'ten minutes' }), /^Input 'lock-wait': 'ten minutes' is not a duration: use a number and a unit/],
  ['a poll interval too short', (image) => ({ image, 'poll-interval': '1ms' }), /^Input 'poll-interval': must be between 10ms and 5m, got 1 ms$/],
  ['an unknown choice', (image) => ({ image, 'on-failure': 'ignore' }), /^Input 'on-failure': expected one of 'rollback', 'stop', got 'ignore'$/],
  ['an image without digest', () => ({ image: 'shop:latest' }), /^Input 'image': 'shop:latest' is not pinned by digest/],
  [
    'a migrate command with a shell operator',
    (image) => ({ image, 'migrate-command': 'python manage.py migrate --noinput && python manage.py collectstatic --noinput' }),
    /^Input 'migrate-command': holds '&&', which only a shell understands, and ECS runs the command without one: its words would reach python as arguments\. Run it through the image's shell: sh -c "python manage\.py migrate --noinput && python manage\.py collectstatic --noinput"$/,
  ],
  ['a broken JSON command', (image) => ({ image, 'migrate-command': '["python", "manage.py", "migrate"' }), /^Input 'migrate-command': is not a command: /],
  ['a container-images line without =', (image) => ({ 'container-images': `django ${image}` }), /^Input 'container-images': expected NAME=VALUE on each line/],
  ['a cluster name AWS would reject', (image) => ({ image, cluster: 'shop cluster' }), /^Input 'cluster': 'shop cluster' is not a cluster name or ARN$/],
  ['an S3 URL for the lock bucket', (image) => ({ image, 'lock-bucket': 's3://shop-deploy-locks' }), /^Input 'lock-bucket': 's3:\/\/shop-deploy-locks' is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit \(give the name, not an ARN or s3:\/\/ URL\)$/],
  ['a region that is not one', (image) => ({ image, 'aws-region': 'eu-west' }), /^Input 'aws-region': 'eu-west' is not an AWS region such as us-east-1$/],
  ['an availability zone for the region', (image) => ({ image, 'aws-region': 'eu-west-1a' }), /^Input 'aws-region': 'eu-west-1a' is an availability zone: give its region, eu-west-1$/],
  ['no retries at all', (image) => ({ image, 'max-attempts': '0' }), /^Input 'max-attempts': must be at least 1, got 0$/],
  ['a token without github-deployment', (image) => ({ image, 'github-token': 'ghs_0123456789abcdef', environment: 'production' }), /^Input 'github-deployment': github-token is set but github-deployment is false, so no deployment would be recorded/],
  ['a deployment without its environment', (image) => ({ image, 'github-deployment': 'true', 'github-token': 'ghs_0123456789abcdef' }), /^Input 'environment': is required with github-deployment/],
  ['a URL without scheme', (image) => ({ image, environment: 'production', 'environment-url': 'shop.example.com' }), /^Input 'environment-url': 'shop.example.com' is not an http\(s\) URL$/],
  ['an image and a rollback at once', (image) => ({ image, 'rollback-to': 'previous' }), /^Input 'rollback-to': rollback-to deploys what served that release: leave image and container-images empty$/],
  ['nothing to deploy', () => ({}), /^Input 'image': nothing to deploy: set image \(REPOSITORY@sha256:\.\.\.\), container-images, or rollback-to$/],
  ['two services under service', (image) => ({ image, service: 'web worker' }), /^Input 'service': names 2 services \(web, worker\): list them under services instead, one a line$/],
  ['two container=image pairs on one line', (image) => ({ 'container-images': `django=${image} worker=${image}` }), /^Input 'container-images': 'django=\S+ worker=\S+' holds 2 container=image pairs separated by spaces: give them one per line$/],
  ['a service that does not exist', (image) => ({ image, service: 'api' }), /^Input 'service': service 'api' in cluster 'shop': MISSING: check the service name, and that cluster names the cluster it runs in$/],
  ['the service in another cluster', (image) => ({ image, cluster: 'staging' }), /^Input 'service': service 'web' in cluster 'staging': MISSING: check the service name/],
  [
    'a service of ECS\'s blue/green deployments',
    (image) => ({ image, service: 'bluegreen' }),
    /^Input 'service': service 'bluegreen' deploys with ECS's BLUE_GREEN strategy: ECS starts the new revision's tasks in the alternate target group shop-bluegreen-green while the old ones keep serving, moves the listener's traffic to them, and rolls back by itself\. .* set its deploymentConfiguration\.strategy to ROLLING$/,
  ],
  [
    'a CodeDeploy service among the services',
    (image) => ({ image, service: '', services: 'web\ncodedeploy' }),
    /^Input 'services': service 'codedeploy' uses the CODE_DEPLOY deployment controller: CodeDeploy moves its tasks between two target groups, and ECS refuses a new task definition in UpdateService for it\./,
  ],
  ['a cluster that does not exist', (image) => ({ image, cluster: 'prod' }), /^Input 'cluster': cluster 'prod' does not exist \(ClusterNotFoundException\): check its name or ARN, and aws-region$/],
  ['a container the task definition lacks', (image) => ({ image, 'container-name': 'worker' }), /^Input 'container-name': the task definition shop-web:1 has no container 'worker' \(it has django\)$/],
  ['an image that is not in ECR', () => ({ image: MISSING }), /^Input 'image': the image to deploy does not exist: .*ECR has no image sha256:e{64} in shop.*Nothing was changed\.$/],
  ['an image in a repository that does not exist', () => ({ image: MISSING.replace('/shop@', '/shop-api@') }), /^Input 'image': the image to deploy does not exist: .*ECR repository shop-api does not exist/],
  [
    'an amd64 image for an EC2 service whose instances are all Graviton',
    (image) => ({ image, service: 'graviton' }),
    /^Input 'image': container django's image \S+ \(built for linux\/amd64 only\) cannot run on the 1 ACTIVE container instance where ECS may place shop-graviton's tasks: they are linux\/arm64 .*Nothing was changed\.$/,
  ],
  ['an image built for arm64 only, for X86_64 tasks', () => ({ image: arm }), /^Input 'image': container django's image \S+ is built for linux\/arm64 only, but shop-web runs its tasks on linux\/amd64 \(Fargate's default, as runtimePlatform\.cpuArchitecture is not set\): build it for linux\/amd64 .*Nothing was changed\.$/],
  ['a release that never served', () => ({ 'rollback-to': 'r9' }), /^Input 'rollback-to': no revision tagged tandem-deploy:release=r9 among the 1 ACTIVE revisions of shop-web/],
  ['a smoke text without its URL', (image) => ({ image, 'smoke-contains': 'r2' }), /^Input 'smoke-contains': is set but smoke-url is empty: name the URL to check, or leave smoke-contains out$/],
  ['a smoke URL without scheme', (image) => ({ image, 'smoke-url': 'shop.example.com/healthz' }), /^Input 'smoke-url': 'shop.example.com\/healthz' is not a URL: write it as https:\/\/shop.example.com\/healthz$/],
  ['a smoke URL with a password', (image) => ({ image, 'smoke-url': 'https://admin:hunter22@shop.example.com/' }), /^Input 'smoke-url': holds a user name or password: the smoke check sends none; check a public URL$/],
  ['a smoke status that is not one', (image) => ({ image, 'smoke-url': 'https://shop.example.com/', 'smoke-status': 'ok' }), /^Input 'smoke-status': expected a whole number, got 'ok'$/],
  ['a smoke interval longer than its timeout', (image) => ({ image, 'smoke-url': 'https://shop.example.com/', 'smoke-timeout': '30s', 'smoke-interval': '1m' }), /^Input 'smoke-interval': must be at least 10ms and at most smoke-timeout \(30000 ms\), got 60000 ms$/],
];

// Task-definition files in the repository the step runs in: each refused naming the key path.
const FILES: Record<string, unknown> = {
  'misspelt.json': { family: 'shop-web', containerDefinitions: [{ name: 'django', memory: 512, enviroment: [{ name: 'A', value: 'b' }] }] },
  'cpu-number.yaml': 'family: shop-web\ncpu: 512\ncontainerDefinitions:\n  - name: django\n    memory: 512\n',
  'described.json': { taskDefinition: { family: 'shop-web', containerDefinitions: [{ name: 'django', memory: 512 }] }, tags: [] },
  'other-family.json': { family: 'shop-api', containerDefinitions: [{ name: 'django', memory: 512, portMappings: [{ containerPort: 8000 }] }] },
  'graviton.json': { family: 'shop-web', runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }, containerDefinitions: [{ name: 'django', memory: 512, portMappings: [{ containerPort: 8000 }] }] },
  // As cookiecutter-django serves: gunicorn on 5000, where the service's target group sends to 8000.
  'port-5000.json': { family: 'shop-web', containerDefinitions: [{ name: 'django', memory: 512, portMappings: [{ containerPort: 5000 }] }] },
};
const FILE_CASES: Array<[string, (image: string) => Record<string, string>, RegExp]> = [
  ['a misspelt key in the task-definition file', (image) => ({ image, 'task-definition': 'deploy/misspelt.json' }), /^Input 'task-definition': deploy\/misspelt\.json is not a task definition RegisterTaskDefinition accepts: containerDefinitions\[0\]\.enviroment: is not a key here: did you mean environment\?/],
  ['a number for cpu in a YAML file', (image) => ({ image, 'task-definition': 'deploy/cpu-number.yaml' }), /^Input 'task-definition': deploy\/cpu-number\.yaml is not a task definition RegisterTaskDefinition accepts: cpu: expected a string, got a number \(512\): write it in quotes, "512"$/],
  ['a whole describe-task-definition answer', (image) => ({ image, 'task-definition': 'deploy/described.json' }), /^Input 'task-definition': deploy\/described\.json holds a whole DescribeTaskDefinition answer: keep only what is under taskDefinition/],
  ['a file of another family', (image) => ({ image, 'task-definition': 'deploy/other-family.json' }), /^Input 'task-definition': family 'shop-api' in deploy\/other-family\.json is not the family the service runs \('shop-web'\)/],
  ['an amd64 image for a file whose tasks run on ARM64', (image) => ({ image, 'task-definition': 'deploy/graviton.json' }), /^Input 'image': container django's image \S+ is built for linux\/amd64 only, but shop-web runs its tasks on linux\/arm64 \(runtimePlatform\.cpuArchitecture ARM64\): .*Nothing was changed\.$/],
  [
    'a file whose container serves on another port than the load balancer sends to',
    (image) => ({ image, 'task-definition': 'deploy/port-5000.json' }),
    /^Input 'task-definition': deploy\/port-5000\.json: container 'django' maps port 5000, but the service's load balancer sends traffic to its port 8000 \(target group shop-web\), and ECS refuses a revision without it\. Map containerPort 8000 in the file, or change the service's load balancer first$/,
  ],
  ['a file that is not in the repository', (image) => ({ image, 'task-definition': 'deploy/web.json' }), /^Input 'task-definition': cannot read deploy\/web\.json: no such file in the workspace \(is the repository checked out\?\)$/],
  ['a file and a rollback at once', () => ({ 'rollback-to': 'previous', 'task-definition': 'deploy/misspelt.json' }), /^Input 'task-definition': rollback-to deploys the revision that served that release: leave task-definition empty$/],
];
let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'bad-taskdef-'));
  mkdirSync(join(workspace, 'deploy'));
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(workspace, 'deploy', name), typeof content === 'string' ? content : JSON.stringify(content));
});

test.each([...CASES, ...FILE_CASES])('%s is refused, naming the input, with nothing written', async (_, inputs, message) => {
  const before = await serviceNow(world);
  proxy.calls.length = 0;
  const run = await runBundle('rolling-deploy-behind-elb', {
    inputs: { cluster: world.cluster, service: world.service, 'poll-interval': '100ms', ...inputs(good) },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
    workspace,
  });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0].replace(/^rolling-deploy-behind-elb: /, '')).toMatch(message);
  expect(proxy.writes()).toEqual([]);
  expect((await serviceNow(world)).deployments).toEqual(before.deployments);
  expect((await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: world.family }))).taskDefinitionArns).toEqual([world.taskDefinitionArn]);
});

test('a lock bucket that does not exist: refused naming the input; the one write tried, the lock, was refused by S3', async () => {
  const before = await serviceNow(world);
  proxy.calls.length = 0;
  const run = await runBundle('rolling-deploy-behind-elb', {
    inputs: { cluster: world.cluster, service: world.service, image: good, 'lock-bucket': 'shop-deploy-locks-gone' },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^rolling-deploy-behind-elb: Input 'lock-bucket': bucket 'shop-deploy-locks-gone' does not exist in us-east-1 \(PutObject \(S3\): The specified bucket does not exist\): create it, or leave lock-bucket empty\. Nothing was changed\.$/)]);
  expect(proxy.calls).toEqual(['S3 PUT /shop-deploy-locks-gone/tandem-deploy/locks/ecs/shop/web.json']);
  expect((await serviceNow(world)).deployments).toEqual(before.deployments);
});
