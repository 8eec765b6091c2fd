import type { S3Client } from '@aws-sdk/client-s3';
import { startCompanyProxy, type CompanyProxy } from '@tandem/standins/company-proxy';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { freePort } from '@tandem/standins/ports';
import { startTlsFront } from '@tandem/standins/tls-front';
import { useMoto } from '@tandem/standins/use-moto';
import { BASIC_SITE, createBucket, makeSite, s3Client, served, snapshot } from '../site.js';

// A self-hosted runner in a company network reaches AWS only through its proxy (Squid here),
// named in HTTP(S)_PROXY as the AWS CLI and curl read it; NO_PROXY names what goes direct.
const ACTION = 'build-and-sync-frontend';
let proxy: CompanyProxy;
let s3: S3Client;
let site: string;

const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  proxy = await startCompanyProxy();
  s3 = s3Client();
  site = await makeSite(BASIC_SITE);
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
});

function sync(bucket: string, env: Record<string, string>, inputs: Record<string, string> = {}): Promise<BundleRun> {
  return runBundle(ACTION, {
    inputs: { bucket, 'build-command': 'none', 'source-dir': site, 'release-id': 'r1', ...inputs },
    // moto answers on http://, so HTTP_PROXY is the variable Node reads for it (HTTPS_PROXY for AWS's https:// endpoints).
    env: { AWS_ENDPOINT_URL: moto.endpoint, ...env },
  });
}

/** The requests the proxy forwarded to moto for this bucket since `before`. */
async function forwarded(bucket: string, before: number): Promise<string[]> {
  const host = moto.endpoint.replace('http://', '');
  return (await proxy.requests()).slice(before).filter((line) => line.includes(`http://${host}/${bucket}`));
}

test('every call goes through the proxy HTTP_PROXY names, and the site is served as without one', async () => {
  await createBucket(s3, 'shop-site');
  const before = (await proxy.requests()).length;
  const run = await sync('shop-site', { HTTP_PROXY: proxy.url });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const through = await forwarded('shop-site', before);
  const uploads = through.filter((line) => line.startsWith('PUT '));
  // Each file of the site, and the release record, was put through the proxy.
  for (const key of Object.keys(BASIC_SITE)) expect(uploads.some((line) => line.includes(`/shop-site/${key}`))).toBe(true);
  expect(through.some((line) => line.startsWith('GET ') && line.includes('list-type=2'))).toBe(true);
  expect(Object.keys(await served(s3, 'shop-site')).sort()).toEqual(Object.keys(BASIC_SITE).sort());
}, 120_000);

test('an https:// endpoint, as AWS has, is reached through the proxy HTTPS_PROXY names, over CONNECT tunnels', async () => {
  const front = await startTlsFront(moto.endpoint);
  try {
    await createBucket(s3, 'tunnelled');
    const before = (await proxy.requests()).length;
    const run = await sync('tunnelled', { AWS_ENDPOINT_URL: front.endpoint, NODE_EXTRA_CA_CERTS: front.caFile, HTTPS_PROXY: proxy.url });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const tunnels = (await proxy.requests()).slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels).toEqual(tunnels.map(() => `CONNECT ${front.endpoint.replace('https://', '')}`));
    expect(Object.keys(await served(s3, 'tunnelled')).sort()).toEqual(Object.keys(BASIC_SITE).sort());
  } finally {
    await front.stop();
  }
}, 120_000);

test('the lower-case https_proxy/http_proxy spelling works too, and a socket limit (concurrency) keeps the proxy', async () => {
  await createBucket(s3, 'lower-case');
  const before = (await proxy.requests()).length;
  const run = await sync('lower-case', { http_proxy: proxy.url }, { concurrency: '20' });
  expect(run.code).toBe(0);
  expect((await forwarded('lower-case', before)).filter((line) => line.startsWith('PUT ')).length).toBeGreaterThanOrEqual(Object.keys(BASIC_SITE).length);
}, 120_000);

test('a host NO_PROXY names is reached directly', async () => {
  await createBucket(s3, 'direct-site');
  const before = (await proxy.requests()).length;
  const run = await sync('direct-site', { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
  expect(run.code).toBe(0);
  expect(await forwarded('direct-site', before)).toEqual([]);
  expect(Object.keys(await served(s3, 'direct-site')).length).toBe(Object.keys(BASIC_SITE).length);
}, 120_000);

test('a proxy variable that is not an http(s) URL is refused before any AWS call, naming the variable', async () => {
  await createBucket(s3, 'refused-site');
  const before = await snapshot(s3, 'refused-site');
  const run = await sync('refused-site', { HTTPS_PROXY: 'proxy.corp:3128', HTTP_PROXY: proxy.url });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringContaining("the HTTPS_PROXY environment variable is 'proxy.corp:3128', which is not a URL")]);
  expect(await snapshot(s3, 'refused-site')).toEqual(before);
}, 60_000);

test('a proxy that does not answer fails the step within its retry budget, naming the call, with nothing changed', async () => {
  await createBucket(s3, 'unreachable');
  const before = await snapshot(s3, 'unreachable');
  const run = await sync('unreachable', { HTTP_PROXY: `http://127.0.0.1:${await freePort()}` }, { 'max-attempts': '2' });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/\(S3\)/);
  expect(run.errors[0]).toMatch(/ECONNREFUSED/);
  expect(await snapshot(s3, 'unreachable')).toEqual(before);
}, 60_000);
