import { checkShape, readOnlyKeys, REGISTER_TASK_DEFINITION, suggestKey } from '../src/index.js';

// The key checker against the SDK's own schema of RegisterTaskDefinition's request: every problem
// named by its key path, a misspelt key with the key probably meant.

const container = { name: 'django', image: 'shop@sha256:' + 'b'.repeat(64), memory: 512 };
const base = { family: 'shop-web', containerDefinitions: [container] };
const withContainer = (extra: Record<string, unknown>) => ({ ...base, containerDefinitions: [{ ...container, ...extra }] });

test.each<[string, unknown, Array<{ path: string; problem: RegExp }>]>([
  ['a good definition', { ...base, cpu: '256', memory: '512', networkMode: 'awsvpc', tags: [{ key: 'team', value: 'shop' }] }, []],
  ['a good container: environment, secrets, ports, health check, logging', withContainer({
    environment: [{ name: 'DEBUG', value: 'false' }],
    secrets: [{ name: 'SECRET_KEY', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-key' }],
    portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
    healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8000/healthz'], interval: 30, retries: 3 },
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop-web' } },
    essential: true,
  }), []],
  ['a misspelt container key', withContainer({ enviroment: [] }), [{ path: 'containerDefinitions[0].enviroment', problem: /^is not a key here: did you mean environment\?/ }]],
  ['a key in the wrong case', { ...base, CPU: '256' }, [{ path: 'CPU', problem: /did you mean cpu\?/ }]],
  ['a misspelt nested key', withContainer({ healthCheck: { command: ['CMD', 'true'], intervall: 30 } }), [{ path: 'containerDefinitions[0].healthCheck.intervall', problem: /did you mean interval\?/ }]],
  ['a misspelt key in a list item', withContainer({ secrets: [{ name: 'A', valueFrm: 'arn' }] }), [
    { path: 'containerDefinitions[0].secrets[0].valueFrm', problem: /did you mean valueFrom\?/ },
    { path: 'containerDefinitions[0].secrets[0].valueFrom', problem: /^is required$/ },
  ]],
  ['a key that resembles nothing', { ...base, deployment: {} }, [{ path: 'deployment', problem: /^is not a key here \(known: family, containerDefinitions, / }]],
  ['a number where ECS wants a string', { ...base, cpu: 512 }, [{ path: 'cpu', problem: /^expected a string, got a number \(512\): write it in quotes, "512"$/ }]],
  ['a string where ECS wants a number', withContainer({ memory: '512' }), [{ path: 'containerDefinitions[0].memory', problem: /^expected a number, got a string \("512"\)$/ }]],
  ['a string where ECS wants true or false', withContainer({ essential: 'yes' }), [{ path: 'containerDefinitions[0].essential', problem: /^expected true or false/ }]],
  ['an object where ECS wants a list', withContainer({ environment: { DEBUG: 'false' } }), [{ path: 'containerDefinitions[0].environment', problem: /^expected a list, got an object$/ }]],
  ['a string where ECS wants a list of strings', withContainer({ command: 'gunicorn shop.wsgi' }), [{ path: 'containerDefinitions[0].command', problem: /^expected a list/ }]],
  ['a number among log options', withContainer({ logConfiguration: { logDriver: 'awslogs', options: { 'max-buffer-size': 4 } } }), [{ path: 'containerDefinitions[0].logConfiguration.options.max-buffer-size', problem: /^expected a string/ }]],
  ['no family', { containerDefinitions: [container] }, [{ path: 'family', problem: /^is required$/ }]],
  ['a list where an object belongs', [base], [{ path: '(the file)', problem: /^expected an object, got a list$/ }]],
  ['null stands for not set', { ...base, cpu: null }, []],
])('%s', (_, definition, expected) => {
  const problems = checkShape(definition, REGISTER_TASK_DEFINITION);
  expect(problems).toEqual(expected.map(({ path, problem }) => ({ path, problem: expect.stringMatching(problem) })));
});

test.each<[string, string[], string | undefined]>([
  ['enviroment', ['environment', 'secrets'], 'environment'],
  ['Environment', ['environment'], 'environment'],
  ['portMapping', ['portMappings', 'links'], 'portMappings'],
  ['memmory', ['memory', 'memoryReservation'], 'memory'],
  ['image', ['name'], undefined],
  ['taskDefinition', ['family', 'taskRoleArn'], undefined],
])('%s suggests %j -> %s', (key, names, meant) => {
  expect(suggestKey(key, names)).toBe(meant);
});

test('the read-only keys come from the SDK: what DescribeTaskDefinition answers and RegisterTaskDefinition does not take', () => {
  expect(readOnlyKeys()).toEqual(expect.arrayContaining(['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy', 'deregisteredAt']));
  expect(readOnlyKeys()).not.toContain('family');
  expect(readOnlyKeys()).not.toContain('containerDefinitions');
});
