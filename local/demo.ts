// The README's local run: sets up the stand-ins, creates the shop's resources in them, and ships
// the shop the way deploy.yml does on GitHub — a first release, a second that changes one React
// component and one Django view — then rolls both tiers back to the first with rollback.yml.
// One table per step: what it did and how long it took.
import { readLive, type Live } from './live.js';
import { changeForSecondRelease, deploy, prepareWorkspace, releaseSha, rollback, type RunContext } from './scenario.js';
import { createShop, startStack } from './stack.js';
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

const stack = await startStack((line) => console.log(`starting ${line}`));
try {
  const shop = await createShop(stack);
  console.log(`created bucket ${shop.bucket}, distribution ${shop.distributionId}, cluster ${shop.ecs.cluster}, service ${shop.ecs.service} behind a target group, RDS instance shop, media bucket ${shop.mediaBucket}`);
  const workspace = await prepareWorkspace();
  const context: RunContext = { stack, shop, workspace, onStep: printStep };
  const failed = (jobs: Record<string, { result: string }>) => Object.entries(jobs).filter(([, job]) => job.result === 'failure').map(([name]) => name);

  const first = await deploy(context, releaseSha(1));
  printLive(`after release ${releaseSha(1).slice(0, 8)} (jobs failed: ${failed(first).join(', ') || 'none'})`, await readLive(stack, shop));
  await changeForSecondRelease(workspace);
  const second = await deploy(context, releaseSha(2));
  printLive(`after release ${releaseSha(2).slice(0, 8)} (jobs failed: ${failed(second).join(', ') || 'none'})`, await readLive(stack, shop));
  const back = await rollback(context, 'previous', 'both');
  printLive(`after rollback to previous (jobs failed: ${failed(back).join(', ') || 'none'})`, await readLive(stack, shop));
  const problems = [...failed(first), ...failed(second), ...failed(back)];
  console.log(`\nlocal run ${problems.length ? 'FAILED' : 'done'} in ${seconds(Date.now() - started)}`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await stack.stop();
}
