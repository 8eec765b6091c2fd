import type { ContainerDefinition, LoadBalancer, TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@tandem/kit';
import { chooseContainer } from '../src/index.js';

// One choice of the Django container, for the deploy (with the service's load balancers) and for
// the storage checks (a task definition alone).
const django: ContainerDefinition = { name: 'django', essential: true, portMappings: [{ containerPort: 8000 }] };
const router: ContainerDefinition = { name: 'log-router', essential: true };
const init: ContainerDefinition = { name: 'init', essential: false };
const admin: ContainerDefinition = { name: 'admin', essential: true, portMappings: [{ containerPort: 8001 }] };
const defined = (...containers: ContainerDefinition[]): TaskDefinition => ({ family: 'shop-web', revision: 7, containerDefinitions: containers });
const balancing = (...names: string[]): LoadBalancer[] => names.map((containerName) => ({ containerName, targetGroupArn: 'tg' }));

test.each<[string, TaskDefinition, string, LoadBalancer[], string]>([
  ['the one asked for', defined(django, router), 'log-router', [], 'log-router'],
  ['the one asked for, over the load balancer', defined(django, router), 'log-router', balancing('django'), 'log-router'],
  ['the one behind the load balancer', defined(router, django), '', balancing('django', 'django'), 'django'],
  ['the only container, essential or not', defined(init), '', [], 'init'],
  ['the only essential one', defined(init, django), '', [], 'django'],
  ['the only essential one mapping a port', defined(router, django, init), '', [], 'django'],
])('%s', (_what, definition, requested, loadBalancers, expected) => {
  expect(chooseContainer(definition, requested, { loadBalancers }).name).toBe(expected);
});

test.each<[string, TaskDefinition, string, LoadBalancer[], string]>([
  ['a name that is not there', defined(django, router), 'worker', [], "the task definition shop-web:7 has no container 'worker' (it has django, log-router)"],
  ['a name that is not in a file without a family', { containerDefinitions: [django] }, 'web', [], "the task definition has no container 'web' (it has django)"],
  ['two balanced containers', defined(django, admin), '', balancing('django', 'admin'), "the service's load balancers reach several containers (django, admin): name the one to deploy"],
  [
    'two essential containers mapping ports',
    defined(django, admin, init),
    '',
    [],
    'the task definition has several candidate containers, 2 essential containers (django, admin) and no load balancer to tell them apart: name the Django one',
  ],
  [
    'two essential containers mapping none',
    defined({ name: 'a', essential: true }, { name: 'b' }),
    '',
    [],
    'the task definition has several candidate containers, 2 essential containers (a, b) and no load balancer to tell them apart: name the Django one',
  ],
])('%s is refused, naming container-name', (_what, definition, requested, loadBalancers, message) => {
  expect(() => chooseContainer(definition, requested, { loadBalancers })).toThrow(new ConfigurationError(message, 'container-name'));
  const error = (() => {
    try {
      chooseContainer(definition, requested, { loadBalancers });
    } catch (thrown) {
      return thrown;
    }
  })();
  expect((error as ConfigurationError).input).toBe('container-name');
});
