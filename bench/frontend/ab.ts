// Two or more bundles of build-and-sync-frontend side by side with the floor: the 2,058-file
// redeploy of the bench's site (one page changed), each bundle and the floor in turn on one moto
// server, the order rotated every round, BENCH_RUNS rounds (15); prints each one's median, its
// ratio to the floor's and every round. A change's effect on the redeploy is a few tens of
// milliseconds, less than what a load average of 2 moves one run: only runs interleaved like
// these can show it.
// Run: BENCH_AB=HEAD~1,worktree npx tsx bench/frontend/ab.ts (a git revision's committed bundle,
// or `worktree` for dist/ as it is now; npm run package first). BENCH_SITE=large: the 20,416-file site.
// BENCH_DEPLOY=first: first deploys instead, each into a new bucket; BENCH_WITH=aws,rclone adds
// `aws s3 sync --delete` and `rclone sync --checksum` to the rounds.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startMoto } from '@tandem/standins/moto';
import { REPO_ROOT } from '@tandem/standins/harness';
import { actionSync, awsConfig, cliSync, floorSync, rcloneSync } from './tools.js';
import { LARGE, REALISTIC, siteFiles, writeSite } from './site.js';

const ACTION = 'build-and-sync-frontend';
const ROUNDS = Number(process.env.BENCH_RUNS ?? 15);
const CHANGED = 'docs/section-7/page-7/index.html';
const wanted = (process.env.BENCH_AB ?? 'HEAD,worktree').split(',').filter(Boolean);
const SHAPE = process.env.BENCH_SITE === 'large' ? LARGE : REALISTIC;
const FIRST = process.env.BENCH_DEPLOY === 'first';
const WITH = (process.env.BENCH_WITH ?? '').split(',').filter(Boolean);

const work = await mkdtemp(join(tmpdir(), 'bench-ab-'));
/** A folder holding the revision's action.yml and bundle at the paths action.yml names. */
function checkout(revision: string, index: number): string {
  const dir = join(work, `bundle-${index}`);
  mkdirSync(dir, { recursive: true });
  const paths = [`actions/${ACTION}/action.yml`, `dist/${ACTION}`];
  if (revision === 'worktree') for (const path of paths) cpSync(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  else execFileSync('sh', ['-c', `git -C "$0" archive "$1" "$2" "$3" | tar -x -C "$4"`, REPO_ROOT, revision, ...paths, dir]);
  return join(dir, 'actions', ACTION);
}

const moto = await startMoto();
try {
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const builds = [join(work, 'a'), join(work, 'b')];
  const { count } = await writeSite(builds[0], siteFiles(SHAPE));
  await writeSite(builds[1], siteFiles(SHAPE, new Set([CHANGED])));
  const config = await awsConfig(work, 16);
  // A redeploy goes to the tool's one bucket; a first deploy to a new bucket every round.
  const target = async (bucket: string, round: number) => {
    if (!FIRST) return bucket;
    await s3.send(new CreateBucketCommand({ Bucket: `${bucket}-${round}` }));
    return `${bucket}-${round}`;
  };
  type Run = (build: string, round: number) => Promise<number>;
  const bundle = (action: string, bucket: string): Run => async (build, round) => (await actionSync(moto.endpoint, await target(bucket, round), build, `r${round}`, 16, action)).seconds;
  const others: Record<string, Run> = {
    aws: async (build, round) => (await cliSync(moto.endpoint, await target('ab-aws', round), build, config)).seconds,
    rclone: async (build, round) => (await rcloneSync(moto.endpoint, await target('ab-rclone', round), build, 16)).seconds,
  };
  const tools: { name: string; bucket: string; run: Run }[] = [
    ...wanted.map((revision, i) => ({ name: revision, bucket: `ab-${i}`, run: bundle(checkout(revision, i), `ab-${i}`) })),
    ...WITH.map((name) => {
      const run = others[name];
      if (!run) throw new Error(`BENCH_WITH: '${name}' is neither aws nor rclone`);
      return { name: name === 'aws' ? 'aws s3 sync' : name, bucket: `ab-${name}`, run };
    }),
    { name: 'floor', bucket: 'ab-floor', run: async (build, round) => (await floorSync(moto.endpoint, await target('ab-floor', round), build, 16)).seconds },
  ];
  if (!FIRST) {
    for (const tool of tools) {
      await s3.send(new CreateBucketCommand({ Bucket: tool.bucket }));
      await tool.run(builds[0], 0);
    }
  }
  const times = new Map(tools.map((tool) => [tool.name, [] as number[]]));
  const loads: string[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (let i = 0; i < tools.length; i += 1) {
      const tool = tools[(i + round) % tools.length];
      times.get(tool.name)?.push(await tool.run(FIRST ? builds[0] : builds[round % 2], round));
    }
    loads.push(loadavg()[0].toFixed(1));
    // Each first deploy leaves its site in moto, which a later listing would sort and hold.
    if (FIRST) await moto.reset();
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const floor = median(times.get('floor') ?? []);
  const run = FIRST ? 'first deploy' : 'redeploy, one page changed';
  console.log(`${count.toLocaleString('en-US')}-file ${run}, median of ${ROUNDS} rounds (load average after each: ${loads.join(', ')})`);
  const against = WITH.map((name) => (name === 'aws' ? 'aws s3 sync' : name));
  console.log(`| tool | median | / floor |${against.map((name) => ` / ${name} |`).join('')} every round, s |\n|---|---|---|${against.map(() => '---|').join('')}---|`);
  for (const [name, values] of times) {
    const ratios = against.map((other) => ` ${(median(values) / median(times.get(other) ?? [])).toFixed(2)}x |`).join('');
    console.log(`| ${name} | ${median(values).toFixed(3)} s | ${(median(values) / floor).toFixed(2)}x |${ratios} ${values.map((value) => value.toFixed(2)).join(' ')} |`);
  }
  s3.destroy();
} finally {
  await moto.stop();
}
