// The README's local run: sets up the stand-ins, creates the shop's resources in them (staging,
// and production in two regions), and ships the shop the way the workflows do on GitHub:
// deploy.yml to staging for a first release and a second that changes one React component and
// one Django view, promote.yml of each to production, rollback.yml of production alone, then of
// staging back to the first.
// One table per step: what it did and how long it took. After each workflow, what a browser sees
// through the edge (the stand-in for CloudFront), with a screenshot kept in local/artefacts/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '@tandem/standins/browser';
import { REPO_ROOT } from '@tandem/standins/harness';
import { BANNERS, describeView, moveOn, openTab, problemsWith, visit, type Expected, type PageView } from './journeys.js';
import { readLive, type Live } from './live.js';
import { createProduction, writeProductionTaskDefinitions, type Production } from './production.js';
import { changeForSecondRelease, deploy, prepareWorkspace, promote, releaseSha, rollback, type RunContext } from './scenario.js';
import { startSite } from './site.js';
import { createShop, startStack, type LocalStack, type Shop } from './stack.js';
import type { StepReport } from './workflow.js';

const started = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`;
  return [line(rows[0]), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join('\n');
}

function shorten(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > 96 ? `${flat.slice(0, 93)}...` : flat;
}

function printStep(workflow: string, report: StepReport): void {
  const status = { success: 'done', failure: 'FAILED', skipped: 'skipped', provided: 'provided locally' }[report.status];
  console.log(`\n${workflow} · ${report.job} · ${report.step}: ${status}${report.run ? ` in ${seconds(report.durationMs)}` : ''}`);
  if (!report.run) return;
  const rows = [['output', 'value'], ...Object.entries(report.run.outputs).map(([name, value]) => [name, shorten(value)])];
  if (rows.length > 1) console.log(table(rows));
  const failure = report.run.errors[0];
  if (failure) console.log(`  why: ${failure.replace(/\n/g, '\n       ')}`);
}

function printLive(title: string, live: Live): void {
  console.log(`\n== ${title}`);
  console.log(
    table([
      ['tier', 'what is live'],
      ['front end', `release ${live.frontendRelease?.slice(0, 8) ?? '-'}, index.html loads ${live.entryScript ?? '-'}, ${live.siteObjects} objects`],
      ['back end', `${live.taskDefinition}, release ${live.backendRelease?.slice(0, 8) ?? '-'}, ${shorten(live.image)}`],
      ['CDN', live.lastInvalidation ? `${live.lastInvalidation.id} ${live.lastInvalidation.status}: ${shorten(live.lastInvalidation.paths.join(' '))}` : 'no invalidation yet'],
    ]),
  );
}

/** What is live in each environment (and each production region), in one table. */
async function printEnvironments(title: string, stack: LocalStack, shop: Shop, production: Production): Promise<void> {
  const rows = [['environment', 'front end', 'back end', 'image']];
  const row = (name: string, live: Live) => [name, live.frontendRelease?.slice(0, 8) ?? '-', `${live.backendRelease?.slice(0, 8) ?? '-'} (${live.taskDefinition})`, shorten(live.image)];
  rows.push(row('staging us-east-1', await readLive(stack, shop)));
  for (const { region, ecs } of Object.values(production.regions)) {
    rows.push(row(`production ${region}`, await readLive(stack, { bucket: production.bucket, distributionId: production.distributionId, ecs }, region)));
  }
  console.log(`\n== ${title}\n${table(rows)}`);
}

function printBrowser(views: Array<{ view: PageView; expected: Expected }>): string[] {
  const problems = views.flatMap(({ view, expected }) => problemsWith(view, expected));
  console.log(`\n   what a browser sees through the edge${problems.length ? ` (${problems.length} problems)` : ''}`);
  for (const { view } of views) console.log(describeView(view).map((line) => `   ${line}`).join('\n'));
  for (const problem of problems) console.log(`   PROBLEM ${problem}`);
  return problems;
}

const shots = join(REPO_ROOT, 'local/artefacts', new Date().toISOString().replace(/[:.]/g, '-'));
await mkdir(shots, { recursive: true });
const stack = await startStack((line) => console.log(`starting ${line}`));
const browser = await launchBrowser().catch((error: Error) => {
  console.log(`no browser: ${error.message}`);
  return undefined;
});
let site: Awaited<ReturnType<typeof startSite>> | undefined;
try {
  const shop = await createShop(stack);
  console.log(`staging: created bucket ${shop.bucket}, distribution ${shop.distributionId}, cluster ${shop.ecs.cluster}, service ${shop.ecs.service} behind a target group, RDS instance shop, media bucket ${shop.mediaBucket}, registry ${stack.registry.address}`);
  const production = await createProduction(stack, shop);
  console.log(`production: created bucket ${production.bucket}, distribution ${production.distributionId}; in ${Object.keys(production.regions).join(' and ')} each: cluster, services behind a target group, RDS instance, media bucket, registry (${Object.values(stack.regionRegistries).map((one) => one.address).join(', ')})`);
  site = await startSite(stack, shop);
  console.log(`the edge (varnish standing in for CloudFront ${shop.distributionId}) serves the shop at ${site.edge.url}${browser ? `; Chromium ${browser.version} loads it` : ''}`);
  const returning = await browser?.visitor();
  const staying = await browser?.visitor();
  const workspace = await prepareWorkspace();
  await writeProductionTaskDefinitions(workspace, production);
  const context: RunContext = { stack, shop, production, workspace, onStep: printStep };
  const failed = (jobs: Record<string, { result: string }>) => Object.entries(jobs).filter(([, job]) => job.result === 'failure').map(([name]) => name);
  const seen: string[] = [];
  const look = async (label: string, expected: Expected) => {
    await site?.settle();
    if (!returning || !site) return;
    seen.push(...printBrowser([{ view: await visit(returning, site.edge.url, label, shots), expected }]));
  };

  const first = await deploy(context, releaseSha(1));
  const live1 = await readLive(stack, shop);
  printLive(`after release ${releaseSha(1).slice(0, 8)} (jobs failed: ${failed(first).join(', ') || 'none'})`, live1);
  await look('release 1', { banner: BANNERS[1], entryScript: live1.entryScript, currency: false });
  const promoted1 = await promote(context);
  await printEnvironments(`after promote.yml of what serves in staging (jobs failed: ${failed(promoted1).join(', ') || 'none'})`, stack, shop, production);
  const tab = staying && site ? await openTab(staying, site.edge.url) : undefined;
  await changeForSecondRelease(workspace);
  const second = await deploy(context, releaseSha(2));
  const live2 = await readLive(stack, shop);
  printLive(`after release ${releaseSha(2).slice(0, 8)} (jobs failed: ${failed(second).join(', ') || 'none'})`, live2);
  await site.settle();
  if (tab) seen.push(...printBrowser([{ view: await moveOn(tab, 'tab open since release 1, to About', shots), expected: { banner: BANNERS[1] } }]));
  await look('release 2, fresh load', { banner: BANNERS[2], entryScript: live2.entryScript, currency: true });
  const promoted2 = await promote(context);
  await printEnvironments(`after promote.yml of release ${releaseSha(2).slice(0, 8)} (jobs failed: ${failed(promoted2).join(', ') || 'none'})`, stack, shop, production);
  const productionBack = await rollback(context, 'previous', 'both', 'production');
  await printEnvironments(`after rollback.yml of production alone (jobs failed: ${failed(productionBack).join(', ') || 'none'})`, stack, shop, production);
  const back = await rollback(context, 'previous', 'both');
  printLive(`after rollback to previous (jobs failed: ${failed(back).join(', ') || 'none'})`, await readLive(stack, shop));
  await look('rollback to release 1, fresh load', { banner: BANNERS[1], entryScript: live1.entryScript, currency: false });
  const problems = [...failed(first), ...failed(promoted1), ...failed(second), ...failed(promoted2), ...failed(productionBack), ...failed(back), ...seen];
  console.log(`\nscreenshots in ${shots}`);
  console.log(`local run ${problems.length ? 'FAILED' : 'done'} in ${seconds(Date.now() - started)}`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await browser?.close();
  await site?.stop();
  await stack.stop();
}
