import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLive } from '../live.js';
import { changeForSecondRelease, deploy, prepareWorkspace, releaseSha, rollback, type RunContext } from '../scenario.js';
import { createShop, startStack, type LocalStack, type Shop } from '../stack.js';
import type { JobResult, StepReport } from '../workflow.js';
import { launchBrowser, type ShopBrowser, type Tab, type Visitor } from '@tandem/standins/browser';
import type { Edge } from '@tandem/standins/edge';
import { BANNERS, moveOn, openTab, problemsWith, visit } from '../journeys.js';
import { startShopEdge, startSite, type Site } from '../site.js';

// The whole product, end to end: deploy.yml for two releases, a third whose back end fails, then
// rollback.yml, each step through its bundle against the stand-ins, and the state checked after
// every workflow: objects and their headers, invalidation paths, image digests, the service's
// task definition, the storage report. After each workflow a real browser loads the shop through
// the edge (journeys 1-5), and two edges with a defect injected show that those journeys can fail.
let stack: LocalStack;
let shop: Shop;
let context: RunContext;
let s3: S3Client;
const steps: Array<{ workflow: string; report: StepReport }> = [];
let site: Site;
let leaky: Edge;
let frozen: Edge;
let browser: ShopBrowser;
let returning: Visitor;
let leakyVisitor: Visitor;
let frozenVisitor: Visitor;
let skewVisitor: Visitor;
let openOnRelease1: Tab;
const entryOf: Record<number, string | undefined> = {};

beforeAll(async () => {
  stack = await startStack();
  shop = await createShop(stack);
  context = { stack, shop, workspace: await prepareWorkspace(), onStep: (workflow, report) => steps.push({ workflow, report }) };
  s3 = new S3Client({ region: 'us-east-1', endpoint: stack.moto.endpoint, forcePathStyle: true });
  site = await startSite(stack, shop);
  // The same bucket and back end behind two faulty edges: one that leaves "/" out of every
  // invalidation, one that hands browsers index.html as immutable.
  const immutable = 'public, max-age=31536000, immutable';
  leaky = await startShopEdge(stack, shop, site.backend, { leaveOut: ['/'] });
  frozen = await startShopEdge(stack, shop, site.backend, { viewerCacheControl: { '/': immutable, '/index.html': immutable } });
  browser = await launchBrowser();
  [returning, leakyVisitor, frozenVisitor, skewVisitor] = [await browser.visitor(), await browser.visitor(), await browser.visitor(), await browser.visitor()];
}, 600_000);
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await browser?.close();
  await Promise.allSettled([leaky?.stop(), frozen?.stop(), site?.stop()]);
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

const CDN = 'Refresh CloudFront for what changed';
const IMAGE = 'Build, check and push the Django image';
const STORAGE = 'Check the release shares one database and one media store';
const ROLLOUT = 'Migrate once, then roll web and the worker out together';

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

test('journey 1: release 1 renders through the edge and calls the Django API', async () => {
  await site.settle();
  entryOf[1] = (await readLive(stack, shop)).entryScript;
  const view = await visit(returning, site.edge.url, 'journey 1');
  expect(view.banner).toBe(BANNERS[1]);
  expect(view.entryScript).toBe(entryOf[1]);
  expect(view.heading).toBe('Products');
  expect(view.products).toEqual(['Linen shirt — 39.00']);
  expect(view.api).toEqual({ status: 200, fields: ['name', 'slug', 'price', 'photo'] });
  expect(view.chunk?.status).toBe(200);
  expect(view.failed).toEqual([]);
  expect(problemsWith(view, { banner: BANNERS[1], entryScript: entryOf[1], currency: false })).toEqual([]);
  // Journey 2's visitor opens the site now and keeps the tab open through release 2.
  openOnRelease1 = await openTab(skewVisitor, site.edge.url);
  // The faulty edges and their visitors see release 1 too, so that the checks below start from a working site.
  for (const [visitor, edge] of [[leakyVisitor, leaky], [frozenVisitor, frozen]] as const) {
    expect(problemsWith(await visit(visitor, edge.url, 'journey 1, faulty edge'), { banner: BANNERS[1], entryScript: entryOf[1], currency: false })).toEqual([]);
  }
}, 300_000);

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

test('journey 2: a tab opened on release 1 stays open through release 2, then loads its lazy release-1 chunk', async () => {
  await site.settle();
  entryOf[2] = (await readLive(stack, shop)).entryScript;
  const view = await moveOn(openOnRelease1, 'journey 2');
  expect(view.banner).toBe(BANNERS[1]);
  expect(view.heading).toBe('About us');
  expect(view.chunk?.status).toBe(200);
  expect(view.failed).toEqual([]);
  expect(problemsWith(view, { banner: BANNERS[1] })).toEqual([]);
  // Release 2's entry names another About chunk: the one this tab loaded is kept only for open pages.
  const chunk = new URL(view.chunk?.url ?? '').pathname.split('/').pop() ?? '';
  const entry = await (await fetch(`${site.edge.url}/${entryOf[2]}`)).text();
  expect(entry).toMatch(/About-[\w-]+\.js/);
  expect(entry).not.toContain(chunk);
}, 120_000);

const release2 = () => ({ banner: BANNERS[2], entryScript: entryOf[2], currency: true });

test('journey 3: a fresh load after release 2 shows release 2 through the cache, and no request fails', async () => {
  const view = await visit(returning, site.edge.url, 'journey 3');
  expect(view.banner).toBe(BANNERS[2]);
  expect(view.entryScript).toBe(entryOf[2]);
  expect(view.entryScript).not.toBe(entryOf[1]);
  expect(view.api?.fields).toContain('currency');
  expect(view.failed).toEqual([]);
  expect(view.edge.bypassed).toEqual([]);
  expect(view.edge.hits + view.edge.misses).toBeGreaterThan(0);
  expect(problemsWith(view, release2())).toEqual([]);
  // The edge still holds release 1's page for an hour (its cache policy): only the invalidation let release 2 through.
  expect(site.edge.applied().length).toBeGreaterThan(0);
}, 120_000);

test('a wrong invalidation (the path "/" left out) makes journey 3 fail', async () => {
  await leaky.caughtUp();
  const view = await visit(leakyVisitor, leaky.url, 'journey 3, "/" left out of the invalidation');
  expect(leaky.applied()).toEqual(site.edge.applied());
  expect(view.banner).toBe(BANNERS[1]);
  expect(problemsWith(view, release2())).toEqual(expect.arrayContaining([expect.stringContaining(`shows "${BANNERS[1]}"`), expect.stringContaining(`not ${entryOf[2]}`)]));
}, 120_000);

test('an index.html served immutable makes journey 3 fail: the browser keeps release 1', async () => {
  await frozen.caughtUp();
  const view = await visit(frozenVisitor, frozen.url, 'journey 3, immutable index.html');
  expect(view.banner).toBe(BANNERS[1]);
  expect(problemsWith(view, release2())).toEqual(expect.arrayContaining([expect.stringContaining(`shows "${BANNERS[1]}"`)]));
  // The edge itself was refreshed: a browser that never cached the page gets release 2 from it.
  const fresh = await browser.visitor();
  try {
    expect(problemsWith(await visit(fresh, frozen.url, 'journey 3, immutable index.html, new visitor'), release2())).toEqual([]);
  } finally {
    await fresh.close();
  }
}, 120_000);

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

test('journey 4: with release 3\'s back end failed, the browser still gets release 2, front and back', async () => {
  await site.settle();
  const view = await visit(returning, site.edge.url, 'journey 4');
  expect(view.banner).toBe(BANNERS[2]);
  expect(view.api?.fields).toContain('currency');
  expect(problemsWith(view, release2())).toEqual([]);
}, 120_000);

test('rollback to previous returns both tiers to release 1, with nothing built', async () => {
  const first = releaseSha(1);
  const jobs = await rollback(context, 'previous', 'both');
  expect(results(jobs)).toEqual({ regions: 'success', backend: 'success', frontend: 'success' });
  const workflow = 'rollback to previous';
  expect(steps.filter((entry) => entry.workflow === workflow && entry.report.action === 'build-push-django-image')).toEqual([]);
  const live = await readLive(stack, shop);
  expect(live.frontendRelease).toBe(first);
  expect(live.backendRelease).toBe(first);
  expect(JSON.parse(step(workflow, CDN).run?.outputs.paths ?? '[]')).toEqual(expect.arrayContaining(['/', '/index.html']));
}, 600_000);

test('journey 5: after the rollback a fresh load shows release 1, and the service worker does not hold on to release 2', async () => {
  await site.settle();
  const view = await visit(returning, site.edge.url, 'journey 5');
  expect(view.serviceWorker).toBe(`${site.edge.url}/sw.js`);
  expect(view.banner).toBe(BANNERS[1]);
  expect(view.entryScript).toBe(entryOf[1]);
  expect(view.api?.fields).not.toContain('currency');
  expect(view.failed).toEqual([]);
  expect(problemsWith(view, { banner: BANNERS[1], entryScript: entryOf[1], currency: false })).toEqual([]);
}, 120_000);
