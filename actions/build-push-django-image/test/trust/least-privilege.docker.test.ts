import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { lifecyclePolicy } from '@tandem/image';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import type { BundleRun } from '@tandem/standins/harness';
import { actionsOf, enforcePolicy, relaxPolicy, without, type Credentials, type PolicyDocument } from '@tandem/standins/iam';
import type { Moto } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';
import { exampleWorkspace } from '../workspace.js';
import { MODES, PROMOTE_HEADING, REGISTRY_ACTIONS, REPOSITORY, readmePolicies, resourcesWidened, type Mode } from './policy.js';
import { recordRegistry, type RegistryRecorder } from './registry-recorder.js';
import { commit, deploy, ecrClient, type Stage } from './scenario.js';

// Each mode's main scenario under exactly the README's policy, with moto's IAM enforcement on;
// then the same scenario without each permission moto can check.
//
// What moto cannot check, and what the test does instead:
// - Resources: moto compares the Resource of an ECR statement with `*`, so a statement naming the
//   repository's ARN matches nothing there. The README names the real ARN, as AWS needs it; the
//   runs use the same actions with the resources widened to `*` (resourcesWidened). The scenarios
//   run in the README's region and account, and the created repository's ARN is checked to be
//   the one the policy names.
// - Denials: moto answers a denied ECR call with an XML body that the SDK cannot parse as ECR's
//   JSON, so the action's message names the call but not the reason. Each refusal is confirmed
//   by making the same call with the deployer's keys and seeing HTTP 403.
// - The registry side (BatchGetImage, BatchCheckLayerAvailability, InitiateLayerUpload,
//   UploadLayerPart, CompleteLayerUpload, PutImage): pushes and manifest look-ups go to a local
//   registry, never to moto. A recording proxy in front of the registry shows each of them is
//   used by the scenario and that it uses no other; it cannot show that AWS would refuse the
//   run without one.

let moto: Moto;
let registry: Registry;
let recorder: RegistryRecorder;
let api: FaultProxy;
let stage: Stage;
let codeChanged = false;

beforeAll(async () => {
  await ensureDocker();
  // The registry holds the base image's layer from the start (see registry-seed.ts): each push still
  // uploads the shop's own layers, so every registry action of the policy is used.
  [moto, registry] = await Promise.all([sharedMoto(), ensureDjangoBaseImage().then((base) => startRegistry({ holding: { image: base, repositories: [REPOSITORY] } }))]);
  [recorder, api] = await Promise.all([recordRegistry(registry.address), startFaultProxy(moto.endpoint)]);
  stage = { workspace: await exampleWorkspace(), registry: recorder.address, endpoint: api.endpoint, base: await ensureDjangoBaseImage() };
}, 600_000);
afterAll(async () => {
  if (moto) await relaxPolicy(moto);
  await Promise.all([moto?.stop(), registry?.stop(), recorder?.stop(), api?.stop()]);
});

interface Scenario {
  mode: Mode;
  sha: string;
  /** Runs before the action, with the admin's keys. */
  prepare?: (admin: Credentials) => Promise<void>;
  /** Checks the end state of a successful run, with the admin's keys. */
  verify: (run: BundleRun, admin: Credentials) => Promise<void>;
}

const SCENARIOS: Record<keyof typeof MODES, Scenario> = {
  create: {
    mode: MODES.create,
    sha: commit(1),
    async verify(run, admin) {
      expect(run.outputs).toMatchObject({ built: 'true', digest: await registry.digestOf(REPOSITORY, commit(1)) });
      const ecr = ecrClient(moto.endpoint, admin);
      const repository = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }))).repositories?.[0];
      expect(repository).toMatchObject({ imageTagMutability: 'IMMUTABLE', repositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/shop-backend' });
      const policy = (await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY }))).lifecyclePolicyText ?? '';
      expect(JSON.parse(policy).rules[0].selection.tagStatus).toBe('untagged');
    },
  },
  existing: {
    mode: MODES.existing,
    sha: commit(2),
    async prepare(admin) {
      await ecrClient(moto.endpoint, admin).send(new CreateRepositoryCommand({ repositoryName: REPOSITORY, imageTagMutability: 'IMMUTABLE' }));
      // A new commit changes the code, so the push uploads new layers as a real one does.
      if (!codeChanged) await appendFile(join(stage.workspace, 'catalog', 'views.py'), `\n# commit ${commit(2)}\n`);
      codeChanged = true;
    },
    async verify(run) {
      expect(run.outputs).toMatchObject({ built: 'true', digest: await registry.digestOf(REPOSITORY, commit(2)) });
      expect(run.outputs.digest).toMatch(/^sha256:/);
    },
  },
  buildOnly: {
    mode: MODES.buildOnly,
    sha: commit(3),
    async verify(run, admin) {
      expect(run.outputs).toMatchObject({ built: 'true', digest: '' });
      expect(run.summary).toContain('built, not pushed');
      expect(await registry.digestOf(REPOSITORY, commit(3))).toBeUndefined();
      expect((await ecrClient(moto.endpoint, admin).send(new DescribeRepositoriesCommand({}))).repositories).toEqual([]);
    },
  },
};

async function runUnder(scenario: Scenario, policy: PolicyDocument, sha = scenario.sha): Promise<{ run: BundleRun; admin: Credentials; deployer: Credentials }> {
  await relaxPolicy(moto);
  await moto.reset();
  const { admin, deployer } = await enforcePolicy(moto, resourcesWidened(policy));
  await scenario.prepare?.(admin);
  api.calls.length = 0;
  recorder.calls.length = 0;
  const run = await deploy(stage, { sha, inputs: scenario.mode.inputs, credentials: deployer });
  return { run, admin, deployer };
}

/** The call the action makes for an ECR API permission, made again by the test with the deployer's keys. */
function sameCall(ecr: ECRClient, operation: string): Promise<unknown> {
  switch (operation) {
    case 'GetAuthorizationToken':
      return ecr.send(new GetAuthorizationTokenCommand({}));
    case 'DescribeRepositories':
      return ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }));
    case 'CreateRepository':
      return ecr.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
    case 'PutLifecyclePolicy':
      return ecr.send(new PutLifecyclePolicyCommand({ repositoryName: REPOSITORY, lifecyclePolicyText: lifecyclePolicy(14) }));
    default:
      throw new Error(`no call known for ${operation}`);
  }
}

const apiActions = (policy: PolicyDocument) => actionsOf(policy).filter((action) => !REGISTRY_ACTIONS.has(action));
const registryActions = (policy: PolicyDocument) => actionsOf(policy).filter((action) => REGISTRY_ACTIONS.has(action));


test('the README shows exactly these policies, one per mode', () => {
  const readme = readmePolicies();
  // The promotion's policy (the source region's ECR, registry and service) is the one heading
  // outside MODES: least-privilege-promote.docker.test.ts runs it under enforcement.
  expect([...readme.keys()].sort()).toEqual([...Object.values(MODES).map((mode) => mode.heading), PROMOTE_HEADING].sort());
  for (const mode of Object.values(MODES)) expect(readme.get(mode.heading)).toEqual(mode.policy);
});

describe.each(Object.keys(SCENARIOS) as Array<keyof typeof MODES>)('%s', (name) => {
  const scenario = SCENARIOS[name];
  const policy = scenario.mode.policy;

  test('the main scenario succeeds under exactly its policy, and calls nothing else', async () => {
    const { run, admin } = await runUnder(scenario, policy);
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    await scenario.verify(run, admin);
    // Every AWS API call the run made is in the policy, and every API permission was used.
    expect(new Set(api.calls.map((call) => `ecr:${call}`))).toEqual(new Set(apiActions(policy)));
    // The same for the registry calls, under the ECR actions AWS would check them with.
    expect(recorder.actions()).toEqual(new Set(registryActions(policy)));
  }, 300_000);

  const checked = apiActions(policy);
  test.each(checked)(`without %s the scenario fails, naming the call`, async (action) => {
    // A commit of its own: had the run gone on, it would have built and pushed this tag.
    const sha = commit(100 + Object.keys(SCENARIOS).indexOf(name) * 10 + checked.indexOf(action));
    const { run, deployer } = await runUnder(scenario, without(policy, action), sha);
    expect(run.code).toBe(1);
    const operation = action.replace('ecr:', '');
    expect(run.errors.join('\n')).toContain(`${operation} (ECR)`);
    expect(api.calls.at(-1)).toBe(operation);
    const refusal = (await sameCall(ecrClient(moto.endpoint, deployer), operation).catch((error: unknown) => error)) as { $metadata?: { httpStatusCode?: number } };
    expect(refusal.$metadata?.httpStatusCode).toBe(403);
    if (operation === 'PutLifecyclePolicy') expect(run.errors.join('\n')).toContain("created ECR repository 'shop-backend', but could not give it the lifecycle policy");
    if (operation === 'PutLifecyclePolicy') expect(run.errors.join('\n')).toContain("created ECR repository 'shop-backend', but could not give it the lifecycle policy");
    expect(await registry.digestOf(REPOSITORY, sha)).toBeUndefined();
    expect(recorder.actions()).toEqual(new Set());
  }, 120_000);
});
