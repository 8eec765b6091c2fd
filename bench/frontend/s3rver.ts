// A second S3 server for the first deploy: moto answers one request at a time in Python and is
// the limit of every tool alike (the floor's plain PUT loop is within a few percent of the
// action's), so only a faster server shows what each client costs. s3rver serves from Node with
// its objects in /dev/shm (on disk, the page cache's writeback made runs differ by half).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { BUNDLE_NODE } from '@tandem/standins/harness';

export interface S3rver {
  endpoint: string;
  createBuckets(buckets: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3rver(): Promise<S3rver> {
  const dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-s3rver-'));
  const child = spawn(BUNDLE_NODE, [join(import.meta.dirname, 's3rver-serve.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Resolves (never rejects) when the server exits: awaited by stop, raced against its first line.
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const endpoint = await Promise.race([
    createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((line) => String(line.value)),
    exited.then((code) => Promise.reject(new Error(`s3rver exited (${code}) before it listened`))),
  ]);
  const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  return {
    endpoint,
    createBuckets: async (buckets) => {
      for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    stop: async () => {
      s3.destroy();
      child.kill();
      // Its objects are removed once it no longer writes them.
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
