import { CloudFrontClient, GetDistributionCommand, ListDistributionsCommand, ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { startFaultProxy, type FaultProxy } from '@tandem/standins/faults';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { createDistribution } from '@tandem/standins/resources';

// Each bad input is refused with a message naming the input and the fix. Through the fault
// proxy at rate 0, every call is recorded: input mistakes make no call at all, a distribution
// that does not exist one read, and none makes a write; moto's state is as before.

let proxy: FaultProxy;
let cloudfront: CloudFrontClient;
let distributionId: string;
const moto = useMoto({ endpoint: false, reset: 'file' });
beforeAll(async () => {
  proxy = await startFaultProxy(moto.endpoint, { rate: 0, kinds: [] });
  cloudfront = new CloudFrontClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  distributionId = await createDistribution(cloudfront);
});
afterAll(async () => {
  await proxy?.stop();
});
beforeEach(() => {
  proxy.calls.length = 0;
});

async function state() {
  const { DistributionList: list } = await cloudfront.send(new ListDistributionsCommand({}));
  const { ETag, Distribution: found } = await cloudfront.send(new GetDistributionCommand({ Id: distributionId }));
  const { InvalidationList: invalidations } = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
  return { distributions: list?.Items?.map((item) => item.Id), etag: ETag, config: found?.DistributionConfig, invalidations: invalidations?.Quantity };
}

const SIXTEEN_WILDCARDS = Array.from({ length: 16 }, (_, i) => `/section-${i}/*`).join('\n');
const KEYS_EXAMPLE = '["index.html","assets/app-Bpcrg61J.js"] (the changed-keys output of build-and-sync-frontend)';

// [what, inputs (over a valid deploy), the message after "invalidate-cdn: ", calls made]
const CATALOGUE: Array<[string, Record<string, string>, string | RegExp, 'none' | 'one read']> = [
  ['no distribution id', { 'distribution-id': '' }, "Input 'distribution-id': is required: the id of the CloudFront distribution, such as E2QWRUHAPOMQZL", 'none'],
  [
    "the distribution's domain name",
    { 'distribution-id': 'd111111abcdef8.cloudfront.net' },
    "Input 'distribution-id': 'd111111abcdef8.cloudfront.net' is the distribution's domain name: give its id, such as E2QWRUHAPOMQZL (CloudFront console, or aws cloudfront list-distributions)",
    'none',
  ],
  ['a lower-case id', { 'distribution-id': 'e2qwruhapomqzl' }, "Input 'distribution-id': 'e2qwruhapomqzl' is not a CloudFront distribution id: ids are upper-case letters and digits, such as E2QWRUHAPOMQZL", 'none'],
  ['the ARN of a bucket', { 'distribution-id': 'arn:aws:s3:::shop-site' }, "Input 'distribution-id': 'arn:aws:s3:::shop-site' is not a CloudFront distribution id: ids are upper-case letters and digits, such as E2QWRUHAPOMQZL", 'none'],
  [
    'a distribution that does not exist',
    { 'distribution-id': 'E0000000000000' },
    "Input 'distribution-id': no CloudFront distribution 'E0000000000000' in this account: check the id (CloudFront console, or aws cloudfront list-distributions)",
    'one read',
  ],
    // JSON.parse's own words differ between Node versions.
  ['changed keys as a comma list', { 'changed-keys': 'index.html, about/index.html' }, /^Input 'changed-keys': is not valid JSON \(.+\): give a JSON array of S3 keys, such as \["index\.html","assets\/app-Bpcrg61J\.js"\] \(the changed-keys output of build-and-sync-frontend\)$/, 'none'],
  ['changed keys as an object', { 'changed-keys': '{"changed":["index.html"]}' }, `Input 'changed-keys': expected a JSON array of S3 keys, such as ${KEYS_EXAMPLE}`, 'none'],
  ['a * inside a path', { paths: '/assets/*/app.js' }, "Input 'paths': '/assets/*/app.js' has a * before its end: CloudFront takes a wildcard only as the last character", 'none'],
  ['two distributions in one step', { 'distribution-id': 'E2QWRUHAPOMQZL,E1ABCDEF234567' }, "Input 'distribution-id': 'E2QWRUHAPOMQZL,E1ABCDEF234567' holds 2 distribution ids: one step invalidates one distribution (its own origin path and paths); run the step once for each, e.g. in a matrix over E2QWRUHAPOMQZL, E1ABCDEF234567", 'none'],
  ['a URL in paths', { paths: 'https://shop.example.com/pricing/index.html' }, "Input 'paths': 'https://shop.example.com/pricing/index.html' is a URL: give its path alone, /pricing/index.html (an invalidation path is relative to the distribution)", 'none'],
  ['two paths on one line, as aws cloudfront create-invalidation --paths takes them', { paths: '/index.html /about.html' }, "Input 'paths': '/index.html /about.html' holds 2 paths separated by spaces: give them one per line or separated by commas", 'none'],
  ['16 wildcard paths', { paths: SIXTEEN_WILDCARDS }, "Input 'paths': 16 wildcard paths: CloudFront allows 15 in progress per distribution; use a broader wildcard", 'none'],
  ['a typo in a boolean', { wait: 'ture' }, "Input 'wait': expected true or false, got 'ture'", 'none'],
  ['yes for a boolean', { 'dry-run': 'yes' }, "Input 'dry-run': expected true or false, got 'yes'", 'none'],
  ['a duration without unit', { 'wait-timeout': '30' }, "Input 'wait-timeout': '30' has no unit: write it as 30s, 30m or 30h", 'none'],
  ['a duration in words', { 'submit-timeout': '15 minutes' }, "Input 'submit-timeout': '15 minutes' is not a duration: use a number and a unit (ms, s, m, h, d), such as 90s, 10m or 1h30m", 'none'],
  ['more paths than CloudFront holds in flight', { 'max-paths': '5000' }, "Input 'max-paths': must be at most 3000, got 5000", 'none'],
  ['no paths at all', { 'max-paths': '0' }, "Input 'max-paths': must be at least 1, got 0", 'none'],
  ['immutable patterns without skip-immutable', { 'immutable-patterns': 'assets/**' }, "Input 'immutable-patterns': is set but skip-immutable is false, so nothing would be skipped: set skip-immutable: true, or remove it", 'none'],
  ['an index document with a directory', { 'index-document': 'docs/index.html' }, "Input 'index-document': 'docs/index.html' is not a file name such as index.html", 'none'],
  ['a region typo', { 'aws-region': 'us-east1' }, "Input 'aws-region': 'us-east1' is not an AWS region such as us-east-1", 'none'],
  ['max-attempts in words', { 'max-attempts': 'eight' }, "Input 'max-attempts': expected a whole number, got 'eight'", 'none'],
];

test.each(CATALOGUE)('%s is refused, naming the input, with nothing written', async (_, inputs, message, calls) => {
  const before = await state();
  const run = await runBundle('invalidate-cdn', {
    inputs: { 'distribution-id': distributionId, 'changed-keys': '["index.html"]', ...inputs },
    env: { AWS_ENDPOINT_URL: proxy.endpoint },
  });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  if (typeof message === 'string') expect(run.errors[0]).toBe(`invalidate-cdn: ${message}`);
  else expect(run.errors[0].replace(/^invalidate-cdn: /, '')).toMatch(message);
  expect(proxy.writes()).toEqual([]);
  expect(proxy.calls).toEqual(calls === 'none' ? [] : [`CloudFront GET /2020-05-31/distribution/${inputs['distribution-id']}`]);
  expect(await state()).toEqual(before);
});
