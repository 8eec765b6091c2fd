import { CloudFrontClient, CreateDistributionCommand, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:http';
import { launchBrowser, failedRequests, type ShopBrowser } from '@tandem/standins/browser';
import { CACHING_OPTIMIZED, startEdge, type Edge } from '@tandem/standins/edge';
import { useMoto } from '@tandem/standins/use-moto';
import { freePort } from '@tandem/standins/ports';

// The edge stand-in against moto: caching by Cache-Control, the default root object, the /api/*
// behaviour, invalidations applied as CloudFront matches them; and Debian's Chromium loading a
// page with a lazy chunk through it.
let s3: S3Client;
let cloudfront: CloudFrontClient;
let distributionId: string;
let api: Server;
let apiPort: number;
let edge: Edge;
let browser: ShopBrowser | undefined;
const bucket = 'edge-site';
const HOUR = { minTtl: 3600, defaultTtl: 86_400, maxTtl: 31_536_000 };

const moto = useMoto({ endpoint: false, reset: 'file' });
beforeAll(async () => {
  const settings = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  s3 = new S3Client({ ...settings, forcePathStyle: true });
  cloudfront = new CloudFrontClient(settings);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const created = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: 'edge-test',
        Comment: '',
        Enabled: true,
        DefaultRootObject: 'index.html',
        Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: `${bucket}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
        DefaultCacheBehavior: { TargetOriginId: 'site', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
    }),
  );
  distributionId = created.Distribution?.Id ?? '';
  apiPort = await freePort();
  api = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ url: request.url, proto: request.headers['x-forwarded-proto'] ?? null, served: Date.now() }));
  });
  await new Promise<void>((resolve) => api.listen(apiPort, '127.0.0.1', resolve));
  edge = await startEdge({ motoEndpoint: moto.endpoint, bucket, distributionId, apiPort, cachePolicy: HOUR });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await edge?.stop();
  await new Promise((resolve) => api?.close(resolve));
});

const put = (key: string, body: string, cacheControl?: string, contentType = 'text/html; charset=utf-8') =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }));
const get = async (base: string, path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, cache: response.headers.get('x-cache'), cacheControl: response.headers.get('cache-control'), body: await response.text() };
};
let batch = 0;
const invalidate = async (target: Edge, ...paths: string[]) => {
  await cloudfront.send(new CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: { CallerReference: `edge-test-${++batch}`, Paths: { Quantity: paths.length, Items: paths } } }));
  await target.caughtUp();
};

test('a no-cache page is kept for the minimum TTL, then an invalidation of /index.html refreshes /index.html but not /', async () => {
  await put('index.html', 'release one', 'no-cache');
  expect(await get(edge.url, '/')).toEqual({ status: 200, cache: 'Miss from cloudfront', cacheControl: 'no-cache', body: 'release one' });
  expect(await get(edge.url, '/')).toMatchObject({ cache: 'Hit from cloudfront', body: 'release one' });
  expect(await get(edge.url, '/index.html')).toMatchObject({ cache: 'Miss from cloudfront', body: 'release one' });
  await put('index.html', 'release two', 'no-cache');
  expect((await get(edge.url, '/')).body).toBe('release one');
  await invalidate(edge, '/index.html');
  expect((await get(edge.url, '/index.html')).body).toBe('release two');
  expect((await get(edge.url, '/')).body).toBe('release one');
  await invalidate(edge, '/');
  expect(await get(edge.url, '/')).toMatchObject({ cache: 'Miss from cloudfront', body: 'release two' });
});

test('a wildcard invalidates its prefix only; query strings are not part of the cache key', async () => {
  await put('assets/a.js', 'a1', 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8');
  await put('other/b.js', 'b1', undefined, 'text/javascript; charset=utf-8');
  expect((await get(edge.url, '/assets/a.js')).body).toBe('a1');
  expect((await get(edge.url, '/other/b.js?v=1')).body).toBe('b1');
  await put('assets/a.js', 'a2', 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8');
  await put('other/b.js', 'b2', undefined, 'text/javascript; charset=utf-8');
  expect(await get(edge.url, '/other/b.js?v=2')).toMatchObject({ cache: 'Hit from cloudfront', body: 'b1' });
  await invalidate(edge, '/assets/*');
  expect((await get(edge.url, '/assets/a.js')).body).toBe('a2');
  expect((await get(edge.url, '/other/b.js')).body).toBe('b1');
  await invalidate(edge, '/*');
  expect((await get(edge.url, '/other/b.js')).body).toBe('b2');
});

test('a missing object is a 404 kept 10 s, as CloudFront caches errors', async () => {
  expect(await get(edge.url, '/late.js')).toMatchObject({ status: 404, cache: 'Miss from cloudfront' });
  await put('late.js', 'here now', 'no-cache', 'text/javascript');
  expect(await get(edge.url, '/late.js')).toMatchObject({ status: 404, cache: 'Hit from cloudfront' });
});

test('under CachingOptimized (minimum TTL 1 s) a no-cache page refreshes itself after a second, with no invalidation', async () => {
  const optimized = await startEdge({ motoEndpoint: moto.endpoint, bucket, distributionId, apiPort, cachePolicy: CACHING_OPTIMIZED });
  try {
    await put('sw.js', 'one', 'no-cache', 'text/javascript');
    expect((await get(optimized.url, '/sw.js')).body).toBe('one');
    await put('sw.js', 'two', 'no-cache', 'text/javascript');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await get(optimized.url, '/sw.js')).toMatchObject({ cache: 'Miss from cloudfront', body: 'two' });
    expect(optimized.applied()).toEqual([]);
  } finally {
    await optimized.stop();
  }
});

test('/api/* goes to the back end, never cached, with its query string and X-Forwarded-Proto https', async () => {
  const first = JSON.parse((await get(edge.url, '/api/products/?page=2')).body) as { url: string; proto: string; served: number };
  expect(first).toMatchObject({ url: '/api/products/?page=2', proto: 'https' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = JSON.parse((await get(edge.url, '/api/products/?page=2')).body) as { served: number };
  expect(second.served).toBeGreaterThan(first.served);
});

test('an edge told to leave a path out of invalidations keeps serving the old object there', async () => {
  const leaky = await startEdge({ motoEndpoint: moto.endpoint, bucket, distributionId, apiPort, cachePolicy: HOUR, leaveOut: ['/robots.txt'] });
  try {
    await put('robots.txt', 'old', 'no-cache', 'text/plain');
    expect((await get(leaky.url, '/robots.txt')).body).toBe('old');
    await put('robots.txt', 'new', 'no-cache', 'text/plain');
    await invalidate(leaky, '/robots.txt');
    expect((await get(leaky.url, '/robots.txt')).body).toBe('old');
    expect((await get(edge.url, '/robots.txt')).body).toBe('new');
  } finally {
    await leaky.stop();
  }
});

test("Debian's Chromium loads a page through the edge whose module imports a lazy chunk, and renders it", async () => {
  await put('app/index.html', '<!doctype html><title>t</title><script type="module" src="/app/main.js"></script><p id="out">waiting</p>', 'no-cache');
  await put('app/main.js', "const { text } = await import('./lazy.js'); document.getElementById('out').textContent = text;", 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8');
  await put('app/lazy.js', "export const text = 'rendered by the lazy chunk';", 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8');
  browser = await launchBrowser();
  expect(browser.version).toMatch(/^\d+\./);
  const visitor = await browser.visitor();
  const tab = await visitor.open(`${edge.url}/app/index.html`);
  await tab.page.locator('#out', { hasText: 'rendered by the lazy chunk' }).waitFor({ timeout: 20_000 });
  expect(tab.network.map((entry) => [new URL(entry.url).pathname, entry.status])).toEqual(
    expect.arrayContaining([['/app/index.html', 200], ['/app/main.js', 200], ['/app/lazy.js', 200]]),
  );
  expect(failedRequests(tab.network)).toEqual([]);
  await visitor.close();
}, 180_000);
