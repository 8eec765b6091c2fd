import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffFromFile, droppedLogging, fileContainer, parseTaskDefinitionFile, readTaskDefinitionFile, readTaskDefinitionFiles, renderFromFile } from '../src/index.js';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'b'.repeat(64)}`;
const release = { id: 'r2', commit: 'c'.repeat(40) };
const definition = {
  family: 'shop-web',
  cpu: '512',
  memory: '1024',
  containerDefinitions: [
    { name: 'django', memory: 512, environment: [{ name: 'FEATURE', value: 'on' }], secrets: [{ name: 'SECRET_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/key' }] },
    { name: 'log-router', image: 'fluent-bit:3', essential: false, memory: 64 },
  ],
  tags: [{ key: 'team', value: 'shop' }, { key: 'tandem-deploy:release', value: 'stale' }],
};

const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web/0123456789abcdef';
/** The definition with django serving on `port`. */
const serving = (port: number) => ({ ...definition, containerDefinitions: [{ ...definition.containerDefinitions[0], portMappings: [{ containerPort: port, protocol: 'tcp' }] }, definition.containerDefinitions[1]] });

test('JSON and YAML give the same request', () => {
  const yaml = 'family: shop-web\ncpu: "512"\nmemory: "1024"\ncontainerDefinitions:\n  - name: django\n    memory: 512\n    environment:\n      - { name: FEATURE, value: "on" }\n    secrets:\n      - { name: SECRET_KEY, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/shop/key" }\n  - { name: log-router, image: "fluent-bit:3", essential: false, memory: 64 }\ntags:\n  - { key: team, value: shop }\n  - { key: "tandem-deploy:release", value: stale }\n';
  expect(parseTaskDefinitionFile('web.yaml', yaml).definition).toEqual(parseTaskDefinitionFile('web.json', JSON.stringify(definition)).definition);
});

test('a pasted describe-task-definition: read-only keys dropped and listed; the whole answer refused', () => {
  const pasted = { ...definition, taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7', revision: 7, status: 'ACTIVE', compatibilities: ['FARGATE'], registeredAt: '2026-01-01T00:00:00Z' };
  const file = parseTaskDefinitionFile('web.json', JSON.stringify(pasted));
  expect(file.dropped).toEqual(['taskDefinitionArn', 'revision', 'status', 'compatibilities', 'registeredAt']);
  expect(file.definition).toEqual(definition);
  expect(() => parseTaskDefinitionFile('web.json', JSON.stringify({ taskDefinition: definition, tags: [] }))).toThrow(/^Input 'task-definition': web\.json holds a whole DescribeTaskDefinition answer: keep only what is under taskDefinition/);
});

test.each<[string, string, string, RegExp]>([
  ['a misspelt key', 'web.json', JSON.stringify({ ...definition, containerDefinitions: [{ name: 'django', enviroment: [] }] }), /^Input 'task-definition': web\.json is not a task definition RegisterTaskDefinition accepts: containerDefinitions\[0\]\.enviroment: is not a key here: did you mean environment\?/],
  ['two problems at once', 'web.json', JSON.stringify({ ...definition, cpu: 512, containerDefinitions: [{ name: 'django', portMapping: [] }] }), /cpu: expected a string, got a number \(512\): write it in quotes, "512"; containerDefinitions\[0\]\.portMapping: is not a key here: did you mean portMappings\?/],
  ['a container without a name', 'web.json', JSON.stringify({ family: 'shop-web', containerDefinitions: [{ image: IMAGE }] }), /containerDefinitions\[0\]\.name: is required: the image inputs fill containers in by name/],
  ['two containers of one name', 'web.json', JSON.stringify({ family: 'shop-web', containerDefinitions: [{ name: 'a' }, { name: 'a' }] }), /containerDefinitions\[1\]\.name: 'a' names two containers/],
  ['no container', 'web.json', JSON.stringify({ family: 'shop-web', containerDefinitions: [] }), /containerDefinitions: lists no container/],
  ['broken JSON', 'web.json', '{"family": "shop-web",', /^Input 'task-definition': web\.json is not valid JSON/],
  ['broken YAML', 'web.yml', 'family: [shop-web', /^Input 'task-definition': web\.yml is not valid YAML/],
  ['another kind of file', 'web.txt', '{}', /^Input 'task-definition': web\.txt: name a \.json, \.yaml or \.yml file$/],
])('%s is refused, naming the key path', (_, path, text, message) => {
  expect(() => parseTaskDefinitionFile(path, text)).toThrow(message);
});

test('the image goes to its container by name; the release tags replace the file\'s own', () => {
  const file = parseTaskDefinitionFile('web.json', JSON.stringify(definition));
  const { input } = renderFromFile(file, 'shop-web', new Map([['django', IMAGE]]), release);
  expect(input.containerDefinitions.map((container) => container.image)).toEqual([IMAGE, 'fluent-bit:3']);
  expect(input.containerDefinitions[0].environment).toEqual([{ name: 'FEATURE', value: 'on' }]);
  expect(input.tags).toEqual([{ key: 'team', value: 'shop' }, { key: 'tandem-deploy:release', value: 'r2' }, { key: 'tandem-deploy:commit', value: 'c'.repeat(40) }]);
  expect(input).toMatchObject({ family: 'shop-web', cpu: '512', memory: '1024' });
});

test.each<[string, () => unknown, RegExp]>([
  ['a container with no image anywhere', () => renderFromFile(parseTaskDefinitionFile('web.json', JSON.stringify(definition)), 'shop-web', new Map(), release), /^Input 'task-definition': containerDefinitions\[0\]\.image: container 'django' in web\.json has no image/],
  ['an image for a container the file lacks', () => renderFromFile(parseTaskDefinitionFile('web.json', JSON.stringify(definition)), 'shop-web', new Map([['worker', IMAGE]]), release), /^Input 'container-images': web\.json has no container 'worker' \(it has django, log-router\)$/],
  ['another family than the service runs', () => renderFromFile(parseTaskDefinitionFile('web.json', JSON.stringify(definition)), 'shop-api', new Map([['django', IMAGE]]), release), /^Input 'task-definition': family 'shop-web' in web\.json is not the family the service runs \('shop-api'\)/],
  ['container-name the file lacks', () => fileContainer(parseTaskDefinitionFile('web.json', JSON.stringify(definition)), {}, 'worker'), /^Input 'container-name': web\.json has no container 'worker'/],
  ['a file without the load-balanced container', () => fileContainer(parseTaskDefinitionFile('web.json', JSON.stringify(definition)), { loadBalancers: [{ containerName: 'web', containerPort: 8000 }] }, ''), /^Input 'task-definition': web\.json has no container 'web', the one the service's load balancer sends traffic to \(it has django, log-router\)$/],
  [
    'a file whose load-balanced container maps another port (cookiecutter-django serves on 5000)',
    () => fileContainer(parseTaskDefinitionFile('web.json', JSON.stringify(serving(5000))), { loadBalancers: [{ containerName: 'django', containerPort: 8000, targetGroupArn: TARGET_GROUP }] }, ''),
    /^Input 'task-definition': web\.json: container 'django' maps port 5000, but the service's load balancer sends traffic to its port 8000 \(target group shop-web\), and ECS refuses a revision without it\. Map containerPort 8000 in the file, or change the service's load balancer first$/,
  ],
  [
    'a file whose load-balanced container maps no port',
    () => fileContainer(parseTaskDefinitionFile('web.json', JSON.stringify(definition)), { loadBalancers: [{ containerName: 'django', containerPort: 8000 }] }, ''),
    /^Input 'task-definition': web\.json: container 'django' maps no port, but the service's load balancer sends traffic to its port 8000, and ECS/,
  ],
])('%s is refused', (_, render, message) => {
  expect(render).toThrow(message);
});

test('the container image goes to: the load-balanced one, else the only essential one', () => {
  const file = parseTaskDefinitionFile('web.json', JSON.stringify(serving(8000)));
  expect(fileContainer(file, { loadBalancers: [{ containerName: 'django', containerPort: 8000, targetGroupArn: TARGET_GROUP }] }, '')).toBe('django');
  expect(fileContainer(file, {}, '')).toBe('django');
  // Every load balancer's port, when the container serves several.
  const both = { ...definition, containerDefinitions: [{ ...definition.containerDefinitions[0], portMappings: [{ containerPort: 8000 }, { containerPort: 9000 }] }, definition.containerDefinitions[1]] };
  expect(fileContainer(parseTaskDefinitionFile('web.json', JSON.stringify(both)), { loadBalancers: [{ containerName: 'django', containerPort: 8000 }, { containerName: 'django', containerPort: 9000 }] }, '')).toBe('django');
});

test('the file is read relative to the workspace, and only inside it', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'taskdef-'));
  mkdirSync(join(workspace, 'deploy'));
  writeFileSync(join(workspace, 'deploy/web.json'), JSON.stringify(definition));
  expect(readTaskDefinitionFile('deploy/web.json', workspace).definition.family).toBe('shop-web');
  expect(() => readTaskDefinitionFile('deploy/missing.json', workspace)).toThrow(/^Input 'task-definition': cannot read deploy\/missing\.json: no such file in the workspace/);
  expect(() => readTaskDefinitionFile('../etc/web.json', workspace)).toThrow(/is outside the workspace/);
  expect(() => readTaskDefinitionFile('/etc/passwd.json', workspace)).toThrow(/is outside the workspace/);
});

test('the diff from the serving revision leaves out what ECS fills in, and hides secret values', () => {
  const serving = { family: 'shop-web', cpu: '256', volumes: [], placementConstraints: [], containerDefinitions: [{ name: 'django', cpu: 0, image: 'old', mountPoints: [], volumesFrom: [], environment: [] }] };
  const file = { family: 'shop-web', cpu: '512', containerDefinitions: [{ name: 'django', image: 'new', environment: [{ name: 'API_TOKEN', value: 'tok-123' }] }] };
  expect(diffFromFile(serving, file)).toEqual([
    '+ containerDefinitions[django].environment[API_TOKEN].name: "API_TOKEN"',
    '+ containerDefinitions[django].environment[API_TOKEN].value: "***"',
    '~ containerDefinitions[django].image: "old" -> "new"',
    '~ cpu: "256" -> "512"',
  ]);
});

test("the example shop's web and worker task definitions, which deploy.yml ships, are ones RegisterTaskDefinition accepts, one family each", () => {
  const root = join(import.meta.dirname, '../../..');
  const [web, worker] = readTaskDefinitionFiles(['examples/django/deploy/web.task-definition.json', 'examples/django/deploy/worker.task-definition.json'], root);
  expect([web.dropped, worker.dropped]).toEqual([[], []]);
  expect(fileContainer(web, {}, '')).toBe('django');
  expect(fileContainer(worker, {}, '')).toBe('worker');
  const workflow = readFileSync(join(root, '.github/workflows/deploy.yml'), 'utf8');
  expect(workflow).toContain('task-definition: |\n            backend/deploy/web.task-definition.json\n');
  expect(workflow).toContain("'backend/deploy/worker.task-definition.json'");
});

test('a container the file gives no logConfiguration, where the serving revision has one, is warned about; one that keeps it or never had one is not', () => {
  const awslogs = { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/shop-web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } };
  const servingRevision = { family: 'shop-web', containerDefinitions: [{ name: 'django', logConfiguration: awslogs }, { name: 'log-router' }] };
  expect(droppedLogging('deploy/web.json', servingRevision, { containerDefinitions: [{ name: 'django' }, { name: 'log-router' }] })).toEqual([
    "deploy/web.json: container 'django' has no logConfiguration, where the revision that serves sends its output to awslogs (/ecs/shop-web): the new tasks' output would go nowhere, and a container that crashes at start could not show its last lines here. Copy the container's logConfiguration into the file",
  ]);
  expect(droppedLogging('deploy/web.json', servingRevision, { containerDefinitions: [{ name: 'django', logConfiguration: { logDriver: 'awsfirelens' } }] })).toEqual([]);
  expect(droppedLogging('deploy/web.json', servingRevision, { containerDefinitions: [{ name: 'worker' }] })).toEqual([]);
  expect(droppedLogging('deploy/web.json', { family: 'shop-web', containerDefinitions: [{ name: 'django', logConfiguration: { logDriver: 'json-file' } }] }, { containerDefinitions: [{ name: 'django' }] })[0]).toContain('sends its output to json-file:');
});
