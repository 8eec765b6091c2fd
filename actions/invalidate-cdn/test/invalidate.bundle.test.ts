import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CloudFrontClient, GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { makeClient } from '@tandem/kit';
import { startFakeCloudFront, type FakeCloudFront } from '../../../packages/cdn/test/fake-cloudfront.js';
import { startCompanyProxy } from '@tandem/standins/company-proxy';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { createDistribution } from '@tandem/standins/resources';

let cloudfront: CloudFrontClient;
let distributionId: string;
const moto = useMoto();
beforeAll(() => {
  cloudfront = makeClient(CloudFrontClient, { region: 'us-east-1', maxAttempts: 2 }, 'invalidate-cdn-test');
});
beforeEach(async () => {
  distributionId = await createDistribution(cloudfront);
});

const invalidate = (inputs: Record<string, string>, endpoint = moto.endpoint) =>
  runBundle('invalidate-cdn', { inputs: { 'distribution-id': distributionId, ...inputs }, env: { AWS_ENDPOINT_URL: endpoint } });

async function invalidationsOf(id = distributionId) {
  const { InvalidationList: list } = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: id }));
  return Promise.all(
    (list?.Items ?? []).map(async (item) => (await cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: item.Id }))).Invalidation),
  );
}

test('changed keys in, one invalidation created and waited for, outputs and summary written', async () => {
  const run = await invalidate({ 'changed-keys': JSON.stringify(['index.html', 'about/index.html', 'a b+c.js']) });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const [stored] = await invalidationsOf();
  expect(stored?.InvalidationBatch?.Paths?.Items).toEqual(['/', '/a%20b%2Bc.js', '/about/', '/about/index.html', '/index.html']);
  expect(stored?.InvalidationBatch?.CallerReference).toMatch(/^tandem-1001-1-[0-9a-f]{8}-[0-9a-f]{16}$/);
  expect(run.outputs).toEqual({ 'invalidation-id': stored?.Id, paths: JSON.stringify(stored?.InvalidationBatch?.Paths?.Items), status: 'completed' });
  expect(run.stdout).toContain(`Invalidation ${stored?.Id} completed after`);
  expect(run.summary).toContain('<b>completed</b>');
  expect(run.summary).toContain('<td><code>/a%20b%2Bc.js</code></td><td>file</td><td>1</td>');
});

test('behind a company proxy (HTTP_PROXY; moto answers on http://), the invalidation is created and waited for through it', async () => {
  const proxy = await startCompanyProxy();
  try {
    const run = await runBundle('invalidate-cdn', {
      inputs: { 'distribution-id': distributionId, 'changed-keys': JSON.stringify(['index.html']) },
      env: { AWS_ENDPOINT_URL: moto.endpoint, HTTP_PROXY: proxy.url },
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs.status).toBe('completed');
    const through = (await proxy.requests()).filter((line) => line.includes(`/distribution/${distributionId}/invalidation`));
    expect(through.filter((line) => line.startsWith('POST '))).toHaveLength(1);
    expect(through.some((line) => line.startsWith('GET '))).toBe(true);
  } finally {
    await proxy.stop();
  }
}, 60_000);

test('nothing changed: no invalidation, a clear line, outputs still set', async () => {
  const run = await invalidate({ 'changed-keys': '[]' });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`Nothing changed that ${distributionId} serves: no invalidation created`);
  expect(run.outputs).toEqual({ 'invalidation-id': '', paths: '[]', status: 'skipped' });
  expect(await invalidationsOf()).toEqual([]);
});

test('bad input fails before any AWS call, naming the input', async () => {
  const run = await invalidate({ 'distribution-id': 'd111111abcdef8.cloudfront.net', 'changed-keys': '["a"]' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    "invalidate-cdn: Input 'distribution-id': 'd111111abcdef8.cloudfront.net' is the distribution's domain name: give its id, such as E2QWRUHAPOMQZL (CloudFront console, or aws cloudfront list-distributions)",
  ]);
  expect(run.outputs).toEqual({});
});

test('a distribution that does not exist fails naming the input', async () => {
  const run = await invalidate({ 'distribution-id': 'E0000000000000', paths: '/a' });
  expect(run.code).toBe(1);
  expect(run.errors[0]).toContain("invalidate-cdn: Input 'distribution-id': no CloudFront distribution 'E0000000000000'");
});

describe('against a CloudFront endpoint that answers as the API reference documents', () => {
  let fake: FakeCloudFront;
  beforeEach(async () => {
    fake = await startFakeCloudFront();
  });
  afterEach(() => fake.stop());

  test('a never-completing invalidation fails at wait-timeout naming the invalidation, outputs set', async () => {
    fake.completeAfterPolls = Infinity;
    const run = await invalidate({ 'distribution-id': fake.distributionId, paths: '/index.html', 'wait-timeout': '2s' }, fake.endpoint);
    const [created] = fake.invalidations;
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    // The elapsed time is measured: 2s, or more on a loaded machine, never less than wait-timeout.
    const elapsed = Number(/still in progress after (\d+(?:\.\d)?)s/.exec(run.errors[0])?.[1]);
    expect(elapsed).toBeGreaterThanOrEqual(2);
    expect(elapsed * 1000).toBeLessThanOrEqual(run.durationMs);
    expect(run.errors[0].replace(/after \d+(\.\d)?s/, 'after 2.Ns')).toBe(
      `invalidate-cdn failed: InvalidationTimeout: invalidation ${created.id} on E2QWRUHAPOMQZL still in progress after 2.Ns (wait-timeout). It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id E2QWRUHAPOMQZL --id ${created.id}`,
    );
    expect(run.outputs).toEqual({ 'invalidation-id': created.id, paths: '["/index.html"]', status: 'in-progress' });
    expect(run.summary).toContain('still in progress when the wait ran out');
  });

  test('cancelled during the wait (SIGINT): ends promptly, naming the invalidation that goes on', async () => {
    fake.completeAfterPolls = Infinity;
    const run = await runBundle('invalidate-cdn', {
      inputs: { 'distribution-id': fake.distributionId, paths: '/index.html' },
      env: { AWS_ENDPOINT_URL: fake.endpoint },
      signalAfter: { signal: 'SIGINT', ms: 4_000 },
    });
    const [created] = fake.invalidations;
    expect(run.code).toBe(1);
    // Polls are 15 s apart and wait-timeout is 30m: a step that ignored the signal would run on.
    expect(run.durationMs).toBeLessThan(10_000);
    expect(fake.calls.filter((call) => call === 'GetInvalidation').length).toBeGreaterThanOrEqual(1);
    expect(run.warnings).toEqual(['invalidate-cdn: received SIGINT, cancelling']);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      new RegExp(
        `^invalidate-cdn failed: WaitCancelled: cancelled by SIGINT while waiting for invalidation ${created.id} on E2QWRUHAPOMQZL \\(after \\d+(\\.\\d)?s\\)\\. ` +
          `It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id E2QWRUHAPOMQZL --id ${created.id}$`,
      ),
    );
    expect(run.outputs).toEqual({ 'invalidation-id': created.id, paths: '["/index.html"]', status: 'in-progress' });
    expect(created.status).toBe('InProgress');
  });

  test('throttling is absorbed by the retries; the invalidation is created once', async () => {
    fake.throttle(3);
    const run = await invalidate({ 'distribution-id': fake.distributionId, paths: '/index.html', wait: 'false' }, fake.endpoint);
    expect(run.code).toBe(0);
    expect(fake.invalidations).toHaveLength(1);
    expect(run.outputs.status).toBe('submitted');
    expect(fake.calls.filter((call) => call === 'CreateInvalidation').length).toBeGreaterThanOrEqual(1);
  });

  test('past the budget and the wildcard room: the files go at once, wildcards wait, split outputs', async () => {
    const other = fake.addInProgress(Array.from({ length: 15 }, (_, i) => `/w${i}/*`));
    // Another deploy's invalidation, read in progress before our files go and again after them,
    // completes on the third read: counted in polls, so a slow start cannot outrun it.
    other.pollsLeft = 2;
    const keys = ['index.html', ...Array.from({ length: 30 }, (_, i) => `blog/${i}.html`)];
    const run = await invalidate({ 'distribution-id': fake.distributionId, 'changed-keys': JSON.stringify(keys), 'max-paths': '5', wait: 'false' }, fake.endpoint);
    expect(run.code).toBe(0);
    const ours = fake.invalidations.filter((item) => item !== other).reverse();
    expect(ours.map((item) => item.paths)).toEqual([['/', '/index.html'], ['/blog/*']]);
    expect(run.outputs['invalidation-id']).toBe(ours.map((item) => item.id).join(','));
    expect(run.outputs.paths).toBe('["/","/blog/*","/index.html"]');
    expect(run.stdout).toContain('0 file paths and 15 wildcard paths in progress');
  }, 30_000);
});

describe('chained after build-and-sync-frontend', () => {
  const bucket = 'shop-site';

  async function writeSite(dir: string, files: Record<string, string>) {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
    }
  }

  test("its changed-keys output becomes exactly the paths that changed", async () => {
    const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 2 }, 'test');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const workspace = await mkdtemp(join(tmpdir(), 'chained-'));
    const site = {
      'dist/index.html': '<html><script src="/assets/app-Bpcrg61J.js"></script></html>',
      'dist/about/index.html': '<html>about</html>',
      'dist/assets/app-Bpcrg61J.js': 'console.log(1)',
      'dist/robots.txt': 'User-agent: *',
    };
    await writeSite(workspace, site);
    const sync = (release: string) =>
      runBundle('build-and-sync-frontend', {
        workspace,
        inputs: { bucket, prefix: 'site', 'source-dir': 'dist', 'build-command': 'none', 'release-id': release },
        env: { AWS_ENDPOINT_URL: moto.endpoint },
      });
    const first = await sync('r1');
    expect(first.code).toBe(0);
    await writeSite(workspace, { 'dist/about/index.html': '<html>about us</html>', 'dist/assets/app-Xy7Kq2Lm.js': 'console.log(2)', 'dist/index.html': '<html><script src="/assets/app-Xy7Kq2Lm.js"></script></html>' });
    const second = await sync('r2');
    expect(second.code).toBe(0);
    const changed = JSON.parse(second.outputs['changed-keys']) as string[];
    // A new asset cannot be stale in any cache; the two pages whose content changed can.
    expect([...changed].sort()).toEqual(['site/about/index.html', 'site/index.html']);

    const run = await invalidate({ 'changed-keys': second.outputs['changed-keys'], prefix: 'site' });
    expect(run.code).toBe(0);
    const [stored] = await invalidationsOf();
    expect(stored?.InvalidationBatch?.Paths?.Items).toEqual(['/', '/about/', '/about/index.html', '/index.html']);
    expect(run.outputs).toEqual({ 'invalidation-id': stored?.Id, paths: '["/","/about/","/about/index.html","/index.html"]', status: 'completed' });
    expect(run.stdout).toContain('2 changed key(s), 0 explicit path(s) -> 4 file path(s) and 0 wildcard path(s) (budget 100)');
  }, 120_000);

  // A documentation site whose every page changes with its shared stylesheet: given inline, the
  // 1,600 keys would be an input of 70 KB, and past 128 KiB the runner could not start the step.
  test('a changed-keys list too long for an input goes through a file on the runner', async () => {
    const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 2 }, 'test');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const workspace = await mkdtemp(join(tmpdir(), 'chained-'));
    const pages = Array.from({ length: 1600 }, (_, i) => `docs/section-${String(i % 16).padStart(2, '0')}/page-${String(i).padStart(4, '0')}/index.html`);
    await writeSite(workspace, { 'dist/index.html': '<html>home</html>', ...Object.fromEntries(pages.map((page) => [`dist/${page}`, `<html>${page}</html>`])) });
    const sync = await runBundle('build-and-sync-frontend', {
      workspace,
      inputs: { bucket, prefix: 'site', 'source-dir': 'dist', 'build-command': 'none', 'release-id': 'r1' },
      env: { AWS_ENDPOINT_URL: moto.endpoint },
    });
    expect(sync.code).toBe(0);
    const output = sync.outputs['changed-keys'];
    expect(output.length).toBeLessThan(1000);
    const listed = JSON.parse(output) as { file: string; count: number };
    expect(listed.count).toBe(1601);
    const keys = JSON.parse(await readFile(listed.file, 'utf8')) as string[];
    expect(Buffer.byteLength(JSON.stringify(keys))).toBeGreaterThan(64 * 1024);
    expect([...keys].sort()).toEqual(['site/index.html', ...pages.map((page) => `site/${page}`)].sort());

    const run = await invalidate({ 'changed-keys': output, prefix: 'site' });
    expect(run.code).toBe(0);
    // Past the budget of 100 paths, and of 15 wildcards for the 16 sections, one wildcard covers every page.
    const [stored] = await invalidationsOf();
    expect(stored?.InvalidationBatch?.Paths?.Items).toEqual(['/', '/docs/*', '/index.html']);
    expect(run.stdout).toContain('1601 changed key(s), 0 explicit path(s)');

    // In another job the file is not there: the step fails naming the input, and creates nothing.
    const elsewhere = await invalidate({ 'changed-keys': JSON.stringify({ ...listed, file: join(workspace, 'gone.json') }), prefix: 'site' });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.errors).toEqual([`invalidate-cdn: Input 'changed-keys': names a list of 1601 items in ${join(workspace, 'gone.json')}, which is not on this runner: the step that wrote it ran in another job. Run this step in the same job, after it`]);
    expect(await invalidationsOf()).toHaveLength(1);
  }, 180_000);
});
