import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { describeThrown } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { describeDistribution } from '../src/distribution.js';
import { readInFlight, roomLeft } from '../src/inflight.js';
import { callerReference, submitInvalidations } from '../src/submit.js';
import { InvalidationTimeout, WaitCancelled, waitForInvalidations } from '../src/wait.js';
import { startFakeCloudFront, type FakeCloudFront } from './fake-cloudfront.js';
import { scriptedTiming } from './timeline.js';

// The real SDK client against a CloudFront endpoint that answers as the API reference documents,
// for the timelines moto cannot give: work in progress, limits, throttling.

let fake: FakeCloudFront;
beforeEach(async () => {
  fake = await startFakeCloudFront();
});
afterEach(() => fake.stop());

const client = (maxAttempts = 1) =>
  new CloudFrontClient({ region: 'us-east-1', endpoint: fake.endpoint, maxAttempts, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const files = (count: number, directory = '/f/') => Array.from({ length: count }, (_, i) => `${directory}${i}.html`);

function submit(paths: string[], options: { timeoutMs?: number; maxAttempts?: number } = {}) {
  const timing = scriptedTiming();
  const log = recordingLog();
  const request = {
    client: client(options.maxAttempts),
    distributionId: fake.distributionId,
    paths,
    reference: 'tandem-1001-1-abcd1234',
    deadline: timing.now() + (options.timeoutMs ?? 15 * 60_000),
    timing,
    log,
  };
  return { timing, log, request, done: submitInvalidations(request) };
}

test('an unknown distribution fails naming the input', async () => {
  const error = await describeDistribution(client(), 'E0000000000000').catch((thrown: unknown) => thrown);
  expect(describeThrown(error).message).toMatch(/^Input 'distribution-id': no CloudFront distribution 'E0000000000000'/);
  expect((await describeDistribution(client(), fake.distributionId)).domainName).toBe('d111111abcdef8.cloudfront.net');
});

test('in-flight paths are read from the invalidations still in progress, across pages', async () => {
  fake.addInProgress(files(1000));
  fake.addInProgress(['/a/*', '/b/*']);
  for (let i = 0; i < 150; i += 1) fake.invalidations.push({ ...fake.invalidations[0], id: `OLD${i}`, status: 'Completed', pollsLeft: 0 });
  const inFlight = await readInFlight(client(), fake.distributionId);
  expect(inFlight).toMatchObject({ files: 1000, wildcards: 2 });
  expect(roomLeft(inFlight)).toEqual({ files: 2000, wildcards: 13 });
});

test('an invalidation still in progress behind eleven pages of finished ones counts: every page is read', async () => {
  fake.addInProgress(['/slow/*', '/slow.html']);
  fake.addCompleted(1050);
  const inFlight = await readInFlight(client(), fake.distributionId);
  expect(inFlight).toMatchObject({ files: 1, wildcards: 1 });
  expect(fake.calls.filter((call) => call === 'ListInvalidations')).toHaveLength(11);
});

test('paths are submitted in one invalidation with a caller reference from the run and the paths', async () => {
  const { done, log } = submit(['/', '/index.html', '/assets/*']);
  const [created] = await done;
  expect(fake.invalidations).toHaveLength(1);
  expect(fake.invalidations[0].paths).toEqual(['/', '/index.html', '/assets/*']);
  expect(created).toEqual({ id: fake.invalidations[0].id, status: 'InProgress', callerReference: callerReference('tandem-1001-1-abcd1234', ['/', '/index.html', '/assets/*']), paths: ['/', '/index.html', '/assets/*'] });
  expect(created.callerReference).toMatch(/^tandem-1001-1-abcd1234-[0-9a-f]{16}$/);
  expect(log.text()).toContain(`Created invalidation ${created.id} with 3 paths`);
});

test('a retried request with the same reference gets the same invalidation back', async () => {
  const first = await submit(['/a.html']).done;
  const again = await submit(['/a.html']).done;
  expect(again[0].id).toBe(first[0].id);
  expect(fake.invalidations).toHaveLength(1);
});

test('throttling is retried with jittered backoff until it passes', async () => {
  fake.throttle(3);
  const { done, timing, log } = submit(['/a.html']);
  const created = await done;
  expect(created).toHaveLength(1);
  expect(timing.sleeps).toEqual([3750, 7500, 15000]);
  expect(log.text()).toContain('CloudFront answered Throttling; retrying in 3.7s');
});

test('the SDK retries throttling itself first when it has attempts left', async () => {
  fake.throttle(1);
  const { done, timing } = submit(['/a.html'], { maxAttempts: 3 });
  expect(await done).toHaveLength(1);
  expect(timing.sleeps).toEqual([]);
});

test('a distribution full of wildcards: the files go now, the wildcards wait for room', async () => {
  const other = fake.addInProgress(Array.from({ length: 15 }, (_, i) => `/w${i}/*`));
  const { done, timing, log, request } = submit(['/index.html', '/assets/*']);
  const originalSleep = timing.sleep;
  timing.sleep = async (ms) => {
    await originalSleep(ms);
    if (timing.sleeps.length === 2) other.status = 'Completed';
  };
  const created = await done;
  expect(created.map((item) => item.paths)).toEqual([['/index.html'], ['/assets/*']]);
  expect(timing.sleeps).toHaveLength(2);
  expect(log.text()).toContain('0 file paths and 15 wildcard paths in progress');
  expect(request.deadline).toBeGreaterThan(timing.now());
});

test('TooManyInvalidationsInProgress from CloudFront (a race with another deploy) is retried', async () => {
  fake.rejectCreates(2);
  const { done, timing, log } = submit(['/index.html']);
  const created = await done;
  expect(created).toHaveLength(1);
  expect(timing.sleeps).toEqual([3750, 7500]);
  expect(log.text()).toContain('CloudFront answered TooManyInvalidationsInProgress; retrying in 3.7s');
  expect(fake.calls.filter((call) => call === 'CreateInvalidation')).toHaveLength(3);
});

test('more than 3,000 file paths are split over invalidations as room frees', async () => {
  fake.addInProgress(files(1000, '/other/'));
  fake.completeAfterPolls = 1;
  const { done, timing } = submit(files(2500));
  const created = await done;
  expect(created.map((item) => item.paths.length)).toEqual([2000, 500]);
  expect(created[1].paths).toEqual(files(2500).slice(2000));
  expect(timing.sleeps).toHaveLength(1);
});

test('a distribution that stays full fails at the deadline, saying what is in flight', async () => {
  fake.addInProgress(files(3000, '/other/'));
  const { done, timing } = submit(['/a.html'], { timeoutMs: 60_000 });
  const error = (await done.catch((thrown: unknown) => thrown)) as Error;
  expect(error.message).toMatch(/^CloudFront already has 3000 file paths and 0 wildcard paths in progress on E2QWRUHAPOMQZL .*gave up at the submit-timeout deadline after \d+ attempts/);
  expect(timing.elapsed()).toBeLessThanOrEqual(60_000);
  expect(fake.invalidations).toHaveLength(1);
});

test('errors other than throttling fail at once', async () => {
  const error = await submitInvalidations({
    client: client(),
    distributionId: 'E0000000000000',
    paths: ['/a.html'],
    reference: 'r',
    deadline: Date.now() + 60_000,
    timing: scriptedTiming(),
    log: recordingLog(),
  }).catch((thrown: unknown) => thrown);
  expect((error as Error).name).toBe('NoSuchDistribution');
});

/** A clock whose first sleep is interrupted by the runner's cancel, as runAction aborts the signal on SIGINT. */
function cancelledOnSleep() {
  const controller = new AbortController();
  const timing = {
    ...scriptedTiming(),
    sleep: async (_ms: number, signal?: AbortSignal) => {
      controller.abort(new Error('cancelled by SIGINT'));
      throw signal?.reason;
    },
  };
  return { timing, signal: controller.signal };
}

test('cancelled while waiting for room: says what was created and what was not', async () => {
  fake.addInProgress(Array.from({ length: 15 }, (_, i) => `/w${i}/*`));
  const { timing, signal } = cancelledOnSleep();
  const error = await submitInvalidations({
    client: client(),
    distributionId: fake.distributionId,
    paths: ['/assets/*', '/index.html'],
    reference: 'r',
    deadline: timing.now() + 60_000,
    timing,
    log: recordingLog(),
    signal,
  }).catch((thrown: unknown) => thrown);
  const ours = fake.invalidations.find((item) => item.paths.includes('/index.html'));
  expect((error as Error).message).toBe(
    `cancelled by SIGINT while submitting invalidations to E2QWRUHAPOMQZL: created ${ours?.id}; 1 path(s) not submitted. Run the step again to invalidate them`,
  );
});

describe('waiting', () => {
  const wait = (ids: string[], timeoutMs: number) => {
    const timing = scriptedTiming();
    const log = recordingLog();
    return { timing, log, done: waitForInvalidations({ client: client(), distributionId: fake.distributionId, ids, timeoutMs, pollMs: 15_000, timing, log }) };
  };

  test('polls until Completed, logging the elapsed time', async () => {
    fake.completeAfterPolls = 3;
    const [created] = await submit(['/a.html']).done;
    const { done, log, timing } = wait([created.id], 30 * 60_000);
    expect(await done).toBe(45_000);
    expect(timing.sleeps).toEqual([15_000, 15_000, 15_000]);
    expect(log.text()).toContain(`Invalidation ${created.id}: InProgress after 30s`);
    expect(log.text()).toContain(`Invalidation ${created.id} completed after 45s`);
  });

  test('an invalidation that never completes fails at the timeout, naming its id', async () => {
    fake.completeAfterPolls = Infinity;
    const [created] = await submit(['/a.html']).done;
    const { done, timing } = wait([created.id], 10 * 60_000);
    const error = await done.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InvalidationTimeout);
    expect((error as Error).message).toBe(
      `invalidation ${created.id} on E2QWRUHAPOMQZL still in progress after 10m (wait-timeout). It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id E2QWRUHAPOMQZL --id ${created.id}`,
    );
    expect(timing.elapsed()).toBe(10 * 60_000);
  });

  test('cancelled while waiting: names the invalidation that goes on', async () => {
    fake.completeAfterPolls = Infinity;
    const [created] = await submit(['/a.html']).done;
    const { timing, signal } = cancelledOnSleep();
    const error = await waitForInvalidations({ client: client(), distributionId: fake.distributionId, ids: [created.id], timeoutMs: 60_000, pollMs: 15_000, timing, log: recordingLog(), signal }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WaitCancelled);
    expect((error as Error).message).toBe(
      `cancelled by SIGINT while waiting for invalidation ${created.id} on E2QWRUHAPOMQZL (after 0ms). It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id E2QWRUHAPOMQZL --id ${created.id}`,
    );
  });

  test('throttled polls are polled again', async () => {
    fake.completeAfterPolls = 0;
    const [created] = await submit(['/a.html']).done;
    fake.throttle(2);
    const { done, log } = wait([created.id], 5 * 60_000);
    expect(await done).toBe(30_000);
    expect(log.text()).toContain(`a poll failed (Rate exceeded); invalidation ${created.id} goes on in CloudFront whatever the poll got: polling again`);
    expect(log.text()).toContain('AWS answered again, after 2 failed polls over 30s');
  });

  test('every poll throttled until the timeout: the wait fails saying the invalidation was not seen to complete, and why', async () => {
    fake.completeAfterPolls = 0;
    const [created] = await submit(['/a.html']).done;
    fake.throttle(1000);
    const error = await wait([created.id], 60_000).done.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InvalidationTimeout);
    expect((error as Error).message).toBe(
      `invalidation ${created.id} on E2QWRUHAPOMQZL not seen to complete (every poll failed for the last 1m (5 polls; the last: Rate exceeded)) after 1m (wait-timeout). ` +
        `It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id E2QWRUHAPOMQZL --id ${created.id}`,
    );
  });

  test('credentials that expire while waiting end the wait at once, saying the invalidation goes on', async () => {
    fake.completeAfterPolls = Infinity;
    const [created] = await submit(['/a.html']).done;
    fake.expire();
    const error = await wait([created.id], 5 * 60_000).done.catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe(
      `the AWS credentials expired during the wait (ExpiredToken): invalidation ${created.id} goes on in CloudFront, unwatched, and nothing more can be done with these credentials. ` +
        "Give the role a longer session (role-duration-seconds of aws-actions/configure-aws-credentials, within the role's maximum session duration) or a shorter wait-timeout",
    );
  });
});
