import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { InputReader, tableInputs } from '@tandem/kit';
import { shopTaskDefinition, type EcsWorld } from '@tandem/standins/ecs-world';
import { RELEASE_R1, runAndReport, SHOP_WORKERS, useRolloutWorld } from './rollouts.js';
import { readInputs } from '../src/inputs.js';

// One task-definition file per service: web's and the worker's, each in the repository, each
// applied to the service whose family it names, in one release with the scheduler (no file,
// rendered from its running revision). Against moto with the rollout stand-in (rollouts complete
// after 1 s) and the fault proxy, which records every call that reaches AWS.

let world: EcsWorld;
const SHA = 'c3d4e5f60718293a4b5c6d7e8f9012345678901a';
const SERVICES = 'web\nworker\nscheduler';

const { moto, proxy, workspace, summaryFile } = useRolloutWorld({ releaseTags: RELEASE_R1, workers: SHOP_WORKERS }, (made) => (world = made), { faultProxy: true });

/** The web service's file as the repository keeps it: what r1 runs, with cpu 256 -> 512 (and memory to match). */
const webFile = () => ({
  ...shopTaskDefinition('shop-web', 'web', {
    name: 'django',
    portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
    environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }],
  }),
  cpu: '512',
  memory: '1024',
});

/** The worker's own file: what r1 runs, with a new environment variable. */
const workerFile = (container: Record<string, unknown> = {}) => shopTaskDefinition('shop-worker', 'worker', {
  name: 'worker',
  command: ['python', 'manage.py', 'process_queue'],
  environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }, { name: 'QUEUE_BATCH_SIZE', value: '50' }],
  healthCheck: { command: ['CMD', 'python', 'manage.py', 'process_queue', '--check'], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
  ...container,
});

const deploy = (values: Record<string, string>, endpoint = moto.endpoint) =>
  runAndReport(() => readInputs(new InputReader(tableInputs({ cluster: world.cluster, services: SERVICES, 'poll-interval': '100ms', 'wait-timeout': '30s', ...values })), { ...process.env, GITHUB_SHA: SHA, GITHUB_WORKSPACE: workspace() }), endpoint, moto);

const services = async () => Object.fromEntries(((await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: world.services }))).services ?? []).map((one) => [one.serviceName, one]));
const definition = async (arn: string) => (await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition!;
const revisions = async (family: string) => (await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];

test('web and worker ship their own files: cpu 256 -> 512 in web, a new variable in the worker, each in its own new revision; the summary shows the diff per service', async () => {
  writeFileSync(join(workspace(), 'web.task-definition.json'), JSON.stringify(webFile(), null, 2));
  writeFileSync(join(workspace(), 'worker.task-definition.json'), JSON.stringify(workerFile(), null, 2));
  const image = await world.pushImage('shop', 'v2');
  // Listed worker first: each file goes by its family, not by its place.
  const { outcome, log, error } = await deploy({ image, 'task-definition': 'worker.task-definition.json\nweb.task-definition.json' });
  expect(error).toBeUndefined();
  expect(outcome?.status).toBe('completed');
  const now = await services();
  const web = await definition(now.web.taskDefinition!);
  const worker = await definition(now.worker.taskDefinition!);
  const scheduler = await definition(now.scheduler.taskDefinition!);
  expect(web).toMatchObject({ family: 'shop-web', revision: 2, cpu: '512', memory: '1024' });
  expect(web.containerDefinitions![0]).toMatchObject({ name: 'django', image, environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }] });
  expect(worker).toMatchObject({ family: 'shop-worker', revision: 2, cpu: '256', memory: '512' });
  expect(worker.containerDefinitions![0]).toMatchObject({ name: 'worker', image, environment: expect.arrayContaining([{ name: 'QUEUE_BATCH_SIZE', value: '50' }]) });
  // The scheduler has no file: its running revision with the image swapped.
  expect(scheduler).toMatchObject({ family: 'shop-scheduler', revision: 2, cpu: '256' });
  expect(scheduler.containerDefinitions![0]).toMatchObject({ name: 'scheduler', image, environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }] });
  for (const name of ['web', 'worker', 'scheduler']) expect(now[name].deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: now[name].taskDefinition })]);
  const summary = readFileSync(summaryFile(), 'utf8');
  expect(outcome?.diff).toEqual(expect.arrayContaining(['web (web.task-definition.json):', '  ~ cpu: "256" -> "512"', 'worker (worker.task-definition.json):', '  + containerDefinitions[worker].environment[QUEUE_BATCH_SIZE].value: "50"']));
  // Each service's changes under its own name, and only its own.
  const webPart = outcome!.diff!.slice(outcome!.diff!.indexOf('web (web.task-definition.json):'), outcome!.diff!.indexOf('worker (worker.task-definition.json):'));
  expect(webPart.join('\n')).not.toContain('QUEUE_BATCH_SIZE');
  expect(summary).toContain('worker (worker.task-definition.json):\n  + containerDefinitions[worker].environment[QUEUE_BATCH_SIZE].name: "QUEUE_BATCH_SIZE"\n  + containerDefinitions[worker].environment[QUEUE_BATCH_SIZE].value: "50"');
  expect(summary).toContain('~ cpu: "256" -&gt; "512"');
  expect(log.text()).toContain('worker: task definition changes from worker.task-definition.json against shop-worker:1');
  expect(log.text()).toContain('web: task definition changes from web.task-definition.json against shop-web:1');
});

test('a misspelt key in the second file is refused before any AWS call, naming the file and the key path: nothing registered, nothing rolled out', async () => {
  writeFileSync(join(workspace(), 'web.task-definition.json'), JSON.stringify(webFile()));
  writeFileSync(join(workspace(), 'worker-typo.task-definition.json'), JSON.stringify(workerFile({ enviroment: [{ name: 'QUEUE_BATCH_SIZE', value: '50' }] })));
  const image = await world.pushImage('shop', 'v2');
  const before = await services();
  proxy().calls.length = 0;
  const { error } = await deploy({ image, 'task-definition': 'web.task-definition.json\nworker-typo.task-definition.json' }, proxy().endpoint);
  expect(error?.message).toMatch(/^Input 'task-definition': worker-typo\.task-definition\.json is not a task definition RegisterTaskDefinition accepts: containerDefinitions\[0\]\.enviroment: is not a key here: did you mean environment\?/);
  expect(proxy().calls).toEqual([]);
  for (const [name, family] of [['web', 'shop-web'], ['worker', 'shop-worker'], ['scheduler', 'shop-scheduler']]) {
    expect(await revisions(family)).toEqual([world.taskDefinitions[name]]);
    expect((await services())[name].deployments).toEqual(before[name].deployments);
  }
});

test('a file whose family no service of the step runs is refused before any write, naming the file', async () => {
  writeFileSync(join(workspace(), 'web.task-definition.json'), JSON.stringify(webFile()));
  writeFileSync(join(workspace(), 'cron.task-definition.json'), JSON.stringify({ ...workerFile(), family: 'shop-cron' }));
  const image = await world.pushImage('shop', 'v2');
  const { error } = await deploy({ image, 'task-definition': 'web.task-definition.json\ncron.task-definition.json' });
  expect(error?.message).toMatch(/^Input 'task-definition': family 'shop-cron' in cron\.task-definition\.json is the family of no service of this step \(web: shop-web; worker: shop-worker; scheduler: shop-scheduler\)/);
  for (const [name, family] of [['web', 'shop-web'], ['worker', 'shop-worker'], ['scheduler', 'shop-scheduler']]) expect(await revisions(family)).toEqual([world.taskDefinitions[name]]);
});
