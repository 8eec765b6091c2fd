// Prints, in one run: the cold build and push of the example Django project, the rerun for a
// commit already in the registry, and the rebuild after a change to app code only.
//   npx tsx bench/build-push-django-image.ts
// The ECR API is moto's, the registry a real one on loopback, the builds the real Docker Engine.
// "Cold" means nothing above the base image is cached and the registry holds no layer.
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { ensureDocker, startRegistry } from '@tandem/standins/docker';
import { EXAMPLE_DJANGO_DIR, ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { startMoto } from '@tandem/standins/moto';

const ACTION = 'build-push-django-image';

function sha(): string {
  return randomBytes(20).toString('hex');
}

function buildTime(run: BundleRun): string {
  return /<td>build time<\/td><td>([^<]*)<\/td>/.exec(run.summary)?.[1] ?? 'no build';
}

function buildSeconds(run: BundleRun): number | undefined {
  const text = buildTime(run);
  const match = /^(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?|^(\d+)ms/.exec(text);
  if (!match || text === 'no build') return undefined;
  if (match[3]) return Number(match[3]) / 1000;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

async function main(): Promise<void> {
  await ensureDocker();
  const [moto, registry, base] = await Promise.all([startMoto(), startRegistry(), ensureDjangoBaseImage()]);
  try {
    const nonce = randomBytes(4).toString('hex');
    const workspace = await benchWorkspace();
    // A requirements.txt never seen before: every layer above the base image is built afresh.
    await appendFile(join(workspace, 'requirements.txt'), `# bench ${nonce}\n`);
    const deploy = (commit: string) =>
      runBundle(ACTION, {
        workspace,
        sha: commit,
        inputs: { repository: `bench-shop-${nonce}`, registry: registry.address, 'build-args': `BASE_IMAGE=${base}\nINSTALL_REQUIREMENTS=false` },
        env: { AWS_ENDPOINT_URL: moto.endpoint },
        timeoutMs: 600_000,
      });
    const check = (name: string, run: BundleRun, built: string) => {
      if (run.code !== 0 || run.outputs.built !== built) {
        throw new Error(`${name}: exit ${run.code}, built=${run.outputs.built}\n${run.errors.join('\n')}\n${run.stdout.slice(-3000)}`);
      }
    };

    const first = sha();
    const cold = await deploy(first);
    check('cold', cold, 'true');
    const rerun = await deploy(first);
    check('rerun', rerun, 'false');
    await appendFile(join(workspace, 'catalog', 'views.py'), `\n# changed by the benchmark ${nonce}\n`);
    const changed = await deploy(sha());
    check('app change', changed, 'true');

    const seconds = (run: BundleRun) => (run.durationMs / 1000).toFixed(2);
    const coldBuild = buildSeconds(cold) ?? NaN;
    const changedBuild = buildSeconds(changed) ?? NaN;
    console.log('build-push-django-image (example Django project, local base image, registry and moto on loopback)');
    console.log(`| run | whole step | build | built | goal |`);
    console.log(`|---|---|---|---|---|`);
    console.log(`| cold build, checks and push | ${seconds(cold)} s | ${buildTime(cold)} | ${cold.outputs.built} | |`);
    console.log(`| rerun, same commit | ${seconds(rerun)} s | ${buildTime(rerun)} | ${rerun.outputs.built} | < 3 s, no build |`);
    console.log(`| app-code-only change | ${seconds(changed)} s | ${buildTime(changed)} | ${changed.outputs.built} | < 0.3x cold |`);
    console.log(`app change / cold, whole step: ${(changed.durationMs / cold.durationMs).toFixed(2)}x; build alone: ${(changedBuild / coldBuild).toFixed(2)}x`);
    console.log(`same digest on rerun: ${rerun.outputs.digest === cold.outputs.digest}`);
  } finally {
    await Promise.all([moto.stop(), registry.stop()]);
  }
}

await main();

/** A copy of the example project to build, without what a local run left in it. */
async function benchWorkspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-django-'));
  await cp(EXAMPLE_DJANGO_DIR, dir, { recursive: true, filter: (source) => !/__pycache__|staticfiles|db\.sqlite3/.test(source) });
  return dir;
}
