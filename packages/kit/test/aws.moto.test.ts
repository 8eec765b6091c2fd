import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, describeThrown, localS3Endpoint, makeClient, PerCallRetryStrategy, resolveRegion } from '@tandem/kit';
import { useMoto } from '@tandem/standins/use-moto';

const moto = useMoto();

const settings = { region: 'us-east-1', maxAttempts: 2 };

test('a client built by the kit reaches moto through AWS_ENDPOINT_URL alone', async () => {
  const s3 = makeClient(S3Client, settings, 'kit-test');
  await s3.send(new CreateBucketCommand({ Bucket: 'probe-bucket' }));
  const listed = await s3.send(new ListBucketsCommand({}));
  expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(['probe-bucket']);
});

test('the service-specific variable wins over the general one', async () => {
  process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
  process.env.AWS_ENDPOINT_URL_S3 = moto.endpoint;
  try {
    const s3 = makeClient(S3Client, settings, 'kit-test');
    await s3.send(new CreateBucketCommand({ Bucket: 'via-s3-variable' }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.[0]?.Name).toBe('via-s3-variable');
  } finally {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    delete process.env.AWS_ENDPOINT_URL_S3;
  }
});

test('a failed call names the AWS operation in the message', async () => {
  const s3 = makeClient(S3Client, settings, 'kit-test');
  const error = await s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'a', Body: 'x' })).catch((thrown: unknown) => thrown);
  expect((error as Error).name).toBe('NoSuchBucket');
  expect(describeThrown(error).message).toMatch(/^PutObject \(S3\): /);
});

test('client settings: adaptive retry with a budget per call, attempts, region and the suite in the user agent', async () => {
  const config = awsClientConfig({ region: 'eu-west-1', maxAttempts: 5 }, 'invalidate-cdn');
  expect(config).toEqual({
    region: 'eu-west-1',
    maxAttempts: 5,
    retryStrategy: expect.any(PerCallRetryStrategy),
    customUserAgent: [
      ['tandem-deploy', expect.stringMatching(/^\d+\.\d+\.\d+$/)],
      ['action', 'invalidate-cdn'],
    ],
    // The AWS CLI's 60 s connect and read timeouts; no proxy set, so the agents go direct.
    requestHandler: { connectionTimeout: 60_000, socketTimeout: 60_000, httpAgent: {}, httpsAgent: {} },
  });
  const s3 = makeClient(S3Client, { region: 'eu-west-1', maxAttempts: 5 }, 'invalidate-cdn');
  expect(await s3.config.maxAttempts()).toBe(5);
  const strategy = await s3.config.retryStrategy();
  expect(strategy).toBeInstanceOf(PerCallRetryStrategy);
  expect((strategy as PerCallRetryStrategy).mode).toBe('adaptive');
});

test.each<[NodeJS.ProcessEnv, boolean]>([
  [{}, false],
  [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }, true],
  [{ AWS_ENDPOINT_URL: 'http://[::1]:5000' }, true],
  [{ AWS_ENDPOINT_URL: 'https://localhost:4566' }, true],
  [{ AWS_ENDPOINT_URL: 'http://minio.internal:9000' }, true],
  [{ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5000', AWS_ENDPOINT_URL: 'https://proxy.example.com' }, true],
  [{ AWS_ENDPOINT_URL: 'https://s3.eu-west-1.amazonaws.com' }, false],
  [{ AWS_ENDPOINT_URL: 'https://bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com' }, false],
  [{ AWS_ENDPOINT_URL: 'not a url' }, false],
])('S3 takes the bucket in the path on a local endpoint: %j', (env, expected) => {
  expect(localS3Endpoint(env)).toBe(expected);
  expect(awsClientConfig({ region: 'us-east-1', maxAttempts: 1, pathStyle: localS3Endpoint(env) }, 'test').forcePathStyle).toBe(expected || undefined);
});

describe('resolveRegion', () => {
  test.each([
    ['eu-central-1', {}, 'eu-central-1'],
    ['', { AWS_REGION: 'us-west-2' }, 'us-west-2'],
    ['', { AWS_DEFAULT_REGION: 'ap-southeast-2' }, 'ap-southeast-2'],
    ['', { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }, 'us-west-2'],
    ['us-gov-west-1', {}, 'us-gov-west-1'],
  ])('input %j with env %j gives %s', (input, env, region) => expect(resolveRegion(input, env)).toBe(region));

  test.each([
    ['', {}, 'no region'],
    ['us-east', {}, "'us-east' is not an AWS region"],
    ['US-EAST-1', {}, "'US-EAST-1' is written in capitals: give it in lower case, us-east-1"],
    ['eu-west-1b', {}, "'eu-west-1b' is an availability zone: give its region, eu-west-1"],
    ['us-gov-west-1a', {}, "'us-gov-west-1a' is an availability zone: give its region, us-gov-west-1"],
  ])('refuses input %j with env %j', (input, env, why) => {
    expect(() => resolveRegion(input, env)).toThrow(why);
    expect(() => resolveRegion(input, env)).toThrow("Input 'aws-region'");
  });
});
