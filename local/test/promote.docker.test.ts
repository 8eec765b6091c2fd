import { createHash } from 'node:crypto';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { readLive, type Live } from '../live.js';
import { createProduction, writeProductionTaskDefinitions, type Production } from '../production.js';
import { changeForSecondRelease, deploy, prepareWorkspace, promote, releaseSha, rollback, type RunContext } from '../scenario.js';
import { createShop, PRODUCTION_REGIONS, startStack, type LocalStack, type Shop } from '../stack.js';
import type { JobResult, StepReport } from '../workflow.js';

// Staging and production, end to end: deploy.yml ships each push to staging (us-east-1);
// promote.yml takes what serves there to production (eu-west-1 and us-west-2 of the same moto
// server, each with its own registry) with nothing built, each workflow step through its bundle.
// A region whose tasks fail is handled as on-region-failure says; rollback.yml of production
// leaves staging alone.
let stack: LocalStack;
let shop: Shop;
let production: Production;
let context: RunContext;
let s3: S3Client;
const steps: Array<{ workflow: string; report: StepReport }> = [];
const [WEST, OREGON] = PRODUCTION_REGIONS;

beforeAll(async () => {
  stack = await startStack();
  shop = await createShop(stack);
  production = await createProduction(stack, shop);
  const workspace = await prepareWorkspace();
  await writeProductionTaskDefinitions(workspace, production);
  context = { stack, shop, production, workspace, onStep: (workflow, report) => steps.push({ workflow, report }) };
  s3 = new S3Client({ region: 'us-east-1', endpoint: stack.moto.endpoint, forcePathStyle: true });
}, 600_000);
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await stack?.stop();
});

const results = (jobs: Record<string, JobResult>) => Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.result]));
// An action's main steps: its post steps (step "post <action>") have no outputs.
const stepsOf = (workflow: string, action: string) =>
  steps.filter((entry) => entry.workflow === workflow && entry.report.action === action && entry.report.step !== `post ${action}`).map((entry) => entry.report);
const staging = () => readLive(stack, shop);
const region = (name: string) => readLive(stack, { bucket: production.bucket, distributionId: production.distributionId, ecs: production.regions[name].ecs }, name);
const digestOf = (live: Live) => live.image.split('@')[1];

/** Every served object of a bucket (not the release store) by key, with its SHA-256. */
async function objects(bucket: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      if (!Key || Key.startsWith('_releases/')) continue;
      const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToByteArray();
      hashes[Key] = createHash('sha256').update(body ?? new Uint8Array()).digest('hex');
    }
    token = page.NextContinuationToken;
  } while (token);
  return hashes;
}

async function revisionTags(name: string, revision: string): Promise<Record<string, string>> {
  const ecs = new ECSClient({ region: name, endpoint: stack.moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: revision, include: ['TAGS'] }));
  return Object.fromEntries((described.tags ?? []).map((tag) => [tag.key, tag.value]));
}

test('a push ships release 1 to staging', async () => {
  const jobs = await deploy(context, releaseSha(1));
  expect(results(jobs)).toEqual({ backend: 'success', 'frontend-assets': 'success', 'frontend-publish': 'success' });
  expect(await staging()).toMatchObject({ frontendRelease: releaseSha(1), backendRelease: releaseSha(1) });
}, 900_000);

test('promote current takes release 1 to both production regions: nothing built, the same image digest and the same front-end bytes', async () => {
  const jobs = await promote(context);
  expect(results(jobs)).toEqual({ frontend: 'success', backend: 'success', 'rollback-all': 'skipped', 'frontend-publish': 'success' });
  expect(jobs.frontend.outputs['release-id']).toBe(releaseSha(1));
  expect(Object.keys(jobs.backend.legs ?? {})).toEqual(PRODUCTION_REGIONS.map((name) => `backend (${name})`));

  // 0 image builds: each region's image step copied staging's; 0 front-end builds or uploads.
  const images = stepsOf('promote current', 'build-push-django-image');
  expect(images.map((image) => image.run?.outputs.built)).toEqual(['false', 'false']);
  const staged = stepsOf('promote current', 'build-and-sync-frontend')[0].run?.outputs ?? {};
  expect(staged).toMatchObject({ 'release-id': releaseSha(1), uploaded: '0', 'build-ms': '0' });
  expect(staged['promoted-from']).toContain(shop.bucket);

  const stagingDigest = await stack.registry.digestOf('shop', releaseSha(1));
  expect(stagingDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(digestOf(await staging())).toBe(stagingDigest);
  for (const name of PRODUCTION_REGIONS) {
    expect(await stack.regionRegistries[name].digestOf('shop', releaseSha(1))).toBe(stagingDigest);
    const live = await region(name);
    expect(live).toMatchObject({ frontendRelease: releaseSha(1), backendRelease: releaseSha(1) });
    expect(live.image).toBe(`${stack.regionRegistries[name].address}/shop@${stagingDigest}`);
    const revision = `${production.regions[name].ecs.family}:${live.taskDefinition.split(':').pop()}`;
    expect(await revisionTags(name, revision)).toMatchObject({ 'tandem-deploy:release': releaseSha(1), 'tandem-deploy:promoted-from': 'staging' });
  }
  const [stagingObjects, productionObjects] = [await objects(shop.bucket), await objects(production.bucket)];
  expect(Object.keys(productionObjects).length).toBeGreaterThan(3);
  expect(productionObjects).toEqual(stagingObjects);
  expect((await region(WEST)).lastInvalidation?.paths).toEqual(expect.arrayContaining(['/', '/index.html']));
}, 900_000);

test('a release that never served in staging is refused by the front end\'s job, and nothing in production changes', async () => {
  const before = await Promise.all(PRODUCTION_REGIONS.map(region));
  const objectsBefore = await objects(production.bucket);
  const jobs = await promote(context, { release: releaseSha(9) });
  expect(results(jobs)).toEqual({ frontend: 'failure', backend: 'skipped', 'rollback-all': 'skipped', 'frontend-publish': 'skipped' });
  const refusal = stepsOf(`promote ${releaseSha(9).slice(0, 8)}`, 'build-and-sync-frontend')[0].run?.errors.join('\n') ?? '';
  expect(refusal).toContain(releaseSha(9));
  expect(await Promise.all(PRODUCTION_REGIONS.map(region))).toEqual(before);
  expect(await objects(production.bucket)).toEqual(objectsBefore);
}, 600_000);

test('release 2 ships to staging', async () => {
  await changeForSecondRelease(context.workspace);
  const jobs = await deploy(context, releaseSha(2));
  expect(results(jobs)).toEqual({ backend: 'success', 'frontend-assets': 'success', 'frontend-publish': 'success' });
}, 900_000);

test('rollback-region: a region whose tasks fail goes back alone, the other keeps release 2, the front end is not published', async () => {
  const frontBefore = await objects(production.bucket);
  const jobs = await promote(context, { failingRegion: OREGON, onRegionFailure: 'rollback-region' });
  expect(results(jobs)).toEqual({ frontend: 'success', backend: 'failure', 'rollback-all': 'skipped', 'frontend-publish': 'skipped' });
  expect(jobs.backend.legs?.[`backend (${WEST})`].result).toBe('success');
  expect(jobs.backend.legs?.[`backend (${OREGON})`].result).toBe('failure');
  expect(await region(WEST)).toMatchObject({ backendRelease: releaseSha(2), frontendRelease: releaseSha(1) });
  expect((await region(OREGON)).backendRelease).toBe(releaseSha(1));
  expect(await objects(production.bucket)).toEqual(frontBefore);
}, 900_000);

test('rollback-all: the same failure takes the region that went live back to release 1 as well', async () => {
  const jobs = await promote(context, { failingRegion: OREGON, onRegionFailure: 'rollback-all' });
  expect(results(jobs)).toEqual({ frontend: 'success', backend: 'failure', 'rollback-all': 'success', 'frontend-publish': 'skipped' });
  expect(jobs['rollback-all'].legs?.[`rollback-all (${WEST})`].result).toBe('success');
  // Only the region serving release 2 rolled back; the failed one was already back.
  const rolledBack = steps.filter((entry) => entry.workflow === 'promote current' && entry.report.job.startsWith('rollback-all') && entry.report.action === 'rolling-deploy-behind-elb');
  expect(rolledBack.map((entry) => `${entry.report.job}: ${entry.report.status}`).slice(-2)).toEqual([`rollback-all (${WEST}): success`, `rollback-all (${OREGON}): skipped`]);
  for (const name of PRODUCTION_REGIONS) expect(await region(name)).toMatchObject({ backendRelease: releaseSha(1), frontendRelease: releaseSha(1) });
}, 900_000);

test('with every region healthy, release 2 goes live in both regions and the front end follows', async () => {
  const jobs = await promote(context, { release: releaseSha(2) });
  expect(results(jobs)).toEqual({ frontend: 'success', backend: 'success', 'rollback-all': 'skipped', 'frontend-publish': 'success' });
  const digest = await stack.registry.digestOf('shop', releaseSha(2));
  for (const name of PRODUCTION_REGIONS) {
    const live = await region(name);
    expect(live).toMatchObject({ frontendRelease: releaseSha(2), backendRelease: releaseSha(2) });
    expect(digestOf(live)).toBe(digest);
  }
  const stagingObjects = await objects(shop.bucket);
  for (const [key, hash] of Object.entries(await objects(production.bucket))) expect([key, hash]).toEqual([key, stagingObjects[key]]);
}, 900_000);

test('rollback.yml of production alone takes both regions and the front end back to release 1; staging still serves release 2', async () => {
  const stagingBefore = await staging();
  const stagingObjects = await objects(shop.bucket);
  const jobs = await rollback(context, 'previous', 'both', 'production');
  expect(results(jobs)).toEqual({ regions: 'success', backend: 'success', frontend: 'success' });
  expect(Object.keys(jobs.backend.legs ?? {})).toEqual(PRODUCTION_REGIONS.map((name) => `backend (${name})`));
  for (const name of PRODUCTION_REGIONS) expect(await region(name)).toMatchObject({ frontendRelease: releaseSha(1), backendRelease: releaseSha(1) });
  expect(await staging()).toEqual(stagingBefore);
  expect(await objects(shop.bucket)).toEqual(stagingObjects);
  expect(stagingBefore).toMatchObject({ frontendRelease: releaseSha(2), backendRelease: releaseSha(2) });
}, 900_000);
