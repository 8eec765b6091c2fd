import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { parseTaskDefinitionFile } from '@tandem/storage';

const definition: TaskDefinition = { family: 'shop', containerDefinitions: [{ name: 'web', essential: true, portMappings: [{ containerPort: 8000 }] }] };
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
