import { createReadStream, readFileSync } from 'node:fs';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BuildMiddleware } from '@smithy/types';
import { ConfigurationError, describeGrant, grantOf, hasStatus, isAccessDenied, isNamed, isNotFound, makeClient, requestHandlerConfig, type AwsClientConfig, type AwsSettings } from '@tandem/kit';
import { listPages, type ListedObject } from './listing.js';
import type { RemoteObject } from './plan.js';

/** The object metadata key (x-amz-meta-sha256) that carries the content hash. */
export const HASH_METADATA = 'sha256';
/** Files above this go up as streamed multipart uploads. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
export const PART_SIZE = 8 * 1024 * 1024;
/** Files up to this size are read whole: cheaper than a stream for the many small files of a site. */
export const BUFFERED_SIZE = 1024 * 1024;
/** ListObjectsV2 answers at most 1,000 keys a page; every page is followed. */
export const LIST_PAGE = 1000;
/** DeleteObjects takes at most 1,000 keys (moto takes more; AWS does not). */
export const DELETE_BATCH = 1000;

export interface Headers {
  contentType: string;
  cacheControl: string;
  sha256: string;
}

/**
 * Checksums where they are needed: uploads choose their own (see uploadFile), DeleteObjects gets
 * the one S3 requires; reads of the small release records skip validation.
 */
class SiteS3Client extends S3Client {
  constructor(config: AwsClientConfig & Pick<S3ClientConfig, 'requestHandler'>) {
    super({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  }
}

/** Parts of one multipart upload in flight at once. */
export const UPLOAD_QUEUE = 4;
/** The SDK's own keep-alive agent opens at most this many sockets. */
const SDK_SOCKETS = 50;

/**
 * The sockets a run at `concurrency` can use at once: every slot may be a multipart upload with
 * its parts in flight, and the deploy lock's heartbeat needs one beside them. Past the SDK's 50,
 * the requests above it would queue inside the agent while `concurrency` says they run.
 */
export function socketsFor(concurrency: number): number {
  return Math.max(SDK_SOCKETS, concurrency * UPLOAD_QUEUE + 1);
}

export function siteClient(settings: AwsSettings, action: string, concurrency = 1): S3Client {
  const maxSockets = socketsFor(concurrency);
  const Client = class extends SiteS3Client {
    constructor(config: AwsClientConfig) {
      super({ ...config, requestHandler: requestHandlerConfig(settings, maxSockets) });
    }
  };
  return makeClient(Client, settings, action);
}

/** A bucket that is missing or closed to us is the user's to fix: say which input names it. */
function bucketProblem(error: unknown, bucket: string, input: string): Error {
  if (isNotFound(error, 'NoSuchBucket')) {
    return new ConfigurationError(`bucket '${bucket}' does not exist (or is in another account): check the name`, input);
  }
  if (isAccessDenied(error) || hasStatus(error, 403)) {
    const grant = grantOf(error) ?? describeGrant({ service: 'S3', operation: 'ListObjectsV2', input: { Bucket: bucket }, region: '' });
    return new ConfigurationError(`access to bucket '${bucket}' was denied: ${grant} to the role (see the IAM policy in the README)`, input);
  }
  if (isNamed(error, 'PermanentRedirect') || hasStatus(error, 301)) {
    return new ConfigurationError(`bucket '${bucket}' is in another region: set aws-region to the bucket's region`, input);
  }
  return error as Error;
}

/** Every page of a listing under `prefix`, each handed on and dropped before the next is read. */
async function eachListed(s3: S3Client, bucket: string, prefix: string, input: string, pageSize: number, visit: (item: ListedObject) => void): Promise<void> {
  try {
    for await (const page of listPages(s3, { Bucket: bucket, Prefix: prefix || undefined }, pageSize)) {
      for (const item of page) visit(item);
    }
  } catch (error) {
    throw bucketProblem(error, bucket, input);
  }
}

/**
 * Every object under `prefix`, named relative to it, leaving out the keys `exclude` says: only
 * the name, size and ETag of each (a site of 100,000 files is held as 100,000 of these).
 */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
  input: string,
  exclude: (key: string) => boolean = () => false,
  pageSize = LIST_PAGE,
): Promise<RemoteObject[]> {
  const objects: RemoteObject[] = [];
  await eachListed(s3, bucket, prefix, input, pageSize, (item) => {
    if (item.key && !exclude(item.key)) objects.push({ name: item.key.slice(prefix.length), size: item.size, etag: item.etag, described: false });
  });
  return objects;
}

/** Every object under `prefix` with the time S3 wrote it (the release manifests: when each release was recorded). */
export async function listWritten(s3: S3Client, bucket: string, prefix: string, input: string): Promise<Array<{ name: string; lastModified: number }>> {
  const objects: Array<{ name: string; lastModified: number }> = [];
  await eachListed(s3, bucket, prefix, input, LIST_PAGE, (item) => {
    if (item.key) objects.push({ name: item.key.slice(prefix.length), lastModified: Date.parse(item.lastModified) || 0 });
  });
  return objects;
}

export async function headObject(s3: S3Client, bucket: string, key: string): Promise<{ sha256?: string; contentType?: string; cacheControl?: string; etag: string; size: number }> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    sha256: head.Metadata?.[HASH_METADATA],
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    etag: head.ETag ?? '',
    size: head.ContentLength ?? 0,
  };
}

/** The text of an object, or undefined when there is none. */
export async function readText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await response.Body?.transformToString('utf8');
  } catch (error) {
    if (isNotFound(error, 'NoSuchKey')) return undefined;
    throw error;
  }
}

/**
 * The body of an object as it arrives, with its size when S3 gives it, or undefined when there is
 * none: the caller chooses to parse it as it is read (a 100,000-file release manifest is 32 MB)
 * or to hold a small one whole.
 */
export async function readChunks(s3: S3Client, bucket: string, key: string): Promise<{ chunks: AsyncIterable<Uint8Array>; size?: number } | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    // On Node the body is a Readable: an async iterable of Buffers.
    const chunks = response.Body as AsyncIterable<Uint8Array> | undefined;
    return chunks && { chunks, size: response.ContentLength };
  } catch (error) {
    if (isNotFound(error, 'NoSuchKey')) return undefined;
    throw error;
  }
}

/**
 * Writes a record (its JSON text: manifestText, pointerText). The body goes as bytes: the SDK
 * encodes a string body twice, to count its bytes and to send them (for a 20,416-file manifest,
 * 48 ms and 70 ms).
 */
export async function putRecord(s3: S3Client, bucket: string, key: string, text: string): Promise<void> {
  const Body = Buffer.from(text, 'utf8');
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body, ContentType: 'application/json; charset=utf-8', CacheControl: 'no-store' }));
}

/** Streams a file up: one PutObject, or a multipart Upload past the threshold. Returns the ETag. */
export async function uploadFile(
  s3: S3Client,
  target: { bucket: string; key: string; path: string; size: number; headers: Headers },
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const params = {
    Bucket: target.bucket,
    Key: target.key,
    ContentType: target.headers.contentType,
    CacheControl: target.headers.cacheControl,
    Metadata: { [HASH_METADATA]: target.headers.sha256 },
  };
  if (target.size <= MULTIPART_THRESHOLD) {
    // S3 checks the bytes it got against the signed SHA-256 (small files, read whole) or a CRC32
    // the SDK computes while streaming (larger ones), and refuses them on a mismatch.
    if (target.size <= BUFFERED_SIZE) {
      // Read at once: at most 1 MiB, just hashed, so from the page cache. fs/promises' readFile
      // opens a FileHandle and makes four thread-pool round trips per file: a 2,058-file first
      // deploy took 0.15 ms of the main thread per file in opening the handles alone, and
      // 0.1-0.4 s more system time (four runs each against the bundle before).
      const body = readFileSync(target.path);
      const command = new PutObjectCommand({ ...params, Body: body, ContentLength: target.size });
      command.middlewareStack.add(signedPayloadHash(target.headers.sha256), { step: 'build', name: 'tandemPayloadHash' });
      const result = await s3.send(command, { abortSignal: signal });
      return result.ETag ?? '';
    }
    const body = createReadStream(target.path);
    const result = await s3.send(new PutObjectCommand({ ...params, Body: body, ContentLength: target.size, ChecksumAlgorithm: 'CRC32' }), { abortSignal: signal });
    return result.ETag ?? '';
  }
  const upload = new Upload({ client: s3, params: { ...params, Body: createReadStream(target.path) }, partSize: PART_SIZE, queueSize: UPLOAD_QUEUE, abortController: abortControllerFor(signal) });
  upload.on('httpUploadProgress', (progress) => onProgress?.(progress.loaded ?? 0));
  const result = await upload.done();
  return result.ETag ?? '';
}

/**
 * The payload hash the request is signed with (x-amz-content-sha256), which S3 checks the body
 * against (XAmzContentSHA256Mismatch): the SHA-256 the scan already computed, so neither the
 * signer nor a Content-MD5 reads the bytes again, and a file changed since it was hashed is
 * refused rather than published under a hash that is not its own.
 */
function signedPayloadHash(sha256: string): BuildMiddleware<PutObjectCommandInput, PutObjectCommandOutput> {
  return (next) => async (args) => {
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) request.headers['x-amz-content-sha256'] = sha256;
    return next(args);
  };
}

function abortControllerFor(signal?: AbortSignal): AbortController | undefined {
  if (!signal) return undefined;
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}

/** S3 reads CopySource as a URL path: every segment encoded, so `#`, `+`, `%` and spaces survive. */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * A server-side copy that sets the headers anew (MetadataDirective REPLACE): rewrites headers in
 * place, fills the release store, and restores a release, without any bytes through the runner.
 * `ifMatch` makes it fail rather than copy something other than what was planned.
 */
export async function copyObject(
  s3: S3Client,
  copy: { fromBucket: string; fromKey: string; toBucket: string; toKey: string; headers: Headers; ifMatch?: string },
  signal?: AbortSignal,
): Promise<string> {
  const result = await s3.send(
    new CopyObjectCommand({
      Bucket: copy.toBucket,
      Key: copy.toKey,
      CopySource: copySource(copy.fromBucket, copy.fromKey),
      CopySourceIfMatch: copy.ifMatch,
      MetadataDirective: 'REPLACE',
      ContentType: copy.headers.contentType,
      CacheControl: copy.headers.cacheControl,
      Metadata: { [HASH_METADATA]: copy.headers.sha256 },
    }),
    { abortSignal: signal },
  );
  return result.CopyObjectResult?.ETag ?? '';
}

/** Deletes in batches of 1,000; any key S3 could not delete fails the run. */
export async function deleteObjects(s3: S3Client, bucket: string, keys: readonly string[], signal?: AbortSignal): Promise<void> {
  for (let at = 0; at < keys.length; at += DELETE_BATCH) {
    const batch = keys.slice(at, at + DELETE_BATCH);
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }), { abortSignal: signal });
    if (result.Errors && result.Errors.length > 0) {
      const first = result.Errors[0];
      throw new Error(`S3 could not delete ${result.Errors.length} object(s), e.g. '${first.Key}': ${first.Code} ${first.Message ?? ''}`.trim());
    }
  }
}
