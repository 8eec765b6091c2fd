import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { diffTaskDefinitions, digestProblem, registerable, registerableKeys, renderTaskDefinition } from '../src/index.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const NEW_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@${DIGEST}`;

// describe-task-definition output as the ECS API reference documents it, read-only keys included.
const described = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7',
  family: 'shop-web',
  revision: 7,
  status: 'ACTIVE',
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
  compatibilities: ['EC2', 'FARGATE'],
  registeredAt: new Date('2026-01-01T00:00:00Z'),
  registeredBy: 'arn:aws:sts::123456789012:assumed-role/deploy/gh',
  deregisteredAt: new Date('2026-02-01T00:00:00Z'),
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    { name: 'django', image: 'old@sha256:' + 'a'.repeat(64), essential: true, portMappings: [{ containerPort: 8000 }], healthCheck: { command: ['CMD', 'true'] } },
    { name: 'log-router', image: 'fluent-bit:3', essential: false },
  ],
} as unknown as TaskDefinition;

test('the request keys come from the SDK schema', () => {
  expect(registerableKeys()).toEqual(expect.arrayContaining(['family', 'containerDefinitions', 'executionRoleArn', 'runtimePlatform', 'tags']));
  expect(registerableKeys()).not.toContain('revision');
});

test.each([
  ['taskDefinitionArn'], ['revision'], ['status'], ['requiresAttributes'], ['compatibilities'], ['registeredAt'], ['registeredBy'], ['deregisteredAt'],
])('read-only %s is dropped', (key) => {
  const { input, dropped } = registerable(described as Record<string, unknown>);
  expect(input).not.toHaveProperty(key);
  expect(dropped).toContain(key);
});

test.each([
  [{ brandNewTopLevel: { x: 1 } }, 'brandNewTopLevel'],
  [{ containerDefinitions: [{ name: 'a', image: 'i', futureKnob: true }] }, 'containerDefinitions[0].futureKnob'],
  [{ containerDefinitions: [{ name: 'a', image: 'i', logConfiguration: { logDriver: 'awslogs', laterOption: 1 } }] }, 'containerDefinitions[0].logConfiguration.laterOption'],
])('unknown key %j is dropped at any depth', (extra, path) => {
  const { input, dropped } = registerable({ family: 'f', containerDefinitions: [], ...extra });
  expect(dropped).toEqual([path]);
  expect(JSON.stringify(input)).not.toMatch(/brandNewTopLevel|futureKnob|laterOption/);
});

test('rendering swaps only the image, keeps the rest, tags the release', () => {
  const tags = [{ key: 'team', value: 'shop' }, { key: 'tandem-deploy:release', value: 'old' }, { key: 'tandem-deploy:served', value: 'yes' }];
  const { input } = renderTaskDefinition(described, tags, new Map([['django', NEW_IMAGE]]), { id: 'r9', commit: 'c'.repeat(40) });
  expect(input.containerDefinitions.map((container) => container.image)).toEqual([NEW_IMAGE, 'fluent-bit:3']);
  expect(input.containerDefinitions[0].healthCheck).toEqual({ command: ['CMD', 'true'] });
  expect(input).toMatchObject({ family: 'shop-web', cpu: '256', memory: '512', executionRoleArn: 'arn:aws:iam::123456789012:role/exec', networkMode: 'awsvpc' });
  expect(input.tags).toEqual([{ key: 'team', value: 'shop' }, { key: 'tandem-deploy:release', value: 'r9' }, { key: 'tandem-deploy:commit', value: 'c'.repeat(40) }]);
});

test('a promoted release is tagged with the environment it came from; a release built here never inherits that tag', () => {
  const inherited = [{ key: 'tandem-deploy:release', value: 'old' }, { key: 'tandem-deploy:promoted-from', value: 'staging' }];
  const promoted = renderTaskDefinition(described, inherited, new Map([['django', NEW_IMAGE]]), { id: 'r9', commit: 'c', promotedFrom: 'staging' });
  expect(promoted.input.tags).toEqual([{ key: 'tandem-deploy:release', value: 'r9' }, { key: 'tandem-deploy:commit', value: 'c' }, { key: 'tandem-deploy:promoted-from', value: 'staging' }]);
  const local = renderTaskDefinition(described, inherited, new Map([['django', NEW_IMAGE]]), { id: 'r10', commit: 'd' });
  expect(local.input.tags).toEqual([{ key: 'tandem-deploy:release', value: 'r10' }, { key: 'tandem-deploy:commit', value: 'd' }]);
});

test('a container the task definition lacks is a clear error', () => {
  expect(() => renderTaskDefinition(described, [], new Map([['web', NEW_IMAGE]]), { id: 'r', commit: 'c' })).toThrow(/has no container 'web' \(it has django, log-router\)/);
});

test.each([
  [NEW_IMAGE, undefined],
  ['shop:latest', /not pinned by digest/],
  ['shop@sha256:abc', /not a sha256 digest/],
  ['', /not an image reference/],
])('digest check of %s', (image, problem) => {
  const found = digestProblem(image);
  if (problem) expect(found).toMatch(problem);
  else expect(found).toBeUndefined();
});

test('the diff matches containers by name and tags by key', () => {
  const before = { containerDefinitions: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }], tags: [{ key: 'k', value: '1' }] };
  const after = { containerDefinitions: [{ name: 'b', image: 'y' }, { name: 'a', image: 'z' }], tags: [{ key: 'k', value: '2' }, { key: 'n', value: '3' }] };
  expect(diffTaskDefinitions(before, after)).toEqual([
    '~ containerDefinitions[a].image: "x" -> "z"',
    '~ tags[k].value: "1" -> "2"',
    '+ tags[n].key: "n"',
    '+ tags[n].value: "3"',
  ]);
});
