// How long verify-shared-storage takes, run as the runner runs it, against moto and the example
// shop image. Prints figures; moto's speed says nothing about AWS latency, only about the action's
// own overhead and the image check's cost.
//   npx tsx actions/verify-shared-storage/bench/verify.ts [runs]
import { dockerCli } from '@tandem/image';
import { performance } from 'node:perf_hooks';
import { makeClient } from '@tandem/kit';
import { S3Client } from '@aws-sdk/client-s3';
import { imageChecks, probeBucket, type Environment } from '@tandem/storage';
import { runBundle } from '@tandem/standins/harness';
import { startMoto, useMotoEndpoint } from '@tandem/standins/moto';
import { buildDjangoImage } from '@tandem/standins/django-image';
import { register, sharedWorld, shopEnvironment, taskDefinition, webContainer } from '../test/world.js';

process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
process.env.AWS_REGION = 'us-east-1';

const runs = Number(process.argv[2] ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

const moto = await startMoto();
useMotoEndpoint(moto);
try {
  const world = await sharedWorld();
  const arn = await register(taskDefinition(webContainer(shopEnvironment(world))));
  const image = await buildDjangoImage('tandem-test/verify-storage-shop:test');

  const s3 = makeClient(S3Client, { region: 'us-east-1', maxAttempts: 2 }, 'bench');
  const probes: number[] = [];
  for (let index = 0; index < runs * 4; index += 1) probes.push(await time(() => probeBucket(s3, { bucket: world.bucket, prefix: 'bench/', id: String(index) })));

  const environment: Environment = new Map(Object.entries(shopEnvironment(world)).map(([name, value]) => [name, { kind: 'plain', value }]));
  const images: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    images.push(await time(() => imageChecks(dockerCli(), { image, environment, urlVariable: 'DATABASE_URL', bucketVariable: 'AWS_STORAGE_BUCKET_NAME' })));
  }

  const bundles: Record<string, number[]> = { 'bundle, AWS checks only': [], 'bundle, with the image check': [] };
  for (let index = 0; index < runs; index += 1) {
    for (const [name, inputs] of [['bundle, AWS checks only', { 'task-definition': arn }], ['bundle, with the image check', { 'task-definition': arn, image }]] as const) {
      const run = await runBundle('verify-shared-storage', { inputs, env: { AWS_ENDPOINT_URL: moto.endpoint } });
      if (run.code !== 0) throw new Error(`${name} failed: ${run.errors.join(' ')}`);
      bundles[name].push(run.durationMs);
    }
  }

  console.log(`runs: ${runs} (probe: ${probes.length})`);
  console.log(`probe (put, get, delete by version id, list versions) on a versioned bucket: median ${median(probes).toFixed(0)} ms`);
  console.log(`image check (docker run of the example shop): median ${median(images).toFixed(0)} ms, min ${Math.min(...images).toFixed(0)} ms`);
  for (const [name, values] of Object.entries(bundles)) console.log(`${name} (node start to exit): median ${median(values)} ms, min ${Math.min(...values)} ms`);
} finally {
  await moto.stop();
}
