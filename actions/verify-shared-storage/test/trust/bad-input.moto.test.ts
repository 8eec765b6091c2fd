import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, CreateServiceCommand, ListClustersCommand, ListServicesCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { clients, sharedWorld, type World } from '../world.js';
import { TEST_PLACE, bucketContents, scenarioOf, seedUploads } from './scenarios.js';

// A catalogue of bad inputs, each run through the bundle behind the fault proxy (at rate 0, only
// to record the calls): each is refused with an error naming the input and the fix, with no
// write call made and moto's state (bucket objects and versions, ECS resources) unchanged.
let proxy: FaultProxy;
let world: World;
let workspace: string;
const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint);
  await moto.reset();
  world = await sharedWorld();
  await seedUploads(clients.s3(), world.bucket);
  await scenarioOf('probe', world);
  // The API service runs in another cluster.
  const [taskDefinition] = (await clients.ecs().send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns ?? [];
  await clients.ecs().send(new CreateClusterCommand({ clusterName: 'staging' }));
  await clients.ecs().send(new CreateServiceCommand({ cluster: 'staging', serviceName: 'shop-api', taskDefinition, desiredCount: 1 }));
  workspace = mkdtempSync(join(tmpdir(), 'verify-storage-bad-input-'));
  writeFileSync(join(workspace, 'broken.json'), '{"family": "shop-web", "containerDefinitions": [');
  writeFileSync(join(workspace, 'empty.json'), JSON.stringify({ family: 'shop-web', containerDefinitions: [] }));
  writeFileSync(join(workspace, 'two.json'), JSON.stringify({ family: 'shop-web', containerDefinitions: [{ name: 'web', essential: true }, { name: 'worker', essential: true }] }));
});
afterAll(async () => {
  await proxy?.stop();
});

async function state(): Promise<unknown> {
  const ecs = clients.ecs();
  return {
    bucket: await bucketContents(clients.s3(), world.bucket),
    clusters: (await ecs.send(new ListClustersCommand({}))).clusterArns,
    services: (await ecs.send(new ListServicesCommand({ cluster: TEST_PLACE.cluster }))).serviceArns,
    taskDefinitions: (await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns,
  };
}

const SERVICE = { cluster: 'prod', service: 'shop-web' };

// [what is wrong, inputs, the whole error the step reports (a pattern where Node words it)]
const CATALOGUE: Array<[string, Record<string, string>, string | RegExp]> = [
  ['a typo in a boolean', { ...SERVICE, probe: 'ture' }, "Input 'probe': expected true or false, got 'ture'"],
  ['yes for a boolean', { ...SERVICE, 'require-rds': 'yes' }, "Input 'require-rds': expected true or false, got 'yes'"],
  ['a word for allow-secret-resolution', { ...SERVICE, 'allow-secret-resolution': 'sometimes' }, "Input 'allow-secret-resolution': expected true or false, got 'sometimes'"],
  ['a plural in a choice', { ...SERVICE, 'fail-on': 'warnings' }, "Input 'fail-on': expected one of 'error', 'warning', got 'warnings'"],
  ['a word for max-attempts', { ...SERVICE, 'max-attempts': 'eight' }, "Input 'max-attempts': expected a whole number, got 'eight'"],
  ['zero attempts', { ...SERVICE, 'max-attempts': '0' }, "Input 'max-attempts': must be at least 1, got 0"],
  ['a region without its number', { ...SERVICE, 'aws-region': 'eu-west' }, "Input 'aws-region': 'eu-west' is not an AWS region such as us-east-1"],
  ['a cluster ARN in another region', { ...SERVICE, cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }, "Input 'cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' is in eu-west-1, but this step calls ECS in us-east-1: set aws-region: eu-west-1, or name one in us-east-1"],
  ['nothing to check', {}, "Input 'task-definition': is required: give task-definition (an ARN, family:revision or a JSON file), or cluster and service"],
  ['a service without its cluster', { service: 'shop-web' }, "Input 'cluster': is required with service"],
  ['both a task definition and a service', { ...SERVICE, 'task-definition': 'shop-web:1' }, "Input 'task-definition': give either task-definition, or cluster and service, not both"],
  ['a cluster name ECS would reject', { cluster: 'prod cluster', service: 'shop-web' }, "Input 'cluster': 'prod cluster' is not an ECS cluster name or ARN"],
  ['a task definition that is neither a file nor a reference', { 'task-definition': 'task definition.json' }, `Input 'task-definition': 'task definition.json' is neither a file (looked at WORKSPACE/task definition.json) nor a task definition ARN or family:revision`],
  ['a task definition file that is not JSON', { 'task-definition': 'broken.json' }, /^Input 'task-definition': WORKSPACE\/broken\.json is not valid JSON \(.+\)$/],
  ['a task definition file with no containers', { 'task-definition': 'empty.json' }, "Input 'task-definition': WORKSPACE/empty.json holds no containerDefinitions: give a task definition JSON (with or without the taskDefinition wrapper)"],
  ['a container that is not in the task definition', { 'task-definition': 'two.json', 'container-name': 'django' }, "Input 'container-name': the task definition shop-web has no container 'django' (it has web, worker)"],
  ['two candidate containers and no name', { 'task-definition': 'two.json' }, "Input 'container-name': the task definition has several candidate containers, 2 essential containers (web, worker) and no load balancer to tell them apart: name the Django one"],
  ['a revision that does not exist', { 'task-definition': 'shop-web:99' }, "Input 'task-definition': shop-web:99: DescribeTaskDefinition (ECS): Unable to describe task definition. Give a registered family:revision or ARN in this account and region (aws-region), or the path of a rendered task definition file"],
  ['a service in another cluster', { cluster: 'prod', service: 'shop-api' }, "Input 'service': service shop-api in cluster prod: MISSING. Check the cluster and service inputs"],
  ['a cluster that does not exist', { cluster: 'qa', service: 'shop-web' }, "Input 'cluster': no cluster qa in this account and region: check the cluster input (and aws-region)"],
  ['a variable name with a hyphen', { ...SERVICE, 'database-url-env': 'DATABASE-URL' }, "Input 'database-url-env': 'DATABASE-URL' is not an environment variable name: give the name of the task definition's variable that holds the database URL, such as DATABASE_URL"],
  ['the variable written as the shell expands it', { ...SERVICE, 'database-url-env': '$DATABASE_URL' }, "Input 'database-url-env': '$DATABASE_URL' would be the variable's value: give its name alone (DATABASE_URL)"],
  ['a bucket variable starting with a digit', { ...SERVICE, 'media-bucket-env': '1BUCKET' }, "Input 'media-bucket-env': '1BUCKET' is not an environment variable name: give the name of the task definition's variable that holds the media bucket, such as AWS_STORAGE_BUCKET_NAME"],
  ['an image reference docker would reject', { ...SERVICE, image: 'Shop:Latest!' }, "Input 'image': 'Shop:Latest!' is not an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:abc123"],
  ['a settings path instead of a module', { ...SERVICE, 'settings-module': 'shop/settings.py' }, "Input 'settings-module': 'shop/settings.py' is not a Python module path: give the module's dotted path as Python imports it, such as shop.settings"],
  ['a probe prefix without its slash', { ...SERVICE, 'probe-prefix': 'probe' }, "Input 'probe-prefix': 'probe' must be a relative folder ending in / (such as verify-shared-storage-probe/), at most 200 characters"],
  ['a probe prefix climbing out', { ...SERVICE, 'probe-prefix': 'media/../' }, "Input 'probe-prefix': 'media/../' must be a relative folder ending in / (such as verify-shared-storage-probe/), at most 200 characters"],
];

test.each(CATALOGUE)('%s is refused, naming the input, with nothing written', async (_what, inputs, message) => {
  const before = await state();
  const calls = proxy.calls.length;
  const run = await runBundle('verify-shared-storage', { inputs, workspace, env: { AWS_ENDPOINT_URL: proxy.endpoint } });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  const [error] = run.errors;
  if (typeof message === 'string') expect(error).toBe(`verify-shared-storage: ${message.replace(/WORKSPACE/g, workspace)}`);
  else expect(error.replace('verify-shared-storage: ', '').replace(workspace, 'WORKSPACE')).toMatch(message);
  expect(run.stdout.split('\n').filter((line) => line && !line.startsWith('::'))).toEqual([]);
  expect(run.outputs).toEqual({});
  expect(proxy.calls.slice(calls).filter((call) => !/^(Describe|S3 (GET|HEAD))/.test(call))).toEqual([]);
  expect(proxy.writes()).toEqual([]);
  expect(await state()).toEqual(before);
});

test('the catalogue holds at least ten bad inputs, each a different mistake', () => {
  expect(CATALOGUE.length).toBeGreaterThanOrEqual(10);
  expect(new Set(CATALOGUE.map(([what]) => what)).size).toBe(CATALOGUE.length);
});
