import { isLockError, leftByEarlierAttempt, LockHeldError, LockLostError, LockWaitCancelled, lockExpired, parseHolder, type SeenLock } from '@tandem/kit';

const owner = (run: string, attempt: string, job = 'deploy', repository = 'example/shop', action = 'build-and-sync-frontend') =>
  `${repository} run ${run} attempt ${attempt} (${action}, job ${job})`;

test.each<[string, string, string, boolean]>([
  ['an earlier attempt of the same run and job was killed: take over', owner('7', '1'), owner('7', '2'), true],
  ['the same for the back end', owner('7', '1', 'deploy', 'example/shop', 'rolling-deploy-behind-elb'), owner('7', '2', 'deploy', 'example/shop', 'rolling-deploy-behind-elb'), true],
  ['the same attempt (a matrix leg, or another step) is alive', owner('7', '2'), owner('7', '2'), false],
  ['a later attempt is not ours to remove', owner('7', '3'), owner('7', '2'), false],
  ['another run', owner('8', '1'), owner('7', '2'), false],
  ['another job of the same run', owner('7', '1', 'publish'), owner('7', '2', 'assets'), false],
  ['another action of the same run', owner('7', '1', 'deploy', 'example/shop', 'rolling-deploy-behind-elb'), owner('7', '2'), false],
  ['another repository', owner('7', '1', 'deploy', 'example/blog'), owner('7', '2'), false],
  ['a local run (no run id)', 'local pid 42 (build-and-sync-frontend)', owner('7', '2'), false],
  ['an unknown writer', 'an unknown writer', owner('7', '2'), false],
])('earlier attempt? %s', (_name, holder, me, expected) => {
  expect(leftByEarlierAttempt(holder, me)).toBe(expected);
});

const T0 = Date.parse('2026-11-29T12:00:00Z');
const holder = { owner: 'run 1', token: 't', ttlMs: 60_000 };
const seen = (ageMs: number, extra: Partial<SeenLock> = {}): SeenLock => ({ holder, etag: '"e"', lastModified: T0, serverDate: T0 + ageMs, ...extra });

test.each<[string, SeenLock, boolean]>([
  ['written 30 s ago by S3\'s clock: live', seen(30_000), false],
  ['exactly the TTL: live (S3\'s times carry whole seconds)', seen(60_000), false],
  ['the TTL and a second: expired', seen(61_000), true],
  ['31 minutes past its last write: expired', seen(31 * 60_000), true],
  ['no Date header: never judged by the runner\'s clock, so live', seen(31 * 60_000, { serverDate: undefined }), false],
  ['no LastModified: live', seen(31 * 60_000, { lastModified: undefined }), false],
  ['a body this suite did not write: never expires', seen(31 * 60_000, { holder: undefined }), false],
  ['the holder\'s own TTL counts, not the reader\'s', seen(90_000, { holder: { ...holder, ttlMs: 120_000 } }), false],
  ['a body without a TTL (an older release of this suite) is judged by the reader\'s', seen(61_000, { holder: { ...holder, ttlMs: NaN } }), true],
])('expired? %s', (_name, lock, expected) => {
  expect(lockExpired(lock, 60_000)).toBe(expected);
});

test.each<[string, string, ReturnType<typeof parseHolder>]>([
  ['a lock of ours', JSON.stringify(holder), holder],
  ['a lock from the previous format (expiresAt, no TTL)', JSON.stringify({ owner: 'run 0', acquiredAt: 'x', expiresAt: 'y' }), { owner: 'run 0', token: '', ttlMs: NaN }],
  ['hand-written text', 'hand-written', undefined],
  ['JSON without an owner', '{"expiresAt":"2026-01-01T00:00:00Z"}', undefined],
  ['null', 'null', undefined],
])('parse: %s', (_name, text, expected) => {
  expect(parseHolder(text)).toEqual(expected);
});

test('lock errors are told apart by type and code, not by name text', () => {
  const errors = [new LockHeldError('s3://b/k', undefined, 0, 1), new LockWaitCancelled('s3://b/k'), new LockLostError('s3://b/k', 'taken over by run 2', 'publishing')];
  expect(errors.map((error) => error.code)).toEqual(['held', 'cancelled', 'lost']);
  expect(errors.every(isLockError)).toBe(true);
  expect(isLockError(Object.assign(new Error('x'), { name: 'LockHeldError' }))).toBe(false);
  expect(errors[2].message).toBe('lost the deploy lock s3://b/k (taken over by run 2): stopped before publishing. Another deploy may be running; run this one again once it is done.');
});
