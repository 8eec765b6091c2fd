import { ConfigurationError, realClock } from '@tandem/kit';
import { scriptedClients } from '@tandem/standins/scripted-clients';
import type { Clients } from '../src/index.js';
import { readRelease } from '../src/index.js';

// DescribeServices answers as the ECS API reference documents: at most 10 services a call
// (InvalidParameterException beyond), a service that does not exist in `failures` with reason
// MISSING, and ClusterNotFoundException for a cluster that does not exist.
const ACCOUNT = '123456789012';
const serviceArn = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:service/shop/${name}`;
const revision = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-${name}:7`;

function world(existing: string[], options: { cluster?: boolean } = {}) {
  const calls: Array<{ command: string; input: { services?: string[] } }> = [];
  const answers: Record<string, (input: { services: string[]; taskDefinition: string }) => unknown> = {
    DescribeServices: ({ services }) => {
      if (options.cluster === false) throw Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' });
      if (services.length > 10) throw Object.assign(new Error('services can have at most 10 items.'), { name: 'InvalidParameterException' });
      return {
        services: services.filter((name) => existing.includes(name)).map((name) => ({
          serviceName: name,
          serviceArn: serviceArn(name),
          status: 'ACTIVE',
          taskDefinition: revision(name),
          deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: revision(name) }],
        })),
        failures: services.filter((name) => !existing.includes(name)).map((name) => ({ arn: serviceArn(name), reason: 'MISSING' })),
      };
    },
    DescribeTaskDefinition: ({ taskDefinition }) => ({ taskDefinition: { taskDefinitionArn: taskDefinition, containerDefinitions: [{ name: 'web', image: 'nginx:1' }] }, tags: [] }),
  };
  const clients = scriptedClients<Clients>({
    async send(command) {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ command: name, input: command.input as { services?: string[] } });
      const answer = answers[name];
      if (!answer) throw new Error(`no answer for ${name}`);
      return answer(command.input as never);
    },
  });
  return { clients, calls };
}

const noExpiry = async () => undefined;
const named = (count: number) => Array.from({ length: count }, (_, index) => `svc-${index + 1}`);

test.each([
  { services: ['web'], calls: [['web']] },
  { services: ['web', 'worker', 'scheduler'], calls: [['web', 'worker', 'scheduler']] },
  { services: named(10), calls: [named(10)] },
  { services: named(12), calls: [named(10), ['svc-11', 'svc-12']] },
])('$services.length service(s) are read in $calls.length DescribeServices call(s), in the order asked', async ({ services, calls: expected }) => {
  const { clients, calls } = world(services);
  const facts = await readRelease(clients, { cluster: 'shop', services, rollbackTo: '', images: ['nginx:2'] }, realClock, noExpiry);
  expect(calls.filter((call) => call.command === 'DescribeServices').map((call) => call.input.services)).toEqual(expected);
  expect(facts.services.map((one) => one.running.service.serviceName)).toEqual(services);
  expect(facts.services.map((one) => one.running.taskDefinition.taskDefinitionArn)).toEqual(services.map(revision));
});

test.each([
  { services: ['web'], input: 'service', message: /service 'web' in cluster 'shop': MISSING/ },
  { services: ['web', 'worker', 'scheduler'], input: 'services', message: /service 'web' in cluster 'shop': MISSING/ },
])('a missing service among $services.length is refused, naming the input $input', async ({ services, input, message }) => {
  const { clients } = world(services.filter((name) => name !== 'web'));
  const read = readRelease(clients, { cluster: 'shop', services, rollbackTo: '', images: ['nginx:2'] }, realClock, noExpiry);
  await expect(read).rejects.toThrow(message);
  await expect(read).rejects.toMatchObject({ input });
  await expect(read).rejects.toBeInstanceOf(ConfigurationError);
});

test.each([{ services: ['web'] }, { services: ['web', 'worker'] }])('a cluster that does not exist is refused naming cluster, with $services.length service(s)', async ({ services }) => {
  const { clients } = world(services, { cluster: false });
  const read = readRelease(clients, { cluster: 'shop', services, rollbackTo: '', images: ['nginx:2'] }, realClock, noExpiry);
  await expect(read).rejects.toThrow(/cluster 'shop' does not exist \(ClusterNotFoundException\)/);
  await expect(read).rejects.toMatchObject({ input: 'cluster' });
});
