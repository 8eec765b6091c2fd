// Test support: build folders on disk, read what a bucket holds, run the action against moto.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { InputReader, makeClient, realClock, tableInputs, type Clock } from '@tandem/kit';
import { useMoto } from '@tandem/standins/use-moto';
import { readInputs } from '../src/inputs.js';
import { defaultDeps, type Deps } from '../src/run.js';

export async function makeSite(files: Record<string, string | Buffer>, root?: string): Promise<string> {
  const dir = root ?? (await mkdtemp(join(tmpdir(), 'site-')));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** The stand-in React app: a build script that writes a Vite-shaped dist/, no dependencies. */
const FIXTURE_APP = join(import.meta.dirname, '../../../test/fixtures/frontend/app');

/**
 * A workspace as actions/checkout leaves one: a copy of the fixture app under `app/`, or, given
 * another workspace, a copy of all of it (its build output included).
 */
export async function appWorkspace(from?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'workspace-'));
  if (from) await cp(from, dir, { recursive: true });
  else await cp(FIXTURE_APP, join(dir, 'app'), { recursive: true });
  return dir;
}

export function s3Client(): S3Client {
  return makeClient(S3Client, { region: 'us-east-1', maxAttempts: 3 }, 'test');
}

/** The file's moto, reset before each test with the site's bucket made; `ready` gets an S3 client on it. */
export function useSiteBucket(bucket: string, ready?: (s3: S3Client) => void): void {
  useMoto({ buckets: [bucket] });
  beforeAll(() => ready?.(s3Client()));
}

/** Pages, a script and a style: the start of the sites the sync tests publish. */
export const BASIC_SITE = {
  'index.html': '<script src="/assets/index-a1b2c3d4.js"></script>',
  'about/index.html': '<h1>about</h1>',
  'assets/index-a1b2c3d4.js': 'console.log(1)',
  'assets/index-e5f6a7b8.css': 'body{}',
};

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

export interface Stored {
  etag: string;
  size: number;
  lastModified: number;
}

/** Every key of the bucket with its ETag: equal snapshots mean nothing was written or deleted. */
export async function snapshot(s3: S3Client, bucket: string): Promise<Record<string, Stored>> {
  const result: Record<string, Stored> = {};
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) result[item.Key ?? ''] = { etag: item.ETag ?? '', size: item.Size ?? 0, lastModified: item.LastModified?.getTime() ?? 0 };
    token = page.NextContinuationToken;
  } while (token);
  return result;
}

/** Each site object (the release store left out) with the SHA-256 of its bytes and its headers. */
export async function served(s3: S3Client, bucket: string): Promise<Record<string, { sha256: string; contentType?: string; cacheControl?: string }>> {
  const keys = Object.keys(await snapshot(s3, bucket)).filter((key) => !key.startsWith('_releases/')).sort();
  const result: Record<string, { sha256: string; contentType?: string; cacheControl?: string }> = {};
  for (const key of keys) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    result[key] = { sha256: createHash('sha256').update(await object.Body!.transformToByteArray()).digest('hex'), contentType: object.ContentType, cacheControl: object.CacheControl };
  }
  return result;
}

export async function head(s3: S3Client, bucket: string, key: string) {
  const response = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return { contentType: response.ContentType, cacheControl: response.CacheControl, sha256: response.Metadata?.sha256, etag: response.ETag };
}

export async function body(s3: S3Client, bucket: string, key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await response.Body?.transformToString('utf8')) ?? '';
}

export function inputs(values: Record<string, string>) {
  return readInputs(new InputReader(tableInputs({ 'build-command': 'none', 'release-id': 'r1', ...values })), { AWS_REGION: 'us-east-1' });
}

/** The action's own dependencies, with a way to swap the client. */
export function testDeps(options: { s3?: S3Client; cwd?: string } = {}): Deps {
  const base = defaultDeps();
  return {
    ...base,
    s3: options.s3 ? () => options.s3 as S3Client : base.s3,
    env: { GITHUB_SHA: 'abc', GITHUB_RUN_ID: '1', GITHUB_REPOSITORY: 'example/shop' },
    cwd: options.cwd ?? process.cwd(),
  };
}

/** A client that fails every write after the first `writes` ones, as a runner killed mid-deploy stops writing. */
export function failingAfter(writes: number): S3Client {
  const client = s3Client();
  let count = 0;
  const isWrite = (name?: string) => /^(PutObject|CopyObject|DeleteObjects|CreateMultipartUpload|UploadPart)Command$/.test(name ?? '');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (isWrite(context.commandName) && ++count > writes) throw new Error('runner killed');
      return next(args);
    },
    { step: 'initialize', name: 'killAfter' },
  );
  return client;
}

/** A clock standing where the test moves `time.now` to, for the run's context (its sleeps are real). */
export function heldAt(time: { now: number }): Clock {
  return { now: () => time.now, sleep: realClock.sleep };
}
