import { randomBytes } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { runBundle } from '@tandem/standins/harness';
import { useDistributionBehind } from './behind-proxy.js';
import { findLeaks } from '@tandem/standins/leaks';
import { startInProgressProxy, type InProgressProxy } from './in-progress.js';

// The action takes no secret input: its secrets are the AWS credentials in its environment
// (an access key, its secret and a session token, as configure-aws-credentials leaves them).
// Every run below signs its calls with them (checked at the proxy), with step debug on, and
// none of them shows in anything the step wrote.

let proxy: InProgressProxy;
let cloudfront: CloudFrontClient;
let distributionId: string;
useDistributionBehind(startInProgressProxy, (made) => ({ proxy, cloudfront, distributionId } = made));
beforeEach(async () => {
  const { Invalidation: other } = await cloudfront.send(
    new CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: { CallerReference: 'other-deploy', Paths: { Quantity: 1, Items: ['/other/*'] } } }),
  );
  proxy.inProgress.add(other?.Id ?? '');
  proxy.calls.length = 0;
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const keyId = `ASIA${Array.from(randomBytes(16), (byte) => ALPHABET[byte % 32]).join('')}`;
const secretKey = randomBytes(30).toString('base64');
const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(300).toString('base64')}`;

const SCENARIOS: Array<[string, Record<string, string>, number]> = [
  ['deploy, waited for', { 'changed-keys': JSON.stringify(['index.html', 'about/index.html']) }, 0],
  ['dry run', { 'changed-keys': JSON.stringify(['index.html']), 'dry-run': 'true' }, 0],
  ['nothing changed', { 'changed-keys': '[]' }, 0],
  ['a distribution that does not exist', { 'distribution-id': 'E0000000000000', paths: '/index.html' }, 1],
];

test.each(SCENARIOS)('%s: the credentials sign every call and show nowhere', async (_, inputs, code) => {
  const run = await runBundle('invalidate-cdn', {
    inputs: { 'distribution-id': distributionId, ...inputs },
    env: {
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_ACCESS_KEY_ID: keyId,
      AWS_SECRET_ACCESS_KEY: secretKey,
      AWS_SESSION_TOKEN: sessionToken,
      ACTIONS_STEP_DEBUG: 'true',
      RUNNER_DEBUG: '1',
    },
  });
  expect(run.code).toBe(code);
  expect(proxy.calls.length).toBeGreaterThan(0);
  expect(proxy.calls.every((call) => call.keyId === keyId && call.sessionToken === sessionToken)).toBe(true);
  expect(run.stdout.length).toBeGreaterThan(0);
  expect(findLeaks(run, [keyId, secretKey, sessionToken])).toEqual([]);
  // The check sees a secret where one is written.
  expect(findLeaks({ ...run, files: { ...run.files, summary: `${run.files.summary}${secretKey}` } }, [secretKey])).toHaveLength(1);
});
