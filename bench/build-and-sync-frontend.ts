// Benchmark for build-and-sync-frontend against `aws s3 sync --delete` (Debian's awscli), both
// on one moto server, in one run: a first deploy of a generated React site (>= 2,000 files, tens
// of MB), then a redeploy after a fresh build (every mtime new) with one file changed. The action
// runs as its bundle, the way the runner runs it. Then the planner alone on 100,000 files.
// Run: npx tsx bench/build-and-sync-frontend.ts
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { runBundle } from '@tandem/standins/harness';
import { startMoto, type Moto } from '@tandem/standins/moto';
import { REALISTIC, siteFiles, writeSite } from './frontend/site.js';

const AWS = '/usr/bin/aws';
const CHANGED = 'docs/section-7/page-7/index.html';

interface Measure {
  seconds: number;
  uploaded: number;
}

async function actionDeploy(moto: Moto, dir: string, release: string): Promise<Measure> {
  const started = performance.now();
  const run = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: 'bench-action', 'source-dir': dir, 'build-command': 'none', 'release-id': release, concurrency: process.env.BENCH_CONCURRENCY ?? '16' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
    timeoutMs: 600_000,
  });
  const seconds = (performance.now() - started) / 1000;
  const steps = run.stdout.split('\n').filter((line) => /^(Read the bucket|Hashed|Planned|Published)/.test(line));
  for (const line of steps) console.log(`  [action ${release}] ${line}`);
  if (run.code !== 0) throw new Error(`the action failed: ${run.errors.join('; ')}\n${run.stdout.slice(-2000)}`);
  return { seconds, uploaded: Number(run.outputs.uploaded) };
}

async function cliSync(moto: Moto, dir: string, config: string): Promise<Measure> {
  const started = performance.now();
  const child = spawn(AWS, ['s3', 'sync', dir, 's3://bench-cli/', '--delete', '--no-progress', '--endpoint-url', moto.endpoint], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`aws s3 sync failed (${code}): ${stderr.slice(-1000)}`);
  return { seconds, uploaded: stdout.split('\n').filter((line) => line.startsWith('upload:')).length };
}

function row(name: string, action: Measure, cli: Measure): string {
  const ratio = action.seconds / cli.seconds;
  return `${name.padEnd(34)} action ${action.seconds.toFixed(2).padStart(7)} s, ${String(action.uploaded).padStart(5)} uploaded | aws s3 sync ${cli.seconds.toFixed(2).padStart(7)} s, ${String(cli.uploaded).padStart(5)} uploaded | time ratio ${ratio.toFixed(3)}x`;
}

async function main(): Promise<void> {
  if (spawnSync(AWS, ['--version']).status !== 0) throw new Error(`${AWS} is not installed (apt-get install awscli)`);
  const work = await mkdtemp(join(tmpdir(), 'bench-frontend-'));
  const config = join(work, 'aws-config');
  await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n');

  const firstBuild = join(work, 'build-1');
  const shape = await writeSite(firstBuild, siteFiles(REALISTIC));
  console.log(`site: ${shape.count} files, ${(shape.bytes / 1024 / 1024).toFixed(1)} MiB (load average ${loadavg()[0].toFixed(1)} on this machine)`);

  const moto = await startMoto();
  try {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const bucket of ['bench-action', 'bench-cli']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    const firstAction = await actionDeploy(moto, firstBuild, 'r1');
    const firstCli = await cliSync(moto, firstBuild, config);

    // A fresh CI build: a new checkout writes every file again (new mtimes), one page changed.
    const secondBuild = join(work, 'build-2');
    await writeSite(secondBuild, siteFiles(REALISTIC, new Set([CHANGED])));
    const againAction = await actionDeploy(moto, secondBuild, 'r2');
    const againCli = await cliSync(moto, secondBuild, config);

    console.log(row('first deploy', firstAction, firstCli));
    console.log(row('redeploy, fresh build, 1 changed', againAction, againCli));
    console.log(`redeploy uploads exactly the changed file: ${againAction.uploaded === 1 ? 'yes' : 'NO'} (action ${againAction.uploaded}, aws s3 sync ${againCli.uploaded})`);
  } finally {
    await moto.stop();
  }

  const planner = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'frontend/planner.ts'), '100000'], { encoding: 'utf8' });
  if (planner.status !== 0) throw new Error(`planner benchmark failed: ${planner.stderr}`);
  const figures = JSON.parse(planner.stdout.trim().split('\n').pop() ?? '{}');
  console.log(
    `planner, 100,000 files: headers for every file ${figures.headersMs} ms, listing completed from the release record + plan ${figures.planMs} ms ` +
      `(${figures.heads} HeadObject, ${figures.uploads} uploads, ${figures.unchanged} unchanged), peak RSS ${figures.peakRssMb} MB (goal < 512 MB)`,
  );
}

await main();
