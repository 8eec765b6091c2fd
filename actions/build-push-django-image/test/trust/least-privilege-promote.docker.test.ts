import { BatchDeleteImageCommand, CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, PutLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from '@tandem/standins/docker';
import { deleteFromRegistry, recordInEcr } from '@tandem/standins/ecr-registry';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { actionsOf, enforcePolicy, relaxPolicy, without, type Credentials, type PolicyDocument } from '@tandem/standins/iam';
import type { Moto } from '@tandem/standins/moto';
import { useImageStandIns } from '@tandem/standins/use-image-stand-ins';
import { exampleWorkspace } from '../workspace.js';
import { ACCOUNT, MODES, PROMOTE_HEADING, PROMOTE_SOURCE, REGION, REGISTRY_ACTIONS, REPOSITORY, promoteSourcePolicy, readmePolicies, resourcesWidened } from './policy.js';
import { recordRegistry, type RegistryRecorder } from './registry-recorder.js';
import { ACTION, commit } from './scenario.js';

// A promotion from staging (us-east-1) into production (the README's region) under exactly the
// README's policies: the default mode's in production plus the "Promote (`promote-from`)" one
// for the source, read from the README itself; then the same promotion without each permission
// moto can check. What moto cannot check, and what stands in for it, is as in
// least-privilege.docker.test.ts: resources are widened to `*`, and the registry calls (pull from
// staging, push to production) are recorded by a proxy in front of each registry, not refused.

const STAGING = 'us-east-1';

let moto: Moto;
let staging: Registry;
let production: Registry;
let stagingCalls: RegistryRecorder;
let productionCalls: RegistryRecorder;
let api: FaultProxy;
let workspace: string;
let pushConfig: string;

// moto is reset before each run, in promoteUnder.
useImageStandIns((made) => ({ moto, registries: [staging, production] } = made), { registries: 2, reset: 'file' });
beforeAll(async () => {
  [workspace, pushConfig, stagingCalls, productionCalls, api] = await Promise.all([
    exampleWorkspace(),
    mkdtemp(join(tmpdir(), 'test-docker-config-')),
    recordRegistry(staging.address),
    recordRegistry(production.address),
    startFaultProxy(moto.endpoint),
  ]);
  const login = spawnSync('docker', ['login', '--username', staging.user, '--password-stdin', staging.address], { env: { ...process.env, DOCKER_CONFIG: pushConfig }, input: staging.password });
  expect(login.status).toBe(0);
}, 600_000);
afterAll(async () => {
  if (moto) await relaxPolicy(moto);
  await Promise.all([stagingCalls?.stop(), productionCalls?.stop(), api?.stop()]);
});

/** The README's promote policy, as printed there, added to the default mode's. */
function promotionPolicy(): PolicyDocument {
  const promote = readmePolicies().get(PROMOTE_HEADING) as PolicyDocument | undefined;
  if (!promote) throw new Error(`the README has no policy under '${PROMOTE_HEADING}'`);
  return { Version: '2012-10-17', Statement: [...MODES.create.policy.Statement, ...promote.Statement] };
}

const prefixOf = (operation: string) => (['DescribeServices', 'DescribeTaskDefinition', 'ListTaskDefinitions'].includes(operation) ? 'ecs' : 'ecr');
const apiActions = (policy: PolicyDocument) => [...new Set(actionsOf(policy).filter((action) => !REGISTRY_ACTIONS.has(action)))];
const client = <C>(Client: new (config: object) => C, region: string, keys: Credentials): C =>
  new Client({ region, endpoint: moto.endpoint, maxAttempts: 1, credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY } });

/**
 * Staging as a deploy leaves it, with the admin's keys: the release's image in staging's registry
 * and ECR, and a revision of its web service tagged as having served that release. The image is
 * one layer of its own, removed from the engine after the push, so the promotion's pull downloads
 * it as a fresh runner would (GetDownloadUrlForLayer); what it holds does not matter to a copy.
 */
async function stagingRelease(admin: Credentials, sha: string): Promise<string> {
  const image = `${staging.address}/${REPOSITORY}:${sha}`;
  const layer = await mkdtemp(join(tmpdir(), 'test-release-'));
  await writeFile(join(layer, 'release'), `${sha}\n`);
  const asTest = (command: string, args: string[]) => spawnSync(command, args, { env: { ...process.env, DOCKER_CONFIG: pushConfig }, encoding: 'utf8' });
  for (const [command, ...args] of [['tar', '-cf', join(layer, 'layer.tar'), '-C', layer, 'release'], ['docker', 'import', join(layer, 'layer.tar'), image], ['docker', 'push', image], ['docker', 'rmi', image]]) {
    const done = asTest(command, args);
    expect({ command: [command, ...args].join(' '), status: done.status, stderr: done.stderr }).toMatchObject({ status: 0 });
  }
  const ecr = client(ECRClient, STAGING, admin);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
  const digest = await recordInEcr(ecr, staging, REPOSITORY, sha);
  const ecs = client(ECSClient, STAGING, admin);
  await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'shop-web',
      containerDefinitions: [{ name: 'web', image: `${staging.address}/${REPOSITORY}@${digest}`, memory: 512 }],
      tags: [
        { key: 'tandem-deploy:release', value: sha },
        { key: 'tandem-deploy:served', value: '2026-11-30T04:00:00Z' },
      ],
    }),
  );
  await ecs.send(new CreateServiceCommand({ cluster: 'staging', serviceName: 'shop-web', taskDefinition: registered.taskDefinition?.taskDefinitionArn, desiredCount: 1 }));
  return digest;
}

async function promoteUnder(policy: PolicyDocument, sha: string, prepare?: (admin: Credentials, digest: string) => Promise<void>) {
  await relaxPolicy(moto);
  await moto.reset();
  const { admin, deployer } = await enforcePolicy(moto, resourcesWidened(policy));
  const digest = await stagingRelease(admin, sha);
  await prepare?.(admin, digest);
  api.calls.length = 0;
  stagingCalls.calls.length = 0;
  productionCalls.calls.length = 0;
  const run: BundleRun = await runBundle(ACTION, {
    workspace,
    sha,
    inputs: {
      repository: REPOSITORY,
      registry: productionCalls.address,
      'promote-from': `${stagingCalls.address}/${REPOSITORY}:${sha}`,
      'promote-from-region': STAGING,
      'promote-from-service': 'staging/shop-web',
    },
    env: { AWS_ENDPOINT_URL: api.endpoint, AWS_REGION: REGION, ...deployer },
    timeoutMs: 300_000,
  });
  return { run, admin, digest };
}

test('the promote policy is the source side of a promotion: every statement names the source region and account', () => {
  const promote = readmePolicies().get(PROMOTE_HEADING) as PolicyDocument;
  // The document infra's deploy role grants for promoteFrom is this one, for its staging's names.
  expect(promote).toEqual(promoteSourcePolicy(PROMOTE_SOURCE));
  const resources = promote.Statement.flatMap((statement) => [statement.Resource].flat()).filter((resource) => resource !== '*');
  expect(resources.length).toBeGreaterThan(0);
  for (const resource of resources) expect(resource).toContain(`:${STAGING}:${ACCOUNT}:`);
});

test('a promotion succeeds under exactly the README policies, and calls nothing else', async () => {
  const policy = promotionPolicy();
  const sha = commit(200);
  const { run, admin, digest } = await promoteUnder(policy, sha);
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ built: 'false', digest, 'promoted-from': `${stagingCalls.address}/${REPOSITORY}@${digest}` });
  expect(await production.digestOf(REPOSITORY, sha)).toBe(digest);
  const created = (await client(ECRClient, REGION, admin).send(new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }))).repositories?.[0];
  expect(created?.repositoryArn).toBe(`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY}`);
  // Every API permission but GetLifecyclePolicy was used, and nothing else was called. That one
  // explains a source image that is gone, which the next test shows.
  const used = new Set(api.calls.map((operation) => `${prefixOf(operation)}:${operation}`));
  expect(used).toEqual(new Set(apiActions(policy).filter((action) => action !== 'ecr:GetLifecyclePolicy')));
  // Staging's registry is only read (a pull), production's written (a push).
  expect(stagingCalls.actions()).toEqual(new Set(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']));
  expect(productionCalls.actions()).toEqual(new Set(MODES.create.policy.Statement.flatMap((statement) => [statement.Action].flat()).filter((action) => REGISTRY_ACTIONS.has(action))));
}, 300_000);

/** Staging's image expired as the repository's count rule expires it: gone from ECR and its registry. */
async function expire(admin: Credentials, digest: string): Promise<void> {
  const ecr = client(ECRClient, STAGING, admin);
  const rules = [{ rulePriority: 1, description: 'Keep the last 20 releases', selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } }];
  await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: REPOSITORY, lifecyclePolicyText: JSON.stringify({ rules }) }));
  await ecr.send(new BatchDeleteImageCommand({ repositoryName: REPOSITORY, imageIds: [{ imageDigest: digest }] }));
  await deleteFromRegistry(staging, REPOSITORY, digest);
}

test('under the same policies, an expired source image is refused naming the lifecycle rule, with GetLifecyclePolicy', async () => {
  const sha = commit(201);
  const { run } = await promoteUnder(promotionPolicy(), sha, expire);
  expect(run.code).toBe(1);
  expect(run.errors.join('\n')).toContain("expired by the repository's lifecycle policy (rule 1 'Keep the last 20 releases')");
  expect(api.calls).toContain('GetLifecyclePolicy');
  expect([...productionCalls.actions()].filter((registryAction) => registryAction !== 'ecr:BatchGetImage')).toEqual([]);
}, 300_000);

test('without ecr:GetLifecyclePolicy the expired source is still refused, naming the call', async () => {
  const sha = commit(202);
  const { run } = await promoteUnder(without(promotionPolicy(), 'ecr:GetLifecyclePolicy'), sha, expire);
  expect(run.code).toBe(1);
  expect(run.errors.join('\n')).toContain('GetLifecyclePolicy (ECR)');
  expect(api.calls.at(-1)).toBe('GetLifecyclePolicy');
  expect([...productionCalls.actions()].filter((registryAction) => registryAction !== 'ecr:BatchGetImage')).toEqual([]);
}, 300_000);

const checked = apiActions(promotionPolicy()).filter((action) => action !== 'ecr:GetLifecyclePolicy');
test.each(checked)('without %s the promotion fails naming the call, and production holds nothing new', async (action) => {
  const sha = commit(210 + checked.indexOf(action));
  const { run } = await promoteUnder(without(promotionPolicy(), action), sha);
  expect(run.code).toBe(1);
  const operation = action.split(':')[1];
  expect(run.errors.join('\n')).toContain(`${operation} (${prefixOf(operation).toUpperCase()})`);
  expect(api.calls).toContain(operation);
  expect(await production.digestOf(REPOSITORY, sha)).toBeUndefined();
  // Production's registry may have been asked whether it holds the image; nothing was written to it.
  expect([...productionCalls.actions()].filter((registryAction) => registryAction !== 'ecr:BatchGetImage')).toEqual([]);
}, 300_000);
