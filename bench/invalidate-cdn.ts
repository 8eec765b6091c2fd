// Benchmark for invalidate-cdn: what the planner sends and what it throws away, against the
// usual `/*`; the planner's time and memory on 100,000 changed keys; and the action's bundle
// against moto next to `aws cloudfront create-invalidation` (Debian's awscli).
// Run: npx tsx bench/invalidate-cdn.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { covers, encodePath, immutableMatcher, isWildcard, planInvalidation, viewerPaths } from '@tandem/cdn';
import { makeClient } from '@tandem/kit';
import { runBundle } from '@tandem/standins/harness';
import { startMoto } from '@tandem/standins/moto';
import { createDistribution } from '@tandem/standins/resources';

process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
process.env.AWS_REGION = 'us-east-1';

/** A React site: pages in sections, hashed chunks and images, a few entry points. */
function site(pages: number, chunks: number, images: number): string[] {
  const keys = ['index.html', 'sw.js', 'manifest.webmanifest', 'robots.txt'];
  for (let i = 0; i < pages; i += 1) keys.push(`docs/section-${i % 40}/page-${i}/index.html`);
  for (let i = 0; i < chunks; i += 1) keys.push(`assets/chunk${i}-${hash(i)}.js`);
  for (let i = 0; i < images; i += 1) keys.push(`images/gallery-${i % 20}/photo-${i}.jpg`);
  return keys;
}
function hash(i: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let text = '';
  for (let n = i * 7919 + 13; text.length < 7; n = Math.floor(n / 7) + n * 31) text += alphabet[n % alphabet.length];
  return `${text.slice(0, 6)}A1`.slice(0, 8).replace(/^(.)/, 'Q');
}

/** Cached objects a plan removes: every viewer path of the site that a submitted path matches. */
function thrownAway(siteKeys: string[], paths: string[]): number {
  const wildcards = paths.filter(isWildcard);
  const files = new Set(paths.filter((path) => !isWildcard(path)));
  let count = 0;
  for (const key of siteKeys) {
    for (const path of viewerPaths(key).map(encodePath)) if (files.has(path) || wildcards.some((wildcard) => covers(wildcard, path))) count += 1;
  }
  return count;
}

function scenario(name: string, siteKeys: string[], changed: string[], maxPaths: number, skip = false) {
  const started = performance.now();
  const plan = planInvalidation({ keys: changed, paths: [], prefix: '', indexDocument: 'index.html', maxPaths, immutable: skip ? immutableMatcher([]) : undefined });
  const ms = performance.now() - started;
  const cached = siteKeys.flatMap((key) => viewerPaths(key)).length;
  console.log(
    `${name}: ${changed.length} changed keys -> ${plan.paths.length} paths (${plan.files} files, ${plan.wildcards} wildcards), ` +
      `${thrownAway(siteKeys, plan.paths)} of ${cached} cached paths invalidated (\`/*\`: all ${cached}), planned in ${ms.toFixed(1)} ms`,
  );
}

console.log('== planner: what is sent and what is thrown away');
const keys = site(1200, 700, 96);
scenario('one page and the entry points changed', keys, ['index.html', 'sw.js', 'docs/section-3/page-123/index.html', `assets/chunk5-${hash(5)}.js`], 100);
scenario('same, skip-immutable', keys, ['index.html', 'sw.js', 'docs/section-3/page-123/index.html', `assets/chunk5-${hash(5)}.js`], 100, true);
const section = keys.filter((key) => key.startsWith('docs/section-7/'));
scenario('one docs section rebuilt (30 pages) plus 40 scattered pages', keys, [...section, ...keys.filter((key) => key.startsWith('docs/')).filter((_, i) => i % 30 === 0)], 50);
scenario('every page changed (a layout change), budget 100', keys, keys.filter((key) => key.endsWith('.html')), 100);

console.log('\n== planner at scale: 100,000 changed keys, budget 100');
const big = Array.from({ length: 100_000 }, (_, i) => `docs/s${i % 50}/t${i % 500}/p${i}/index.html`);
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const plan = planInvalidation({ keys: big, paths: [], prefix: '', indexDocument: 'index.html', maxPaths: 100 });
const t1 = performance.now();
console.log(`planned in ${(t1 - t0).toFixed(0)} ms: ${plan.paths.length} paths (${plan.files} files, ${plan.wildcards} wildcards): ${plan.paths.slice(0, 3).join(' ')} ...`);
console.log(`heap growth ${((process.memoryUsage().heapUsed - before) / 1048576).toFixed(1)} MiB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

console.log('\n== against moto: the bundle vs aws cloudfront create-invalidation');
const moto = await startMoto();
try {
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  const client = makeClient(CloudFrontClient, { region: 'us-east-1', maxAttempts: 2 }, 'bench');
  const distributionId = await createDistribution(client);
  const changed = ['index.html', 'docs/section-1/page-1/index.html', 'menü card.html', '~user/a+b.html', ...Array.from({ length: 46 }, (_, i) => `docs/p${i}.html`)];
  const bundle = await runBundle('invalidate-cdn', { inputs: { 'distribution-id': distributionId, 'changed-keys': JSON.stringify(changed) }, env: { AWS_ENDPOINT_URL: moto.endpoint } });
  console.log(`invalidate-cdn bundle (plan, in-flight check, create, wait): exit ${bundle.code}, ${bundle.durationMs} ms, ${JSON.parse(bundle.outputs.paths ?? '[]').length} paths, status ${bundle.outputs.status}`);
  const haveCli = spawnSync('aws', ['--version']).status === 0;
  if (haveCli) {
    const rawPaths = changed.map((key) => `/${key}`);
    const started = Date.now();
    execFileSync('aws', ['cloudfront', 'create-invalidation', '--endpoint-url', moto.endpoint, '--distribution-id', distributionId, '--paths', ...rawPaths], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null' } });
    console.log(`aws cloudfront create-invalidation (create only, ${rawPaths.length} paths as given: no index forms, no encoding, no wait): ${Date.now() - started} ms`);
  } else {
    console.log('aws CLI not installed: skipped');
  }
} finally {
  await moto.stop();
}
