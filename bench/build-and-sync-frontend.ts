// Benchmark for build-and-sync-frontend against `aws s3 sync --delete` (Debian's awscli), `rclone sync
// --checksum` (Debian's rclone) and the floor (bench/frontend/floor.mjs: list, hash, put what
// differs, nothing else), all on one moto server, at one concurrency, in one run:
//   1. a first deploy of a generated React site (2,058 files, 60 MiB), then a redeploy after a
//      fresh build (every mtime new) with one page changed: each tool in turn, the order rotated
//      every round, BENCH_RUNS rounds (3), the median of each figure;
//   2. the same redeploy on a 20,000-file site: the action and the floor back to back (with
//      BENCH_RUNS of 5 or more, also the rounds that read the 5 releases the action keeps);
//   3. the action's first deploy at several concurrencies next to the floor's (BENCH_CURVE);
//      then the first deploy of section 1, every tool, on s3rver, a faster server than moto
//      (BENCH_SECTIONS=fast);
//   4. the planner alone on 25,000, 50,000 and 100,000 files (time and peak RSS, median of BENCH_RUNS),
//      with the previous release's record and with the 5 releases the action keeps by default;
//   5. hashing: `find`, `sha256sum` and the two in a pipe against the action's listing and hashing
//      of the same two sites, and its whole pass over the build (hashing plus the page parse).
// The action runs as its bundle (npm run package first). bench/frontend/timeline.ts shows a
// redeploy request by request, the action's and the floor's. The machine's load average is printed:
// compare only figures of one run. Run: npx tsx bench/build-and-sync-frontend.ts
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { BUNDLE_NODE } from '@tandem/standins/harness';
import { startMoto, type Moto } from '@tandem/standins/moto';
import { startS3rver } from './frontend/s3rver.js';
import { REALISTIC, siteFiles, writeSite, LARGE, type SiteShape } from './frontend/site.js';
import { AWS_CLI, RCLONE, actionSync, awsConfig, cliSync, floorSync, rcloneSync, type Measure } from './frontend/tools.js';

const CHANGED = 'docs/section-7/page-7/index.html';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The releases the action keeps by default (keep-releases: 5), all read before it plans. */
const KEPT = 5;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CURVE = (process.env.BENCH_CURVE ?? '1,2,4,8,16,32,64').split(',').filter(Boolean).map(Number);
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'compare,large,curve,fast,planner,hashing').split(','));

type Tool = 'action' | 'aws s3 sync' | 'rclone' | 'floor';
const ALL_TOOLS: Tool[] = ['action', 'aws s3 sync', 'rclone', 'floor'];
// BENCH_TOOLS=action,floor leaves the other two out (their cells then read n/a): the ratio to the floor in half the time.
const TOOLS = ALL_TOOLS.filter((tool) => (process.env.BENCH_TOOLS ?? ALL_TOOLS.join(',')).split(',').includes(tool));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const load = () => loadavg()[0].toFixed(1);
const bucketOf = (tool: Tool, round: number) => `bench-${tool.replace(/\W+/g, '-')}-${round}`;

async function createBuckets(moto: Moto, buckets: string[]): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
}

async function builds(work: string, name: string, shape: SiteShape): Promise<{ first: string; second: string; count: number; mib: number }> {
  const first = join(work, `${name}-1`);
  const second = join(work, `${name}-2`);
  const written = await writeSite(first, siteFiles(shape));
  await writeSite(second, siteFiles(shape, new Set([CHANGED])));
  return { first, second, count: written.count, mib: written.bytes / 1024 / 1024 };
}

function runner(endpoint: string, config: string) {
  return (tool: Tool, bucket: string, dir: string, release: string, concurrency = CONCURRENCY): Promise<Measure> => {
    if (tool === 'action') return actionSync(endpoint, bucket, dir, release, concurrency);
    if (tool === 'aws s3 sync') return cliSync(endpoint, bucket, dir, config);
    if (tool === 'rclone') return rcloneSync(endpoint, bucket, dir, concurrency);
    return floorSync(endpoint, bucket, dir, concurrency);
  };
}

/** The redeploy against the floor, one row per site, printed together at the end. */
const redeploys: string[] = [];

const cell = (runs: Measure[]) => (runs.length === 0 ? 'n/a' : `${median(runs.map((run) => run.seconds)).toFixed(2)} s (${median(runs.map((run) => run.uploaded))} up)`);
const ratio = (a: Measure[], b: Measure[]) => (a.length === 0 || b.length === 0 ? 'n/a' : `${(median(a.map((run) => run.seconds)) / median(b.map((run) => run.seconds))).toFixed(2)}x`);

async function compare(moto: Moto, work: string): Promise<void> {
  const site = await builds(work, 'site', REALISTIC);
  const sync = runner(moto.endpoint, await awsConfig(work, CONCURRENCY));
  const first = new Map<Tool, Measure[]>(TOOLS.map((tool) => [tool, []]));
  const again = new Map<Tool, Measure[]>(TOOLS.map((tool) => [tool, []]));
  const loads: string[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    await moto.reset();
    await createBuckets(moto, TOOLS.map((tool) => bucketOf(tool, round)));
    const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
    for (const tool of order) first.get(tool)?.push(await sync(tool, bucketOf(tool, round), site.first, 'r1'));
    // The fresh build is written after the first deploys, as CI writes it: every mtime is newer
    // than the objects', so `aws s3 sync` (size and mtime) sees every file as new.
    await writeSite(site.second, siteFiles(REALISTIC, new Set([CHANGED])));
    for (const tool of order) again.get(tool)?.push(await sync(tool, bucketOf(tool, round), site.second, 'r2'));
    loads.push(load());
    const last = again.get('action')?.at(-1);
    console.log(`round ${round + 1}/${RUNS} done (load ${load()}); action's redeploy: ${last?.steps?.join(' | ')}`);
    // Each round's own figures too, so that a run cut short still shows what it measured.
    const seconds = (runs: Map<Tool, Measure[]>) => TOOLS.map((tool) => `${tool} ${runs.get(tool)?.at(-1)?.seconds.toFixed(2)} s`).join(', ');
    console.log(`  first deploy: ${seconds(first)}\n  redeploy: ${seconds(again)}`);
  }
  console.log(`\n${site.count} files, ${site.mib.toFixed(1)} MiB, concurrency ${CONCURRENCY}, median of ${RUNS} runs (load average after each round: ${loads.join(', ')})\n`);
  console.log(`| run | action | aws s3 sync | rclone --checksum | floor | action / aws | action / rclone | action / floor |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const [name, runs] of [['first deploy', first], ['redeploy, fresh build, 1 changed', again]] as const) {
    const of = (tool: Tool) => runs.get(tool) ?? [];
    console.log(`| ${name} | ${ALL_TOOLS.map((tool) => cell(of(tool))).join(' | ')} | ${ratio(of('action'), of('aws s3 sync'))} | ${ratio(of('action'), of('rclone'))} | ${ratio(of('action'), of('floor'))} |`);
  }
  const redeploy = (tool: Tool) => again.get(tool) ?? [];
  redeploys.push(`| ${site.count.toLocaleString('en')} files, ${site.mib.toFixed(1)} MiB | ${cell(redeploy('action'))} | ${cell(redeploy('floor'))} | ${ratio(redeploy('action'), redeploy('floor'))} | ${loads.join(', ')} |`);
}

async function large(moto: Moto, work: string): Promise<void> {
  const site = await builds(work, 'large', LARGE);
  await moto.reset();
  await createBuckets(moto, ['bench-large-action', 'bench-large-floor']);
  const firstAction = await actionSync(moto.endpoint, 'bench-large-action', site.first, 'r0', CONCURRENCY);
  const firstFloor = await floorSync(moto.endpoint, 'bench-large-floor', site.first, CONCURRENCY);
  const action: Measure[] = [];
  const floor: Measure[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    // Each redeploy changes the one page back and forth: a fresh build with one file changed.
    const dir = round % 2 === 0 ? site.second : site.first;
    const pair = round % 2 === 0 ? (['action', 'floor'] as const) : (['floor', 'action'] as const);
    for (const tool of pair) {
      if (tool === 'action') action.push(await actionSync(moto.endpoint, 'bench-large-action', dir, `r${round + 1}`, CONCURRENCY));
      else floor.push(await floorSync(moto.endpoint, 'bench-large-floor', dir, CONCURRENCY));
    }
    console.log(`large round ${round + 1}/${RUNS} (load ${load()}): action ${action.at(-1)?.seconds.toFixed(2)} s, floor ${floor.at(-1)?.seconds.toFixed(2)} s; action: ${action.at(-1)?.steps?.join(' | ')}`);
  }
  console.log(`\n${site.count} files, ${site.mib.toFixed(1)} MiB, concurrency ${CONCURRENCY}, median of ${RUNS} runs (load ${load()})\n`);
  console.log(`| run | action | floor | action / floor |\n|---|---|---|---|`);
  console.log(`| first deploy (one run) | ${cell([firstAction])} | ${cell([firstFloor])} | ${ratio([firstAction], [firstFloor])} |`);
  console.log(`| redeploy, fresh build, 1 changed | ${cell(action)} | ${cell(floor)} | ${ratio(action, floor)} |`);
  // From round KEPT on, the bucket holds as many releases as the action keeps by default, and each
  // redeploy reads that many release records: the steady state of a site deployed every day.
  if (RUNS >= KEPT) {
    const steady = (runs: Measure[]) => runs.slice(KEPT - 1);
    console.log(`| the same, rounds ${KEPT}-${RUNS} (${KEPT} kept releases read) | ${cell(steady(action))} | ${cell(steady(floor))} | ${ratio(steady(action), steady(floor))} |`);
  }
  redeploys.push(`| ${site.count.toLocaleString('en')} files, ${site.mib.toFixed(1)} MiB | ${cell(action)} | ${cell(floor)} | ${ratio(action, floor)} | ${load()} |`);
}

/**
 * The first deploy of the same site on s3rver, a fresh server each round: the tools' own costs,
 * which moto's pace hides (there the floor is within a few percent of every tool but rclone).
 */
async function fast(work: string): Promise<void> {
  const site = await builds(work, 'fast', REALISTIC);
  const config = await awsConfig(work, CONCURRENCY);
  const first = new Map<Tool, Measure[]>(TOOLS.map((tool) => [tool, []]));
  const loads: string[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    const server = await startS3rver();
    try {
      await server.createBuckets(TOOLS.map((tool) => bucketOf(tool, round)));
      const sync = runner(server.endpoint, config);
      const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
      for (const tool of order) first.get(tool)?.push(await sync(tool, bucketOf(tool, round), site.first, 'r1'));
    } finally {
      await server.stop();
    }
    loads.push(load());
    console.log(`s3rver round ${round + 1}/${RUNS} (load ${load()}): first deploy: ${TOOLS.map((tool) => `${tool} ${first.get(tool)?.at(-1)?.seconds.toFixed(2)} s`).join(', ')}`);
  }
  const of = (tool: Tool) => first.get(tool) ?? [];
  console.log(`\nfirst deploy on s3rver (objects in memory), ${site.count} files, ${site.mib.toFixed(1)} MiB, concurrency ${CONCURRENCY}, median of ${RUNS} runs (load after each round: ${loads.join(', ')})\n`);
  console.log(`| run | action | aws s3 sync | rclone --checksum | floor | action / aws | action / rclone | action / floor | floor / aws | floor / rclone |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  console.log(
    `| first deploy | ${ALL_TOOLS.map((tool) => cell(of(tool))).join(' | ')} | ${ratio(of('action'), of('aws s3 sync'))} | ${ratio(of('action'), of('rclone'))} | ${ratio(of('action'), of('floor'))} | ${ratio(of('floor'), of('aws s3 sync'))} | ${ratio(of('floor'), of('rclone'))} |`,
  );
}

async function curve(moto: Moto, work: string): Promise<void> {
  const site = await builds(work, 'curve', REALISTIC);
  console.log(`\nfirst deploy of ${site.count} files (${site.mib.toFixed(1)} MiB) by concurrency, one run each\n`);
  console.log(`| concurrency | action | files/s | MiB/s | floor | files/s | load |\n|---|---|---|---|---|---|---|`);
  for (const concurrency of CURVE) {
    await moto.reset();
    await createBuckets(moto, ['bench-curve-action', 'bench-curve-floor']);
    const action = await actionSync(moto.endpoint, 'bench-curve-action', site.first, 'r1', concurrency);
    const floor = await floorSync(moto.endpoint, 'bench-curve-floor', site.first, concurrency);
    const rate = (run: Measure) => (run.uploaded / run.seconds).toFixed(0);
    console.log(`| ${concurrency} | ${action.seconds.toFixed(2)} s | ${rate(action)} | ${(site.mib / action.seconds).toFixed(1)} | ${floor.seconds.toFixed(2)} s | ${rate(floor)} | ${load()} |`);
  }
}

/**
 * The planner runs bundled, on plain node, as the action does: under tsx the loader and its
 * compiler alone took 66 MB of the process's peak RSS, which says nothing about the planner.
 */
async function planner(work: string): Promise<void> {
  const script = join(work, 'planner.cjs');
  await build({ entryPoints: [join(import.meta.dirname, 'frontend/planner.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'error' });
  const empty = spawnSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS)'], { encoding: 'utf8' });
  console.log(`\nthe planner alone (listing completed from the release record, plan, phases), a process each; node alone: ${Math.round(Number(empty.stdout) / 1024)} MB\n`);
  console.log(`the median of ${RUNS} runs each (the listing and the kept manifests read from files a first process wrote, as the action reads them from S3)\n`);
  console.log(
    `| files | local files made | plan | heap: input | heap: the plan and what it keeps | peak RSS (each run) | peak RSS per 1,000 files | peak RSS, ${KEPT} kept releases (each run) | load |\n|---|---|---|---|---|---|---|---|---|`,
  );
  const node = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`planner benchmark failed: ${run.stderr}`);
    return run.stdout;
  };
  for (const files of [25_000, 50_000, 100_000]) {
    node(String(files), work, 'write');
    const measure = (kept: number) => Array.from({ length: RUNS }, () => JSON.parse(node(String(files), work, String(kept)).trim().split('\n').pop() ?? '{}'));
    const runs = measure(1);
    const keptRuns = measure(KEPT);
    const of = (figure: string, from = runs) => median(from.map((run) => Number(run[figure])));
    const perThousand = ((of('peakRssMb') / files) * 1000).toFixed(2);
    const peak = (from: typeof runs) => `${of('peakRssMb', from)} MB (${from.map((run) => run.peakRssMb).join(', ')})`;
    console.log(
      `| ${files.toLocaleString('en')} | ${of('headersMs')} ms | ${of('planMs')} ms | ${of('inputHeapMb')} MB | ${of('plannedHeapMb')} MB | ${peak(runs)} | ${perThousand} MB | ${peak(keptRuns)} | ${load()} |`,
    );
  }
}

/** Milliseconds a bash command line takes, with $1 the directory and $2 a file. */
function timedShell(script: string, dir: string, file: string): number {
  const started = performance.now();
  const run = spawnSync('bash', ['-c', script, 'bench', dir, file]);
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr.toString()}`);
  return performance.now() - started;
}

/**
 * The action's listing and hashing of a build against `find` and `sha256sum` over the same files,
 * as one would check a build by hand: `find` alone, `sha256sum` alone given find's list, and
 * the two in a pipe.
 */
async function hashing(work: string): Promise<void> {
  const script = join(work, 'hashing.cjs');
  await build({ entryPoints: [join(import.meta.dirname, 'frontend/hashing.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'error' });
  const version = spawnSync(BUNDLE_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\nhashing on Node ${version} (the action's), the files in the page cache, median of ${RUNS} runs, ms\n`);
  console.log(
    `| site | find | action: list | sha256sum (find's list) | action: hash | find \\| xargs sha256sum | action: list + hash | list + hash / find + sha256sum | action's pass (hash + page parse) | load |\n|---|---|---|---|---|---|---|---|---|---|`,
  );
  for (const [name, shape] of [['site', REALISTIC], ['large', LARGE]] as const) {
    const dir = join(work, `hashing-${name}`);
    const list = join(work, `hashing-${name}.list`);
    const written = await writeSite(dir, siteFiles(shape));
    // Once, so that every tool reads from the page cache, and the list sha256sum is given.
    timedShell('find "$1" -type f -print0 > "$2" && xargs -0 sha256sum < "$2" > /dev/null', dir, list);
    const tools: Record<'find' | 'sum' | 'pipe', number[]> = { find: [], sum: [], pipe: [] };
    const action: Array<Record<string, number>> = [];
    for (let round = 0; round < RUNS; round += 1) {
      tools.find.push(timedShell('find "$1" -type f > /dev/null', dir, list));
      tools.sum.push(timedShell('xargs -0 sha256sum < "$2" > /dev/null', dir, list));
      tools.pipe.push(timedShell('find "$1" -type f -print0 | xargs -0 sha256sum > /dev/null', dir, list));
      const run = spawnSync(BUNDLE_NODE, [script, dir], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`hashing benchmark failed: ${run.stderr}`);
      action.push(JSON.parse(run.stdout.trim()) as Record<string, number>);
    }
    const of = (figure: string) => median(action.map((run) => run[figure]));
    const ms = (values: number[]) => median(values).toFixed(0);
    const both = median(action.map((run) => run.list + run.hash));
    console.log(
      `| ${written.count.toLocaleString('en')} files, ${(written.bytes / 1024 / 1024).toFixed(1)} MiB | ${ms(tools.find)} | ${of('list')} | ${ms(tools.sum)} | ${of('hash')} | ${ms(tools.pipe)} | ${both} | ${(both / median(tools.pipe)).toFixed(2)}x | ${of('pass')} (${of('pages')} pages) | ${load()} |`,
    );
  }
}

async function main(): Promise<void> {
  for (const [tool, args] of [[AWS_CLI, ['--version']], [RCLONE, ['version']]] as const) {
    if (!SECTIONS.has('compare') && !SECTIONS.has('fast')) continue;
    const version = spawnSync(tool, args, { encoding: 'utf8' });
    if (version.status !== 0) throw new Error(`${tool} is not installed (bash scripts/install-test-deps.sh --bench)`);
    console.log(`${tool}: ${version.stdout.split('\n')[0].trim()}`);
  }
  const work = await mkdtemp(join(tmpdir(), 'bench-frontend-'));
  console.log(`load average ${load()} at the start, ${work}`);
  const moto = await startMoto();
  try {
    if (SECTIONS.has('compare')) await compare(moto, work);
    if (SECTIONS.has('large')) await large(moto, work);
    if (SECTIONS.has('curve')) await curve(moto, work);
  } finally {
    await moto.stop();
  }
  if (SECTIONS.has('fast')) await fast(work);
  if (redeploys.length > 0) {
    console.log(`\nredeploy of a fresh build with one page changed, against the floor, median of ${RUNS} runs, this run\n`);
    console.log(`| site | action | floor | action / floor | load |\n|---|---|---|---|---|\n${redeploys.join('\n')}`);
  }
  if (SECTIONS.has('planner')) await planner(work);
  if (SECTIONS.has('hashing')) await hashing(work);
}

await main();
