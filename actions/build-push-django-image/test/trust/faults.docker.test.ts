import { DescribeRepositoriesCommand, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { type Registry } from '@tandem/standins/docker';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import type { Moto } from '@tandem/standins/moto';
import { REPOSITORY } from './policy.js';
import { commit, deploy, ecrClient, useStage, type Stage } from './scenario.js';

// The ECR API answers through a proxy that throttles, fails with 500s and drops connections on a
// share of the calls. The registry is not behind it: pushes go straight to the local registry.

let moto: Moto;
let registry: Registry;
let proxy: FaultProxy;
let stage: Stage;

useStage((made) => ({ moto, registry, stage } = made), { holding: [REPOSITORY], endpoint: async (moto) => (proxy = await startFaultProxy(moto.endpoint)).endpoint });
beforeEach(() => proxy.clear());
afterAll(async () => {
  await proxy?.stop();
});

const faults = () => proxy.faults();

test('at 30% throttling, 500s and dropped connections, a deploy and five reruns end exactly as without faults', async () => {
  proxy.setPlan({ rate: 0.3, kinds: ['throttle', 'server-error', 'drop'], seed: 26 });
  // The ECR API's faults are what this file is about: its one build leaves out the Django checks,
  // which call no AWS API (they are tested in check-deploy.docker.test.ts).
  const first = await deploy(stage, { sha: commit(1), inputs: { 'django-checks': 'false' } });
  expect(first.errors).toEqual([]);
  expect(first.code).toBe(0);
  const digest = await registry.digestOf(REPOSITORY, commit(1));
  expect(first.outputs).toMatchObject({ built: 'true', digest });

  const reruns = [];
  for (let n = 0; n < 5; n += 1) reruns.push(await deploy(stage, { sha: commit(1) }));
  for (const rerun of reruns) {
    expect(rerun.errors).toEqual([]);
    expect(rerun.outputs).toEqual({ ...first.outputs, built: 'false', 'docker-config': expect.stringContaining('docker-config-') });
  }

  // The end state, read from moto without faults: one repository, as created, with its policy.
  const ecr = ecrClient(moto.endpoint);
  const repositories = (await ecr.send(new DescribeRepositoriesCommand({}))).repositories ?? [];
  expect(repositories.map((repository) => [repository.repositoryName, repository.imageTagMutability, repository.imageScanningConfiguration?.scanOnPush])).toEqual([
    [REPOSITORY, 'IMMUTABLE', true],
  ]);
  const policy = JSON.parse((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY }))).lifecyclePolicyText ?? '{}');
  expect(policy.rules).toHaveLength(1);
  expect(policy.rules[0].selection).toMatchObject({ tagStatus: 'untagged', countNumber: 14 });
  expect(await registry.digestOf(REPOSITORY, commit(1))).toBe(digest);

  // Faults really happened, on every ECR call the action makes, the ones that create too (seed 26
  // gives all three kinds; the seed makes a failing run repeatable).
  for (const operation of ['GetAuthorizationToken', 'DescribeRepositories', 'CreateRepository', 'PutLifecyclePolicy']) {
    expect(proxy.counts.get(operation)?.faults).toBeGreaterThanOrEqual(1);
  }
  expect(faults()).toBeGreaterThanOrEqual(10);
}, 300_000);

test('under 100% throttling the step fails within its retry budget, naming the AWS call, having changed nothing', async () => {
  proxy.setPlan({ rate: 1, kinds: ['throttle'] });
  const run = await deploy(stage, { sha: commit(2), inputs: { 'max-attempts': '3' } });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toContain('GetAuthorizationToken (ECR)');
  expect(run.errors[0]).toMatch(/ThrottlingException|Rate exceeded/);
  // Exactly max-attempts tries, then the step gave up.
  expect(proxy.counts.get('GetAuthorizationToken')).toEqual({ calls: 3, faults: 3 });
  expect(run.durationMs).toBeLessThan(30_000);
  expect(proxy.writes()).toEqual([]);
  expect(await registry.digestOf(REPOSITORY, commit(2))).toBeUndefined();
}, 120_000);

test('a throttled CreateRepository is named when its budget runs out, and nothing is pushed', async () => {
  proxy.setPlan({ rate: 1, kinds: ['throttle'], only: /^CreateRepository$/ });
  const run = await deploy(stage, { sha: commit(3), inputs: { 'max-attempts': '2' } });
  expect(run.code).toBe(1);
  expect(run.errors[0]).toContain('CreateRepository (ECR)');
  expect(proxy.counts.get('CreateRepository')).toEqual({ calls: 2, faults: 2 });
  expect((await ecrClient(moto.endpoint).send(new DescribeRepositoriesCommand({}))).repositories).toEqual([]);
  expect(await registry.digestOf(REPOSITORY, commit(3))).toBeUndefined();
}, 120_000);
