import type { Service, TaskDefinition } from '@aws-sdk/client-ecs';
import { InputReader, tableInputs } from '@tandem/kit';
import type { ReleaseFacts, ServiceFacts } from '@tandem/ecs';
import { readInputs } from '../src/inputs.js';
import { busyMessage, dryRunSteps, makePlan } from '../src/plan.js';

// The decide step: from what was read to what each service of the release gets. Pure: no client.

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'a'.repeat(64)}`;
const OLD_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'0'.repeat(64)}`;

function facts(name: string, containers: Array<{ name: string; healthCheck?: boolean; essential?: boolean }>, balanced?: string, over: Partial<Service> = {}): ServiceFacts {
  const taskDefinition: TaskDefinition = {
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/shop-${name}:1`, family: `shop-${name}`, revision: 1,
    containerDefinitions: containers.map((one) => ({ name: one.name, image: OLD_IMAGE, essential: one.essential ?? true, ...(one.healthCheck ? { healthCheck: { command: ['CMD', 'true'] } } : {}) })),
  };
  const service: Service = { serviceName: name, taskDefinition: taskDefinition.taskDefinitionArn, loadBalancers: balanced ? [{ targetGroupArn: 'tg', containerName: balanced, containerPort: 8000 }] : [], deployments: [{ id: `ecs-svc/${name}`, status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: taskDefinition.taskDefinitionArn }], ...over };
  return { name, running: { service, taskDefinition, tags: [] }, targetGroups: [] };
}

const release = (services: ServiceFacts[], found = true): ReleaseFacts => ({ services, imageChecks: [{ image: IMAGE, found, detail: found ? 'found' : 'ECR has no image' }], now: 0 });
const web = () => facts('web', [{ name: 'django' }, { name: 'sidecar', essential: false }], 'django');
const worker = () => facts('worker', [{ name: 'worker', healthCheck: true }]);
const scheduler = () => facts('scheduler', [{ name: 'scheduler' }]);
const inputs = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ cluster: 'shop', image: IMAGE, ...values })), { AWS_REGION: 'us-east-1', GITHUB_SHA: 'c'.repeat(40) });

test.each<[string, Record<string, string>, ServiceFacts[], Array<[string, string, boolean]>]>([
  ['one service: the load-balanced container', { service: 'web' }, [web()], [['web', 'django', false]]],
  ['three services: each its own container; the worker health-checked', { services: 'web\nworker\nscheduler' }, [web(), worker(), scheduler()], [['web', 'django', false], ['worker', 'worker', true], ['scheduler', 'scheduler', false]]],
  ['container-name applies where the container exists', { services: 'web\nworker', 'container-name': 'django' }, [web(), worker()], [['web', 'django', false], ['worker', 'worker', true]]],
])('%s', (_, values, services, expected) => {
  const plan = makePlan(inputs(values), release(services));
  expect(plan.services.map((one) => [one.name, one.container, one.healthChecked])).toEqual(expected);
  for (const one of plan.services) expect(one.rendered?.input.containerDefinitions.find((container) => container.name === one.container)?.image).toBe(IMAGE);
  expect(plan.services[0].rendered?.input.containerDefinitions.find((container) => container.name === 'sidecar')?.image ?? OLD_IMAGE).toBe(OLD_IMAGE);
});

test.each<[string, Record<string, string>, ServiceFacts[], boolean, RegExp]>([
  ['a container-images entry no service has', { image: '', services: 'web\nworker', 'container-images': `celery=${IMAGE}` }, [web(), worker()], true, /^Input 'container-images': no service of the release has a container 'celery' \(web: django, sidecar; worker: worker\)/],
  ['one service without that container-name', { service: 'worker', 'container-name': 'django' }, [worker()], true, /^Input 'container-name': the task definition shop-worker:1 has no container 'django'/],
  ['the image is gone', { services: 'web\nworker' }, [web(), worker()], false, /^Input 'image': the image to deploy does not exist: .*ECR has no image\. Nothing was changed\.$/],
])('refused: %s', (_, values, services, found, message) => {
  expect(() => makePlan(inputs(values), release(services, found))).toThrow(message);
});

test('a busy worker is named, and the dry run lists every service', () => {
  const busy = facts('worker', [{ name: 'worker' }], undefined, { deployments: [{ id: 'ecs-svc/busy', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: 'arn:x:2' }] });
  const given = inputs({ services: 'web\nworker', 'migrate-command': 'python manage.py migrate' });
  const plan = makePlan(given, release([web(), busy]));
  expect(busyMessage(plan, given)).toMatch(/^service worker is busy with deployment ecs-svc\/busy .*\(in every service of the release\)$/);
  expect(dryRunSteps(given, plan, undefined)).toEqual([
    `web: register the next revision of shop-web for release ${'c'.repeat(40)}`,
    `worker: register the next revision of shop-worker for release ${'c'.repeat(40)}`,
    "run 'python manage.py migrate' once in container django of web's new revision, with the service's network configuration",
    'update services web, worker in shop at once; wait up to 30m, polling every 10000 ms',
    'on failure: return every service that moved to what it ran (shop-web:1, shop-worker:1)',
  ]);
});
