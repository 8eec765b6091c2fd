import type { Service } from '@aws-sdk/client-ecs';
import { migrationTask } from '../src/migrate.js';

// RunTask's input for the migration: placed as the service places its tasks.
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'DISABLED' as const } };
const ARM_ONLY = { type: 'memberOf' as const, expression: 'attribute:ecs.cpu-architecture == arm64' };
const SPREAD = { type: 'spread' as const, field: 'attribute:ecs.availability-zone' };
const BASE = { cluster: 'shop', taskDefinition: 'shop-web:2', count: 1, startedBy: 'tandem-deploy/migrate', overrides: { containerOverrides: [{ name: 'django', command: ['python', 'manage.py', 'migrate'] }] } };

test.each<[string, Service, object]>([
  ['Fargate: the launch type, platform version and network', { launchType: 'FARGATE', platformVersion: 'LATEST', networkConfiguration: NETWORK }, { launchType: 'FARGATE', platformVersion: 'LATEST', networkConfiguration: NETWORK }],
  [
    'a Fargate Spot strategy: the strategy, and no placement even if the service lists some',
    { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], platformVersion: 'LATEST', networkConfiguration: NETWORK, placementConstraints: [ARM_ONLY] },
    { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], platformVersion: 'LATEST', networkConfiguration: NETWORK },
  ],
  [
    "EC2 with the service's constraint and strategy: both, so the task lands where the service's tasks may",
    { launchType: 'EC2', placementConstraints: [ARM_ONLY], placementStrategy: [SPREAD] },
    { launchType: 'EC2', placementConstraints: [ARM_ONLY], placementStrategy: [SPREAD] },
  ],
  [
    'an EC2 capacity provider with a constraint',
    { capacityProviderStrategy: [{ capacityProvider: 'graviton-hosts', weight: 1 }], placementConstraints: [ARM_ONLY] },
    { capacityProviderStrategy: [{ capacityProvider: 'graviton-hosts', weight: 1 }], placementConstraints: [ARM_ONLY] },
  ],
  ['EC2 with neither', { launchType: 'EC2', placementConstraints: [], placementStrategy: [] }, { launchType: 'EC2' }],
])('%s', (_name, service, expected) => {
  expect(migrationTask(service, 'shop', 'shop-web:2', 'django', ['python', 'manage.py', 'migrate'])).toEqual({ ...BASE, ...expected });
});
