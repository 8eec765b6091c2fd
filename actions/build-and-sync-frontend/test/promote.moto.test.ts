// Promotion from staging (us-east-1) to production (eu-west-1): the release that served in
// staging is copied server-side, byte for byte, and goes live (or is staged) in production with
// nothing built or uploaded from the runner; refused, with production untouched, when it never
// served in staging or its files are gone there.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { makeClient } from '@tandem/kit';
import { testContext } from '@tandem/standins/context';
import { useMoto } from '@tandem/standins/use-moto';
import { run } from '../src/run.js';
import { body, heldAt, inputs, makeSite, served, snapshot, testDeps } from './site.js';

const STAGING = 'shop-staging';
const PRODUCTION = 'shop-production';
const HOUR = 3_600_000;

const client = (region: string) => makeClient(S3Client, { region, maxAttempts: 3 }, 'test');
let staging: S3Client;
let production: S3Client;

useMoto();
beforeAll(() => {
  staging = client('us-east-1');
  production = client('eu-west-1');
});
beforeEach(async () => {
  await staging.send(new CreateBucketCommand({ Bucket: STAGING }));
  await production.send(new CreateBucketCommand({ Bucket: PRODUCTION, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
});

/** Release `v`: a page naming its own chunk, a favicon whose content changes, and a logo that never does. */
function build(v: number) {
  const chunk = `assets/index-0000000${v}.js`;
  return makeSite({ 'index.html': `<script src="/${chunk}"></script> v${v}`, [chunk]: `console.log(${v})`, 'favicon.svg': `<svg>${v}</svg>`, 'logo.png': 'same logo' });
}

const deployStaging = async (v: number, extra: Record<string, string> = {}, clock?: { now: number }) =>
  run(inputs({ bucket: STAGING, 'source-dir': await build(v), 'release-id': `r${v}`, ...extra }), testDeps(), testContext(clock ? { clock: heldAt(clock) } : {}));

/** Every request the action sends, `Command bucket/key`, whichever region's client sends it. */
function recordingDeps() {
  const requests: string[] = [];
  const deps = testDeps();
  const factory = deps.s3;
  deps.s3 = (given) => {
    const s3 = factory(given);
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Bucket?: string; Key?: string; Body?: unknown };
        requests.push(`${(context.commandName ?? '').replace(/Command$/, '')} ${input.Bucket}/${input.Key ?? ''}`);
        return next(args);
      },
      { step: 'initialize', name: 'recordPromotion' },
    );
    return s3;
  };
  return { deps, requests };
}

const promote = (values: Record<string, string>, deps = testDeps()) =>
  run(inputs({ bucket: PRODUCTION, 'aws-region': 'eu-west-1', 'promote-from': STAGING, 'promote-from-region': 'us-east-1', 'release-id': 'current', ...values }), deps, testContext());

const pointerOf = async (s3: S3Client, bucket: string) => JSON.parse(await body(s3, bucket, '_releases/current.json'));
const manifestOf = async (s3: S3Client, bucket: string, release: string) => JSON.parse(await body(s3, bucket, `_releases/manifests/${release}.json`));
const FROM = (release: string) => ({ bucket: STAGING, prefix: '', region: 'us-east-1', release });

test('promoting what serves in staging: no upload from the runner, every object byte for byte as in staging, entry points live, the record says where it came from', async () => {
  await deployStaging(1);
  await deployStaging(2);
  const { deps, requests } = recordingDeps();
  const result = await promote({}, deps);

  expect(result.release).toBe('r2');
  expect(result.promotedFrom).toEqual(FROM('r2'));
  // The runner sends no content: the only PutObjects are the release record's and the lock's JSON
  // (the manifest once staged, once more with production's ETags as it goes live), and no multipart upload starts.
  const puts = requests.filter((request) => /^(PutObject|CreateMultipartUpload|UploadPart)\b/.test(request));
  const record = ['_releases/current.json', '_releases/lock.json', '_releases/manifests/r2.json', '_releases/manifests/r2.json'];
  expect(puts.sort()).toEqual(record.map((key) => `PutObject ${PRODUCTION}/${key}`));
  // r2's four files came by CopyObject sent to production's region: each into the release store, then into place.
  const copies = requests.filter((request) => request.startsWith('CopyObject'));
  expect(copies.filter((request) => request.includes('/_releases/objects/sha256/'))).toHaveLength(4);
  expect(copies).toHaveLength(8);
  // Nothing is written to staging.
  expect(requests.filter((request) => /^(Put|Copy|Delete)\w* shop-staging\//.test(request))).toEqual([]);

  const live = await served(production, PRODUCTION);
  const source = await served(staging, STAGING);
  expect(Object.keys(live).sort()).toEqual(Object.keys((await manifestOf(staging, STAGING, 'r2')).files).sort());
  for (const [key, object] of Object.entries(live)) expect(object).toEqual(source[key]);
  expect(await body(production, PRODUCTION, 'index.html')).toBe('<script src="/assets/index-00000002.js"></script> v2');

  const pointer = await pointerOf(production, PRODUCTION);
  expect(pointer.current).toBe('r2');
  expect(pointer.history).toEqual([expect.objectContaining({ release: 'r2', kind: 'deploy', promotedFrom: FROM('r2') })]);
  expect((await manifestOf(production, PRODUCTION, 'r2')).promotedFrom).toEqual(FROM('r2'));
});

test('an older release, its replaced files kept in staging\'s release store: staged in production with publish: assets, nothing served changes, restore-release publishes it', async () => {
  await deployStaging(1);
  await deployStaging(2);
  await promote({});
  const before = await served(production, PRODUCTION);

  const staged = await promote({ 'release-id': 'r1', publish: 'assets' });
  expect(staged.release).toBe('r1');
  expect(staged.plan.uploads).toEqual([]);
  expect(staged.staged.map((item) => item.file.name).sort()).toEqual(['assets/index-00000001.js', 'favicon.svg', 'index.html', 'logo.png']);
  expect(await served(production, PRODUCTION)).toEqual(before);
  expect((await pointerOf(production, PRODUCTION)).current).toBe('r2');

  const restored = await run(inputs({ bucket: PRODUCTION, 'aws-region': 'eu-west-1', 'restore-release': 'r1' }), testDeps(), testContext());
  expect(restored.firstPublication).toBe(true);
  const live = await served(production, PRODUCTION);
  const r1 = await manifestOf(staging, STAGING, 'r1');
  for (const [name, file] of Object.entries(r1.files as Record<string, { sha256: string }>)) expect(live[name].sha256).toBe(file.sha256);
  expect(await body(production, PRODUCTION, 'index.html')).toBe('<script src="/assets/index-00000001.js"></script> v1');
  const pointer = await pointerOf(production, PRODUCTION);
  expect(pointer.current).toBe('r1');
  expect(pointer.history.at(-1)).toEqual(expect.objectContaining({ release: 'r1', kind: 'deploy', promotedFrom: FROM('r1') }));
});

test('a release only staged in staging (never served there) is refused, naming the bucket and its release history; production is untouched', async () => {
  await deployStaging(1);
  await promote({});
  await deployStaging(2, { publish: 'assets' });
  const before = { objects: await snapshot(production, PRODUCTION), pointer: await pointerOf(production, PRODUCTION) };

  await expect(promote({ 'release-id': 'r2' })).rejects.toThrow("Input 'release-id': release 'r2' never served in s3://shop-staging/: its release history is r1");
  expect({ objects: await snapshot(production, PRODUCTION), pointer: await pointerOf(production, PRODUCTION) }).toEqual(before);
});

test('a release whose files were pruned from staging is refused, naming the first missing files; production is untouched', async () => {
  const clock = { now: Date.now() };
  await deployStaging(1, {}, clock);
  await promote({});
  clock.now += HOUR;
  await deployStaging(2, {}, clock);
  // Kept: the latest release only, and what served within the last hour: r1 (replaced an hour ago) is pruned.
  clock.now += HOUR;
  await deployStaging(3, { 'keep-releases': '1', 'prune-after': '1h' }, clock);
  expect(Object.keys(await snapshot(staging, STAGING))).not.toContain('assets/index-00000001.js');
  const before = { objects: await snapshot(production, PRODUCTION), pointer: await pointerOf(production, PRODUCTION) };

  await expect(promote({ 'release-id': 'r1' })).rejects.toThrow(/^Input 'promote-from': release 'r1' cannot be promoted from s3:\/\/shop-staging\/: .*(assets\/index-00000001\.js)/);
  expect({ objects: await snapshot(production, PRODUCTION), pointer: await pointerOf(production, PRODUCTION) }).toEqual(before);
});

test('a dry run of a promotion reads staging, checks R, and writes nothing in production', async () => {
  await deployStaging(1);
  const before = await snapshot(production, PRODUCTION);
  const result = await promote({ 'dry-run': 'true' });
  expect(result.release).toBe('r1');
  expect(result.staged.map((item) => item.file.name).sort()).toEqual(['assets/index-00000001.js', 'favicon.svg', 'index.html', 'logo.png']);
  expect(await snapshot(production, PRODUCTION)).toEqual(before);
  await expect(promote({ 'dry-run': 'true', 'release-id': 'r7' })).rejects.toThrow("release 'r7' never served in s3://shop-staging/");
});
