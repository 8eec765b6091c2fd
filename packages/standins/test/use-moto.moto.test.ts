import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { enforcePolicy } from '@tandem/standins/iam';
import { startMoto } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';

// What a file gets from useMoto: the worker's server for its options, clean before every test.
const moto = useMoto({ buckets: ['named-site'] });
const same = useMoto({ endpoint: false, reset: 'file' });
const rollouts = useMoto({ env: { MOTO_ROLLOUT_SECONDS: '1' }, endpoint: false, reset: 'file' });

const bucketNames = async () => ((await moto.s3(1).send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name).sort();

test('one server per worker for the same options, another for other settings; the endpoint is set for the file', () => {
  expect(same.endpoint).toBe(moto.endpoint);
  expect(rollouts.endpoint).not.toBe(moto.endpoint);
  expect(process.env.AWS_ENDPOINT_URL).toBe(moto.endpoint);
});

test('a test leaves a bucket and IAM enforcement on', async () => {
  await moto.s3(1).send(new CreateBucketCommand({ Bucket: 'left-behind' }));
  expect(await bucketNames()).toEqual(['left-behind', 'named-site']);
  await enforcePolicy(moto, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });
  await expect(moto.s3(1).send(new ListBucketsCommand({}))).rejects.toThrow();
});

test('the next test starts from a reset moto with the named buckets and enforcement off', async () => {
  expect(await bucketNames()).toEqual(['named-site']);
});

test('stop() leaves the worker\'s server running for the next file', async () => {
  await moto.stop();
  expect((await moto.api('')).status).toBe(200);
});

test('a server that cannot import what it needs is named with the missing module, not left to time out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moto-missing-'));
  const script = join(dir, 'launcher.py');
  writeFileSync(script, 'import moto_that_is_not_installed\n');
  await expect(startMoto({ script })).rejects.toThrow(/the moto server cannot import 'moto_that_is_not_installed' in \S+\. Install moto\[server\] 5/);
});

test('each server answers with a mark of its own, so a server that another one got the port of is not taken for it', async () => {
  const marks = await Promise.all([moto, rollouts].map(async (server) => (await server.api('')).headers.get('server')));
  for (const mark of marks) expect(mark).toMatch(/^moto [0-9a-f-]{36}$/);
  expect(marks[0]).not.toBe(marks[1]);
});
