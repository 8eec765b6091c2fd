// A caching edge standing in for CloudFront: Debian's varnish in front of the bucket in moto,
// with the distribution's behaviours written as VCL, and the invalidations the suite creates in
// moto applied to its cache.
//
// What it models, from the CloudFront developer guide:
// - Cache key and origin request of the managed CachingOptimized policy: the path only (no query
//   string, no cookies); TTL from the object's Cache-Control (s-maxage, then max-age, or Expires)
//   clamped to the policy's minimum and maximum, the default TTL when the origin sends neither,
//   and the minimum TTL for `no-cache`, `no-store` or `private` (CloudFront caches those for the
//   minimum TTL when it is above 0). Error responses from the origin are cached 10 s (the default
//   error caching minimum TTL). Objects are never served stale.
// - The default root object: `/` is fetched as `/index.html` and cached under `/`, which is why an
//   invalidation must name `/` as well as `/index.html`.
// - A `/api/*` behaviour to the load balancer's origin, never cached, with X-Forwarded-Proto https
//   (HTTPS ends at the load balancer) and the viewer's query string.
// - Invalidations: every invalidation of the distribution in moto, each path as CloudFront matches
//   it (exact, or a prefix when it ends in `*`), applied as a ban on the cached objects. moto marks
//   an invalidation Completed at once; `caughtUp()` applies what moto holds, so a caller can wait
//   for "Completed means applied" as on AWS.
// - `X-Cache: Hit from cloudfront` / `Miss from cloudfront` on responses, as CloudFront sends.
// What it does not model: HTTPS and certificates, several edge locations (one cache), origin
// request signing (requests to the bucket carry a well-formed SigV4 header that moto does not
// verify), custom error responses, compression, response headers policies, the time an
// invalidation takes on AWS (seconds to minutes) and its quotas (the product enforces those
// itself, tested against moto).
// Two defects can be injected, for tests that must be able to fail: paths left out of every
// invalidation, and a Cache-Control handed to browsers instead of the object's.
import { CloudFrontClient, GetInvalidationCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';

export interface CachePolicy {
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
}

/** The managed CachingOptimized policy (658327ea-f89d-4fab-a63d-7e88639e58f6). */
export const CACHING_OPTIMIZED: CachePolicy = { minTtl: 1, defaultTtl: 86_400, maxTtl: 31_536_000 };

export interface EdgeOptions {
  /** moto's endpoint: the bucket's origin (path style) and the CloudFront API. */
  motoEndpoint: string;
  bucket: string;
  distributionId: string;
  /** Where `/api/*` goes: the port the back end listens on, on loopback. */
  apiPort: number;
  defaultRootObject?: string;
  cachePolicy?: CachePolicy;
  /**
   * A defect for tests that must be able to fail: paths this edge leaves out of every
   * invalidation, as if the suite had not sent them.
   */
  leaveOut?: string[];
  /**
   * A defect for tests: Cache-Control sent to browsers for these paths instead of the object's,
   * as an entry point uploaded with the wrong header would be.
   */
  viewerCacheControl?: Record<string, string>;
}

export interface Edge {
  /** http://127.0.0.1:PORT, what a browser opens. */
  url: string;
  /** Applies every invalidation moto holds for the distribution that this edge has not applied yet. */
  caughtUp(): Promise<void>;
  /** The ids of the invalidations applied so far (made after the edge started), oldest first. */
  applied(): string[];
  stop(): Promise<void>;
}

const UNSAFE_IN_BAN = /[\\^\]"\s]/;

/**
 * The regular expression that matches the cached paths an invalidation path covers, as CloudFront
 * matches them: a trailing `*` makes it a prefix, anything else is the exact path. Characters
 * that RFC 1738 calls unsafe arrive percent-encoded, so they are refused here rather than escaped.
 */
export function invalidationPattern(path: string): string {
  if (!path.startsWith('/')) throw new Error(`invalidation path ${JSON.stringify(path)} does not start with /`);
  const wildcard = path.endsWith('*');
  const literal = wildcard ? path.slice(0, -1) : path;
  if (literal.includes('*')) throw new Error(`invalidation path ${JSON.stringify(path)} has * before its end, which CloudFront refuses`);
  if (UNSAFE_IN_BAN.test(literal)) throw new Error(`invalidation path ${JSON.stringify(path)} has a character that must be percent-encoded`);
  const escaped = literal.replace(/[.+?()[{}|$]/g, (character) => `[${character}]`);
  return wildcard ? `^${escaped}` : `^${escaped}$`;
}

/** The distribution's behaviours as VCL. */
export function edgeVcl(options: { motoPort: number; bucket: string; apiPort: number; defaultRootObject: string; cachePolicy: CachePolicy; viewerCacheControl: Record<string, string> }): string {
  const { minTtl, defaultTtl, maxTtl } = options.cachePolicy;
  const overrides = Object.entries(options.viewerCacheControl)
    .map(([path, value]) => `  if (req.url == "${path}") { set resp.http.Cache-Control = "${value}"; }`)
    .join('\n');
  return `vcl 4.1;

backend origin { .host = "127.0.0.1"; .port = "${options.motoPort}"; }
backend api { .host = "127.0.0.1"; .port = "${options.apiPort}"; .connect_timeout = 2s; .first_byte_timeout = 30s; }

sub vcl_recv {
  if (local.socket == "control") {
    if (req.method == "BAN" && req.http.x-invalidate) {
      ban("obj.http.x-edge-path ~ " + req.http.x-invalidate);
      return (synth(200, "applied"));
    }
    return (synth(405, "only BAN here"));
  }
  if (req.url ~ "^/api/") {
    set req.http.x-edge-origin = "api";
    set req.backend_hint = api;
    return (pass);
  }
  if (req.method != "GET" && req.method != "HEAD") { return (synth(405, "cached behaviours allow GET and HEAD")); }
  set req.url = regsub(req.url, "[?#].*$", "");
  unset req.http.Cookie;
  unset req.http.Authorization;
  set req.http.x-edge-origin = "s3";
  set req.backend_hint = origin;
  return (hash);
}

sub vcl_hash {
  hash_data(req.url);
  return (lookup);
}

sub vcl_backend_fetch {
  if (bereq.http.x-edge-origin == "api") {
    set bereq.http.X-Forwarded-Proto = "https";
    return (fetch);
  }
  set bereq.http.x-edge-path = bereq.url;
  set bereq.http.Host = "127.0.0.1:${options.motoPort}";
  # Origin access control: CloudFront signs its requests to the bucket. moto checks that a request
  # is authenticated (anonymous reads of a private object get 403), not the signature itself.
  set bereq.http.Authorization = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";
  if (bereq.url == "/") {
    set bereq.url = "/${options.bucket}/${options.defaultRootObject}";
  } else {
    set bereq.url = "/${options.bucket}" + bereq.url;
  }
  unset bereq.http.If-None-Match;
  unset bereq.http.If-Modified-Since;
  return (fetch);
}

sub vcl_backend_response {
  if (bereq.http.x-edge-origin == "api") { return (deliver); }
  set beresp.http.x-edge-path = bereq.http.x-edge-path;
  if (beresp.status >= 400) {
    set beresp.ttl = 10s;
  } elsif (beresp.http.Cache-Control ~ "(?i)(no-cache|no-store|private)") {
    set beresp.ttl = ${minTtl}s;
  } elsif (beresp.http.Cache-Control ~ "(?i)max-age" || beresp.http.Expires) {
    if (beresp.ttl < ${minTtl}s) { set beresp.ttl = ${minTtl}s; }
    if (beresp.ttl > ${maxTtl}s) { set beresp.ttl = ${maxTtl}s; }
  } else {
    set beresp.ttl = ${defaultTtl}s;
  }
  set beresp.grace = 0s;
  set beresp.keep = 0s;
  set beresp.uncacheable = false;
  return (deliver);
}

sub vcl_deliver {
  unset resp.http.x-edge-path;
  unset resp.http.x-varnish;
  unset resp.http.x-amz-request-id;
  if (req.http.x-edge-origin == "s3") {
    if (obj.hits > 0) { set resp.http.X-Cache = "Hit from cloudfront"; } else { set resp.http.X-Cache = "Miss from cloudfront"; }
${overrides}
  }
}
`;
}

/** Starts varnishd in the foreground on two free loopback ports: one for browsers, one for bans. */
export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-'));
  const [port, control] = [await freePort(), await freePort()];
  const motoPort = Number(new URL(options.motoEndpoint).port);
  const vcl = join(dir, 'edge.vcl');
  await writeFile(
    vcl,
    edgeVcl({
      motoPort,
      bucket: options.bucket,
      apiPort: options.apiPort,
      defaultRootObject: options.defaultRootObject ?? 'index.html',
      cachePolicy: options.cachePolicy ?? CACHING_OPTIMIZED,
      viewerCacheControl: options.viewerCacheControl ?? {},
    }),
  );
  const child: ChildProcess = spawn(
    'varnishd',
    ['-F', '-j', 'none', '-n', join(dir, 'work'), '-a', `viewer=127.0.0.1:${port}`, '-a', `control=127.0.0.1:${control}`, '-f', vcl, '-s', 'malloc,64m', '-T', 'none', '-p', 'ban_lurker_sleep=0.1'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  let exit: string | undefined;
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on('error', (error) => (exit = error.message));
  child.on('exit', (code, signal) => (exit = `code ${code ?? signal}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
  const url = `http://127.0.0.1:${port}`;
  const stopVarnish = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  };
  const giveUp = async (error: unknown): Promise<never> => {
    await stopVarnish();
    throw error;
  };
  // varnishd compiles the VCL with the C compiler first: a few seconds on a busy machine.
  await waitFor('varnishd (the edge)', async () => (await fetch(`http://127.0.0.1:${control}/`)).status === 405, 60_000, () => exit).catch(giveUp);

  const cloudfront = new CloudFrontClient({ region: 'us-east-1', endpoint: options.motoEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const applied: string[] = [];
  const leaveOut = new Set(options.leaveOut ?? []);
  const ban = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${control}/`, { method: 'BAN', headers: { 'x-invalidate': invalidationPattern(path) } });
    if (response.status !== 200) throw new Error(`the edge refused the invalidation of ${path}: ${response.status}`);
  };
  let running: Promise<void> = Promise.resolve();
  const listed = async () => {
    const ids: string[] = [];
    let marker: string | undefined;
    do {
      const page = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: options.distributionId, Marker: marker }));
      ids.push(...(page.InvalidationList?.Items ?? []).map((item) => item.Id ?? ''));
      marker = page.InvalidationList?.IsTruncated ? page.InvalidationList.NextMarker : undefined;
    } while (marker);
    // ListInvalidations lists the newest first; they are applied in the order they were made.
    return ids.filter(Boolean).reverse();
  };
  // Invalidations made before this edge started concern nothing it holds.
  const before = new Set(await listed().catch(giveUp));
  const apply = async () => {
    for (const id of (await listed()).filter((id) => !before.has(id) && !applied.includes(id))) {
      const detail = await cloudfront.send(new GetInvalidationCommand({ DistributionId: options.distributionId, Id: id }));
      for (const path of detail.Invalidation?.InvalidationBatch?.Paths?.Items ?? []) if (!leaveOut.has(path)) await ban(path);
      applied.push(id);
    }
  };
  // One pass at a time: a poll and a caller's caughtUp() must not apply one invalidation twice.
  const caughtUp = () => (running = running.then(apply, apply));
  // The edge also refreshes on its own, as CloudFront does. Once a second: each pass is a
  // ListInvalidations call to moto, and an edge lives as long as its test file. The end-to-end
  // file's three edges made 1,102 calls at 250 ms and 285 at 1 s (107 s run alone). Whoever
  // needs "Completed means applied" calls caughtUp() rather than waiting on this.
  const poller = setInterval(() => void caughtUp().catch(() => {}), 1_000);
  return {
    url,
    caughtUp,
    applied: () => [...applied],
    async stop() {
      clearInterval(poller);
      await running.catch(() => {});
      await stopVarnish();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
