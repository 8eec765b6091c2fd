import type { S3Client } from '@aws-sdk/client-s3';
import { useMoto } from '@tandem/standins/use-moto';
import { testContext } from '@tandem/standins/context';
import { run } from '../src/run.js';
import { body, createBucket, inputs, makeSite, s3Client, testDeps } from './site.js';
import { throttlingProxy, type Throttle } from './throttle.js';

let proxy: Throttle;
let s3: S3Client;

const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  s3 = s3Client();
  await createBucket(s3, 'shop-site');
  proxy = await throttlingProxy(moto.endpoint, 4);
});
afterAll(async () => {
  await proxy?.close();
});

test('503 SlowDown answers are retried with backoff and the deploy completes', async () => {
  const dir = await makeSite({ 'index.html': 'home', 'assets/a-11111111.js': 'a', 'assets/b-22222222.js': 'b', 'about.html': 'about' });
  process.env.AWS_ENDPOINT_URL = proxy.endpoint;
  try {
    const result = await run(inputs({ bucket: 'shop-site', 'source-dir': dir, concurrency: '2' }), testDeps(), testContext());
    expect(result.plan.uploads).toHaveLength(4);
  } finally {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
  }
  expect(proxy.throttled).toBe(4);
  for (const [key, content] of [['index.html', 'home'], ['assets/a-11111111.js', 'a'], ['about.html', 'about']]) {
    expect(await body(s3, 'shop-site', key)).toBe(content);
  }
});
