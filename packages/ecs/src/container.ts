import type { ContainerDefinition, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@tandem/kit';

/**
 * The Django container of a task definition, which the deploy swaps and the storage checks read:
 * the one asked for; else the one the service's load balancer sends traffic to; else the only
 * container; else the only essential one; else the only essential one that maps a port (the web
 * container, beside a log router or a sidecar). Anything else is ambiguous: the user names it.
 */
export function chooseContainer(definition: TaskDefinition, requested: string, service: Pick<Service, 'loadBalancers'> = {}): ContainerDefinition {
  const containers = definition.containerDefinitions ?? [];
  const names = (list: ContainerDefinition[]) => list.map((container) => container.name ?? '(unnamed)').join(', ');
  if (requested) {
    const named = containers.find((container) => container.name === requested);
    if (named) return named;
    const label = definition.family ? ` ${definition.family}${definition.revision ? `:${definition.revision}` : ''}` : '';
    throw new ConfigurationError(`the task definition${label} has no container '${requested}' (it has ${names(containers)})`, 'container-name');
  }
  const balanced = [...new Set((service.loadBalancers ?? []).map((balancer) => balancer.containerName).filter((name): name is string => !!name))];
  if (balanced.length > 1) {
    throw new ConfigurationError(`the service's load balancers reach several containers (${balanced.join(', ')}): name the one to deploy`, 'container-name');
  }
  const behindBalancer = containers.find((container) => balanced.length === 1 && container.name === balanced[0]);
  if (behindBalancer) return behindBalancer;
  if (containers.length === 1) return containers[0];
  const essential = containers.filter((container) => container.essential !== false);
  if (essential.length === 1) return essential[0];
  const serving = essential.filter((container) => (container.portMappings ?? []).length > 0);
  if (serving.length === 1) return serving[0];
  throw new ConfigurationError(
    `the task definition has several candidate containers, ${essential.length} essential containers (${names(essential)}) and no load balancer to tell them apart: name the Django one`,
    'container-name',
  );
}
