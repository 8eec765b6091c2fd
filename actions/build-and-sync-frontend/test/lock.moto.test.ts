// The deploy lock in a real run against moto: a runner paused past the lock's TTL while another
// deploy took it over publishes nothing, prunes nothing, and fails saying it lost the lock.
import type { S3Client } from '@aws-sdk/client-s3';
import { testContext } from '@tandem/standins/context';
import { acquireLock, LockLostError } from '@tandem/kit';
import { recordingLog } from '@tandem/standins/log';
import { useMoto } from '@tandem/standins/use-moto';
import { run } from '../src/run.js';
import { body, inputs, makeSite, s3Client, snapshot, testDeps } from './site.js';

let s3: S3Client;
const BUCKET = 'shop-site';
const LOCK = '_releases/lock.json';

useMoto({ buckets: [BUCKET] });
beforeAll(() => {
  s3 = s3Client();
});

/** A client whose runner stops (no heartbeat, no calls) at its first asset upload until `meanwhile` is done. */
function pausingAtFirstAsset(meanwhile: () => Promise<void>): S3Client {
  const client = s3Client();
  let paused = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key ?? '';
      if (context.commandName === 'PutObjectCommand' && key.startsWith('assets/') && !paused) {
        paused = true;
        await meanwhile();
      }
      return next(args);
    },
    { step: 'initialize', name: 'pauseRunner' },
  );
  return client;
}

test('a runner paused past its TTL while another deploy took the lock publishes and prunes nothing, and fails saying so', async () => {
  await run(inputs({ bucket: BUCKET, 'source-dir': await makeSite({ 'index.html': 'v1 <script src="/assets/a-11111111.js">', 'assets/a-11111111.js': '1' }), 'release-id': 'r1', 'keep-releases': '1', 'prune-after': '0s' }), testDeps(), testContext());
  const before = await snapshot(s3, BUCKET);
  const otherLog = recordingLog();
  let other: Awaited<ReturnType<typeof acquireLock>> | undefined;
  const client = pausingAtFirstAsset(async () => {
    // While this runner is paused its lock goes unrenewed; another deploy waits, then takes it over.
    other = await acquireLock(s3, { bucket: BUCKET, key: LOCK, owner: 'example/shop run 2 attempt 1 (build-and-sync-frontend)', ttlMs: 60_000, waitMs: 20_000, pollMs: 100 }, otherLog);
  });
  const deps = { ...testDeps({ s3: client }), lockTiming: { ttlMs: 1000, every: () => () => undefined } };
  const v2 = await makeSite({ 'index.html': 'v2 <script src="/assets/b-22222222.js">', 'assets/b-22222222.js': '2' });
  const context = testContext();
  const failed = await run(inputs({ bucket: BUCKET, 'source-dir': v2, 'release-id': 'r2', 'keep-releases': '1', 'prune-after': '0s' }), deps, context).catch((error: unknown) => error);

  expect(failed).toBeInstanceOf(LockLostError);
  expect((failed as Error).message).toBe(
    `lost the deploy lock s3://${BUCKET}/${LOCK} (taken over by example/shop run 2 attempt 1 (build-and-sync-frontend)): stopped before publishing the entry points. Another deploy may be running; run this one again once it is done.`,
  );
  expect(otherLog.text('warning')).toContain("S3's clock shows it unwritten for");
  const after = await snapshot(s3, BUCKET);
  // Everything r1 had is there as it was: no entry point, release record or pointer written, nothing pruned.
  for (const [key, object] of Object.entries(before)) {
    if (key !== LOCK) expect([key, after[key]?.etag]).toEqual([key, object.etag]);
  }
  expect(await body(s3, BUCKET, 'index.html')).toContain('v1');
  // New: the lock, the asset uploaded before the pause, and r2's manifest, written while the lock
  // was still held and before the first upload so that the asset is owned; the pointer stays on r1.
  expect(Object.keys(after).filter((key) => !(key in before))).toEqual([LOCK, '_releases/manifests/r2.json', 'assets/b-22222222.js']);
  expect(JSON.parse(await body(s3, BUCKET, '_releases/current.json')).current).toBe('r1');
  // The paused run's release left the new holder's lock alone.
  expect(JSON.parse(await body(s3, BUCKET, LOCK)).owner).toBe('example/shop run 2 attempt 1 (build-and-sync-frontend)');
  expect(context.log.text('warning')).toContain(`Lock s3://${BUCKET}/${LOCK} is no longer ours`);
  await other?.release();
}, 60_000);
