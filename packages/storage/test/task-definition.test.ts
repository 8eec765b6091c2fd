import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@tandem/kit';
import { chooseContainer, parseTaskDefinitionFile } from '@tandem/storage';

const web: ContainerDefinition = { name: 'web', essential: true, portMappings: [{ containerPort: 8000 }] };
const logs: ContainerDefinition = { name: 'log-router', essential: true };
const init: ContainerDefinition = { name: 'init', essential: false };

test.each<[string, ContainerDefinition[], string, string]>([
  ['the only container', [web], '', 'web'],
  ['the only essential one', [web, init], '', 'web'],
  ['the one mapping a port among essentials', [logs, web, init], '', 'web'],
  ['the named one', [logs, web], 'log-router', 'log-router'],
])('%s', (_name, containers, name, expected) => {
  expect(chooseContainer({ containerDefinitions: containers }, name).name).toBe(expected);
});

test.each<[string, ContainerDefinition[], string, string]>([
  ['a name that is not there', [web], 'api', "no container 'api' in the task definition; it has: web"],
  ['two serving containers', [web, { ...web, name: 'admin' }], '', 'name the Django one'],
])('%s is refused, naming container-name', (_name, containers, name, message) => {
  const error = (() => {
    try {
      chooseContainer({ containerDefinitions: containers }, name);
    } catch (thrown) {
      return thrown as ConfigurationError;
    }
  })();
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error?.input).toBe('container-name');
  expect(error?.message).toContain(message);
});

const definition: TaskDefinition = { family: 'shop', containerDefinitions: [web] };
test.each([
  ['a bare task definition', JSON.stringify(definition)],
  ['describe-task-definition output', JSON.stringify({ taskDefinition: definition, tags: [] })],
])('reads %s', (_name, text) => {
  expect(parseTaskDefinitionFile(text, 'td.json').family).toBe('shop');
});

test.each([
  ['{', 'is not valid JSON'],
  ['{"family":"shop"}', 'holds no containerDefinitions'],
  ['{"taskDefinition":{"containerDefinitions":[]}}', 'holds no containerDefinitions'],
  ['null', 'holds no containerDefinitions'],
])('refuses %s', (text, message) => {
  expect(() => parseTaskDefinitionFile(text, 'td.json')).toThrow(message);
});
