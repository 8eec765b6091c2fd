import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLive } from '../live.js';
import { changeForSecondRelease, deploy, prepareWorkspace, releaseSha, rollback, type RunContext } from '../scenario.js';
import { createShop, startStack, type LocalStack, type Shop } from '../stack.js';
import type { JobResult, StepReport } from '../workflow.js';

// The whole product, end to end: deploy.yml for two releases, a third whose back end fails, then
// rollback.yml, each step through its bundle against the stand-ins, and the state checked after
// every workflow: objects and their headers, invalidation paths, image digests, the service's
// task definition, the storage report.
let stack: LocalStack;
let shop: Shop;
let context: RunContext;
let s3: S3Client;
const steps: Array<{ workflow: string; report: StepReport }> = [];

beforeAll(async () => {
  stack = await startStack();
  shop = await createShop(stack);
  context = { stack, shop, workspace: await prepareWorkspace(), onStep: (workflow, report) => steps.push({ workflow, report }) };
  s3 = new S3Client({ region: 'us-east-1', endpoint: stack.moto.endpoint, forcePathStyle: true });
}, 600_000);
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await stack?.stop();
});

function step(workflow: string, name: string): StepReport {
  const found = steps.filter((entry) => entry.workflow === workflow && entry.report.step === name);
  if (found.length !== 1) throw new Error(`${found.length} steps named ${name} in ${workflow}: ${steps.map((entry) => `${entry.workflow}/${entry.report.step}`).join(', ')}`);
  return found[0].report;
}

const results = (jobs: Record<string, JobResult>) => Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.result]));
const head = (key: string) => s3.send(new HeadObjectCommand({ Bucket: shop.bucket, Key: key }));
const digestOf = (image: string) => image.split('@')[1];

const PUBLISH = 'Publish the entry points of this release';
const CDN = 'Refresh CloudFront for what changed';
const IMAGE = 'Build, check and push the Django image';
const STORAGE = 'Check the release shares one database and one media store';
const ROLLOUT = 'Migrate once, then roll out behind the load balancer';

test('release 1 ships both tiers', async () => {
  const sha = releaseSha(1);
  const jobs = await deploy(context, sha);
  expect(results(jobs)).toEqual({ backend: 'success', 'frontend-assets': 'success', 'frontend-publish': 'success' });
  const workflow = `deploy ${sha.slice(0, 7)}`;

  const image = step(workflow, IMAGE).run?.outputs ?? {};
  expect(image.built).toBe('true');
  expect(image.image).toBe(`${stack.registry.address}/shop@${image.digest}`);
  expect(await stack.registry.digestOf('shop', sha)).toBe(image.digest);

  const storage = JSON.parse(step(workflow, STORAGE).run?.outputs.report ?? '{}') as { ok: boolean; checks: Array<{ id: string; result: string }> };
  expect(storage.ok).toBe(true);
  expect(storage.checks.filter((check) => check.result === 'fail')).toEqual([]);
  expect(storage.checks.map((check) => check.id)).toEqual(expect.arrayContaining(['database-rds', 'media-probe', 'django-database']));

  expect(step(workflow, ROLLOUT).run?.outputs.status).toBe('completed');
  const live = await readLive(stack, shop);
  expect(live).toMatchObject({ frontendRelease: sha, backendRelease: sha, image: image.image, deployments: 1 });

  const page = await head('index.html');
  expect(page.ContentType).toBe('text/html; charset=utf-8');
  expect(page.CacheControl).toBe('no-cache');
  const chunk = await head(live.entryScript ?? 'missing');
  expect(chunk.ContentType).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
  expect(chunk.CacheControl).toBe('public, max-age=31536000, immutable');
  expect((await head('manifest.webmanifest')).ContentType).toBe('application/manifest+json; charset=utf-8');
}, 600_000);

test('release 2 changes one component and one view: a new chunk and image, old chunks kept, the CDN refreshed', async () => {
  const before = await readLive(stack, shop);
  await changeForSecondRelease(context.workspace);
  const sha = releaseSha(2);
  const jobs = await deploy(context, sha);
  expect(results(jobs)).toEqual({ backend: 'success', 'frontend-assets': 'success', 'frontend-publish': 'success' });
  const workflow = `deploy ${sha.slice(0, 7)}`;

  const live = await readLive(stack, shop);
  expect(live.frontendRelease).toBe(sha);
  expect(live.backendRelease).toBe(sha);
  expect(live.entryScript).not.toBe(before.entryScript);
  expect(digestOf(live.image)).not.toBe(digestOf(before.image));
  expect(live.taskDefinition).not.toBe(before.taskDefinition);
  // A visitor still on release 1's page can load its chunk.
  await expect(head(before.entryScript ?? 'missing')).resolves.toBeDefined();
  expect(JSON.parse(step(workflow, CDN).run?.outputs.paths ?? '[]')).toEqual(expect.arrayContaining(['/', '/index.html']));
  expect(step(workflow, CDN).run?.outputs.status).toBe('completed');
  expect(live.lastInvalidation?.paths).toEqual(expect.arrayContaining(['/', '/index.html']));
}, 600_000);

test('release 3 with a failing back end: rolled back, entry points never published, both tiers still on release 2', async () => {
  const before = await readLive(stack, shop);
  const views = join(context.workspace, 'frontend/src/release.js');
  await writeFile(views, (await readFile(views, 'utf8')).replace("'Summer collection'", "'Autumn collection'"));
  const sha = releaseSha(3);
  // An image in a repository named "broken" fails its tasks in the rollout launcher, as a
  // CannotPullContainerError does on ECS; the circuit breaker trips and ECS rolls back.
  const jobs = await deploy(context, sha, { ECR_REPOSITORY: 'shop-broken' });
  expect(results(jobs)).toEqual({ backend: 'failure', 'frontend-assets': 'success', 'frontend-publish': 'skipped' });
  const rollout = step(`deploy ${sha.slice(0, 7)}`, ROLLOUT).run;
  expect(rollout?.code).toBe(1);
  expect(rollout?.outputs.status).toBe('rolled-back');

  const live = await readLive(stack, shop);
  expect(live.frontendRelease).toBe(before.frontendRelease);
  expect(live.entryScript).toBe(before.entryScript);
  expect(live.image).toBe(before.image);
  expect(live.backendRelease).toBe(before.backendRelease);
}, 600_000);

test('rollback to previous returns both tiers to release 1, with nothing built', async () => {
  const first = releaseSha(1);
  const jobs = await rollback(context, 'previous', 'both');
  expect(results(jobs)).toEqual({ backend: 'success', frontend: 'success' });
  const workflow = 'rollback to previous';
  expect(steps.filter((entry) => entry.workflow === workflow && entry.report.action === 'build-push-django-image')).toEqual([]);
  const live = await readLive(stack, shop);
  expect(live.frontendRelease).toBe(first);
  expect(live.backendRelease).toBe(first);
  expect(JSON.parse(step(workflow, CDN).run?.outputs.paths ?? '[]')).toEqual(expect.arrayContaining(['/', '/index.html']));
}, 600_000);
