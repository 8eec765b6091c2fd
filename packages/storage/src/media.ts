import {
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describeGrant, describeThrown, errorName, grantOf, hasStatus, isAccessDenied, isNamed, isNotFound } from '@tandem/kit';
import { fail, pass, warn, type Check } from './checks.js';
import { publicAccessCheck } from './public-access.js';

/** `grant s3:X on Y` as the start of a sentence. */
const sentence = (grant: string) => grant.replace(/^grant/, 'Grant');

/** media-bucket-exists: HeadBucket, with the usual answers turned into what to do. */
export async function bucketExistsCheck(s3: S3Client, bucket: string, variable: string): Promise<Check> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return pass('media-bucket-exists', `${bucket} exists and this role can reach it`);
  } catch (error) {
    if (isNotFound(error, 'NoSuchBucket')) {
      return fail('media-bucket-exists', `${variable} names ${bucket}, which does not exist: every upload would fail`, `Create the bucket, or correct ${variable} in the task definition`);
    }
    if (hasStatus(error, 403) || isAccessDenied(error)) {
      const grant = grantOf(error) ?? describeGrant({ service: 'S3', operation: 'HeadBucket', input: { Bucket: bucket }, region: '' });
      return fail('media-bucket-exists', `${bucket} answers 403: it belongs to another account, or this role lacks s3:ListBucket on it`, `Check the name in ${variable}, and ${grant} to the role running this step`);
    }
    throw error;
  }
}

/** Block Public Access, the bucket policy and the ACL, read and judged together. */
export async function publicAccess(s3: S3Client, bucket: string): Promise<Check> {
  const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })).then(
    (answer) => answer.PublicAccessBlockConfiguration,
    (error) => (isNamed(error, 'NoSuchPublicAccessBlockConfiguration') ? undefined : Promise.reject(error)),
  );
  const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket })).then(
    (answer) => answer.Policy,
    (error) => (isNamed(error, 'NoSuchBucketPolicy') ? undefined : Promise.reject(error)),
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
 * media-probe: writes an object, reads it back, then deletes every version and delete marker
 * under its key, by version id, and lists the key again to prove nothing is left. Cleans up even
 * when a step fails. Deleting by version id removes the object for good on a versioned bucket
 * (no delete marker) and on an unversioned one (version id `null`), with one permission,
 * s3:DeleteObjectVersion.
 */
export async function probeBucket(s3: S3Client, options: ProbeOptions): Promise<Check> {
  const key = `${options.prefix}${options.id}`;
  const body = `verify-shared-storage probe ${options.id}\n`;
  const where = `s3://${options.bucket}/${key}`;
  let problem: string | undefined;
  // The grant a refused write or read needs, named first in the fix.
  let refused: string | undefined;
  // The version the probe wrote, once known: deleted first, without needing a listing.
  let written: string | undefined;
  try {
    written = await putProbe(s3, options.bucket, key, body);
    const read = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    written ??= read.VersionId ?? 'null';
    const text = await read.Body?.transformToString();
    if (text !== body) problem = `read back ${text === undefined ? 'nothing' : `${Buffer.byteLength(text)} bytes that differ`} from ${where}`;
  } catch (error) {
    problem = `${errorName(error)}: ${describeThrown(error).message}`;
    refused = grantOf(error);
  } finally {
    const left = await removeProbe(s3, options.bucket, key, written);
    if (left) problem = `${problem ? `${problem}; ` : ''}the probe left ${left}`;
  }
  if (problem) {
    const all = `s3:PutObject, s3:GetObject and s3:DeleteObjectVersion on arn:aws:s3:::${options.bucket}/${options.prefix}* and s3:ListBucketVersions on arn:aws:s3:::${options.bucket}`;
    const fix = refused ? `${sentence(refused)} to the role running this step (the probe needs ${all})` : `Grant ${all}`;
    return fail('media-probe', `write, read back and delete of ${where} failed: ${problem}`, `${fix} (the task role needs its own object permissions), or set probe: false for read-only checks`);
  }
  return pass('media-probe', `wrote, read back and deleted ${where}; nothing left behind`);
}

/**
 * If-None-Match: never an overwrite of something that happens to be there. The key is unique to
 * this run, so a 412 can only mean that an earlier attempt of this same put landed and its answer
 * was lost (a dropped connection, then the SDK's retry): the object is ours, and is read back next.
 */
async function putProbe(s3: S3Client, bucket: string, key: string, body: string): Promise<string | undefined> {
  try {
    const answer = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain', IfNoneMatch: '*' }));
    // An unversioned bucket gives no version id: its one version is `null`.
    return answer.VersionId ?? 'null';
  } catch (error) {
    if (!hasStatus(error, 412) && !isNamed(error, 'PreconditionFailed')) throw error;
    return undefined;
  }
}

// Each round lists the key's versions and deletes them; a round whose calls failed past the SDK's
// retries is followed by another, so a burst of throttling does not leave the probe behind.
const CLEANUP_ROUNDS = 4;

/** Deletes the probe's versions and delete markers; says what is left, if anything, and why. */
async function removeProbe(s3: S3Client, bucket: string, key: string, written: string | undefined): Promise<string | undefined> {
  let left = 'possibly the object (its versions could not be listed to prove it gone)';
  let refused: unknown;
  const note = (error: unknown) => {
    refused = error;
    return undefined;
  };
  if (written) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: written })).catch(note);
  for (let round = 0; round < CLEANUP_ROUNDS; round += 1) {
    const versions = await probeVersions(s3, bucket, key).catch(note);
    if (versions === undefined) continue;
    if (versions.length === 0) return undefined;
    left = `${versions.length} version(s) or delete marker(s)`;
    for (const versionId of versions) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })).catch(note);
    }
  }
  return refused ? `${left} behind (${describeThrown(refused).message})` : `${left} behind`;
}

async function probeVersions(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  // The SDK has no paginator for ListObjectVersions: follow KeyMarker/VersionIdMarker by hand, so
  // a probe key with more than a page (1,000) of versions is still cleaned up whole.
  const found: string[] = [];
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const answer = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, ...markers }));
    for (const entry of [...(answer.Versions ?? []), ...(answer.DeleteMarkers ?? [])]) {
      if (entry.Key === key && entry.VersionId) found.push(entry.VersionId);
    }
    if (!answer.IsTruncated) return found;
    markers = { KeyMarker: answer.NextKeyMarker, VersionIdMarker: answer.NextVersionIdMarker };
  }
}
