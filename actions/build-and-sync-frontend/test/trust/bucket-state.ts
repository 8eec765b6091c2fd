import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export interface ObjectState {
  sha256: string;
  contentType?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  /** The release record, with what differs between two equal runs (times, the bucket's name) left out. */
  record?: unknown;
}

function normalizedRecord(key: string, text: string): unknown {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (key.endsWith('current.json')) {
    const pointer = value as { current: string; history: Array<{ release: string; kind: string }> };
    return { current: pointer.current, history: pointer.history.map((entry) => [entry.release, entry.kind]) };
  }
  const { createdAt: _createdAt, bucket: _bucket, ...rest } = value;
  return rest;
}

/** Every object of a bucket: the hash of its bytes, its headers and metadata; records normalized. */
export async function bucketState(s3: S3Client, bucket: string): Promise<Record<string, ObjectState>> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) keys.push(item.Key ?? '');
    token = page.NextContinuationToken;
  } while (token);
  const state: Record<string, ObjectState> = {};
  for (const key of keys.sort()) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await object.Body!.transformToByteArray();
    const isRecord = /_releases\/(current\.json|manifests\/.*\.json)$/.test(key);
    state[key] = {
      sha256: isRecord ? '(record)' : createHash('sha256').update(bytes).digest('hex'),
      contentType: object.ContentType,
      cacheControl: object.CacheControl,
      metadata: object.Metadata,
      ...(isRecord ? { record: normalizedRecord(key, Buffer.from(bytes).toString('utf8')) } : {}),
    };
  }
  return state;
}
