import {
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { fail, pass, warn, type Check } from './checks.js';
import { publicAccessCheck } from './public-access.js';

const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Why a bucket name is one S3 would refuse, if it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (!BUCKET_NAME.test(name)) return `'${name}' is not a valid S3 bucket name (3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)`;
  if (/\.\.|\.-|-\./.test(name) || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `'${name}' is not a valid S3 bucket name`;
  return undefined;
}

const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const named = (error: unknown, ...names: string[]) => names.includes((error as { name?: string }).name ?? '');

/** media-bucket-exists: HeadBucket, with the usual answers turned into what to do. */
export async function bucketExistsCheck(s3: S3Client, bucket: string, variable: string): Promise<Check> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return pass('media-bucket-exists', `${bucket} exists and this role can reach it`);
  } catch (error) {
    if (status(error) === 404 || named(error, 'NotFound', 'NoSuchBucket')) {
      return fail('media-bucket-exists', `${variable} names ${bucket}, which does not exist: every upload would fail`, `Create the bucket, or correct ${variable} in the task definition`);
    }
    if (status(error) === 403 || named(error, 'Forbidden', 'AccessDenied')) {
      return fail('media-bucket-exists', `${bucket} answers 403: it belongs to another account, or this role lacks s3:ListBucket on it`, `Check the name in ${variable}, and grant s3:ListBucket on arn:aws:s3:::${bucket} to the role running this step`);
    }
    throw error;
  }
}

/** Block Public Access, the bucket policy and the ACL, read and judged together. */
export async function publicAccess(s3: S3Client, bucket: string): Promise<Check> {
  const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })).then(
    (answer) => answer.PublicAccessBlockConfiguration,
    (error) => (named(error, 'NoSuchPublicAccessBlockConfiguration') ? undefined : Promise.reject(error)),
  );
  const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket })).then(
    (answer) => answer.Policy,
    (error) => (named(error, 'NoSuchBucketPolicy') ? undefined : Promise.reject(error)),
  );
  const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
  return publicAccessCheck({ bucket, block, policy, grants: acl.Grants ?? [] });
}

/** media-versioning: whether a deleted or overwritten upload can be brought back. */
export async function versioningCheck(s3: S3Client, bucket: string): Promise<{ check: Check; versioned: boolean }> {
  const answer = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  const fix = `Enable versioning on ${bucket} (aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled), with a lifecycle rule that expires noncurrent versions after the days you need`;
  if (answer.Status === 'Enabled') return { check: pass('media-versioning', `versioning is on: a deleted or overwritten upload can be restored`), versioned: true };
  if (answer.Status === 'Suspended') return { check: warn('media-versioning', 'versioning is suspended: uploads deleted or overwritten from now on cannot be restored', fix), versioned: true };
  return { check: warn('media-versioning', 'versioning was never enabled: a deleted or overwritten upload is gone for good', fix), versioned: false };
}

export interface ProbeOptions {
  bucket: string;
  /** Folder for the probe object, ending in `/`. */
  prefix: string;
  /** Makes the key unique to this run. */
  id: string;
}

/**
 * media-probe: writes an object, reads it back, deletes it and every version and delete marker
 * it made, then lists the key to prove nothing is left. Cleans up even when a step fails.
 */
export async function probeBucket(s3: S3Client, options: ProbeOptions): Promise<Check> {
  const key = `${options.prefix}${options.id}`;
  const body = `verify-shared-storage probe ${options.id}\n`;
  const where = `s3://${options.bucket}/${key}`;
  let problem: string | undefined;
  try {
    // If-None-Match: a unique key, and never an overwrite of something that happens to be there.
    await s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body, ContentType: 'text/plain', IfNoneMatch: '*' }));
    const read = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    const text = await read.Body?.transformToString();
    if (text !== body) problem = `read back ${text === undefined ? 'nothing' : `${Buffer.byteLength(text)} bytes that differ`} from ${where}`;
  } catch (error) {
    problem = `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    const left = await removeProbe(s3, options.bucket, key);
    if (left.length) problem = `${problem ? `${problem}; ` : ''}the probe left ${left.join(', ')} behind`;
  }
  if (problem) {
    return fail('media-probe', `write, read back and delete of ${where} failed: ${problem}`, `Grant s3:PutObject, s3:GetObject, s3:DeleteObject and s3:DeleteObjectVersion on arn:aws:s3:::${options.bucket}/${options.prefix}* (and to the task role), or set probe: false for read-only checks`);
  }
  return pass('media-probe', `wrote, read back and deleted ${where}; nothing left behind`);
}

async function removeProbe(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
  // On a versioned bucket the delete above only adds a marker: remove the probe's versions too.
  const versions = await probeVersions(s3, bucket, key).catch(() => []);
  for (const versionId of versions) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })).catch(() => undefined);
  }
  const remaining = await probeVersions(s3, bucket, key).catch(() => undefined);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key })).then((answer) => answer.KeyCount ?? 0, () => undefined);
  const left: string[] = [];
  if (listed === undefined || remaining === undefined) left.push('possibly the object (it could not be listed)');
  else if (listed > 0) left.push('the object');
  else if (remaining.length > 0) left.push(`${remaining.length} version(s) or delete marker(s)`);
  return left;
}

async function probeVersions(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  const answer = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return [...(answer.Versions ?? []), ...(answer.DeleteMarkers ?? [])]
    .filter((entry) => entry.Key === key && entry.VersionId)
    .map((entry) => entry.VersionId as string);
}
