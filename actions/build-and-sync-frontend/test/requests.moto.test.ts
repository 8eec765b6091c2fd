import { testContext } from '@tandem/standins/context';
// Every request a redeploy sends, recorded at the client: the redeploy costs the listing, the
// release record and the bytes that changed, and asks for nothing twice.
import type { S3Client } from '@aws-sdk/client-s3';
import { run } from '../src/run.js';
import { BASIC_SITE, inputs, makeSite, s3Client, testDeps, useSiteBucket } from './site.js';

const BUCKET = 'shop-site';
useSiteBucket(BUCKET);

/** A client that notes each request as `Command key`, the listings with their prefix and page token. */
function recordingClient(): { client: S3Client; requests: string[] } {
  const client = s3Client();
  const requests: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Prefix?: string; ContinuationToken?: string };
      const what = input.Key ?? `prefix=${input.Prefix ?? ''}${input.ContinuationToken ? ` after ${input.ContinuationToken}` : ''}`;
      requests.push(`${(context.commandName ?? '').replace(/Command$/, '')} ${what}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  return { client, requests };
}

const SITE = {
  ...BASIC_SITE,
  'favicon.ico': Buffer.from([0, 0, 1, 0]),
};

test('a redeploy of a fresh build with one page changed keeps the old page, writes the new one, its manifest once and the pointer, and reads nothing twice', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(SITE), 'release-id': 'r1' }), testDeps(), testContext());
  const { client, requests } = recordingClient();
  const dir = await makeSite({ ...SITE, 'about/index.html': '<h1>about us</h1>' });
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2' }), testDeps({ s3: client }), testContext());
  expect(result.plan.uploads.map((upload) => upload.file.name)).toEqual(['about/index.html']);
  const writes = requests.filter((request) => /^(Put|Copy|Delete)/.test(request) && !request.endsWith('lock.json'));
  // r1's page goes into the release store first, so that r1 can come back.
  expect(writes).toEqual([expect.stringMatching(/^CopyObject _releases\/objects\/sha256\/[0-9a-f]{64}$/), 'PutObject about/index.html', 'PutObject _releases/manifests/r2.json', 'PutObject _releases/current.json']);
  const reads = requests.filter((request) => !/^(Put|Copy|Delete)/.test(request) && !request.endsWith('lock.json'));
  expect(reads.filter((request) => request.startsWith('HeadObject'))).toEqual([]);
  expect(reads.filter((request, i) => reads.indexOf(request) !== i)).toEqual([]);
  // The manifest of the release being deployed is not in the listing: it is not asked for.
  expect(reads).not.toContain('GetObject _releases/manifests/r2.json');
  expect(reads).toContain('GetObject _releases/manifests/r1.json');
});

test('the live release manifest is read while the site listing is still being paged, not after it', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite(SITE), 'release-id': 'r1' }), testDeps(), testContext());
  const client = s3Client();
  const order: string[] = [];
  let manifestAsked: () => void = () => undefined;
  const asked = new Promise<void>((resolve) => (manifestAsked = resolve));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Prefix?: string };
      if (context.commandName === 'GetObjectCommand' && input.Key === '_releases/manifests/r1.json') {
        order.push('manifest asked');
        manifestAsked();
      }
      const siteListing = context.commandName === 'ListObjectsV2Command' && !input.Prefix;
      // The site's listing answers late, as a large site's does: at most 5 s, or once the manifest was asked for.
      if (siteListing) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([asked, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
        clearTimeout(timer);
      }
      const output = await next(args);
      if (siteListing) order.push('site listed');
      return output;
    },
    { step: 'initialize', name: 'slowSiteListing' },
  );
  const dir = await makeSite({ ...SITE, 'about/index.html': '<h1>about us</h1>' });
  const result = await run(inputs({ bucket: BUCKET, 'source-dir': dir, 'release-id': 'r2' }), testDeps({ s3: client }), testContext());
  expect(result.plan.uploads.map((upload) => upload.file.name)).toEqual(['about/index.html']);
  expect(order).toEqual(['manifest asked', 'site listed']);
}, 30_000);

test('a build that fails ends the step with no request sent: the buckets are looked at only once the build is done', async () => {
  const { client, requests } = recordingClient();
  const dir = await makeSite(SITE);
  const failed = run(inputs({ bucket: BUCKET, 'working-directory': dir, 'source-dir': '.', 'build-command': 'exit 3', 'release-id': 'r9' }), testDeps({ s3: client }), testContext());
  await expect(failed).rejects.toThrow(/exit 3|exited with|code 3/);
  expect(requests).toEqual([]);
});
