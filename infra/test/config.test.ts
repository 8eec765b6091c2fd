import { ConfigError, promoteSource, readEnvironment, readEnvironments, type EnvironmentInput } from '../src/config.js';

const good: EnvironmentInput = { app: 'shop', environment: 'production', repository: 'example/shop' };

describe('an environment is read and checked before anything is made', () => {
  test('defaults follow from the app and the environment', () => {
    expect(readEnvironment(good)).toEqual({
      app: 'shop',
      environment: 'production',
      repository: 'example/shop',
      certificateArn: undefined,
      healthPath: '/healthz',
      containerPort: 8000,
      workerCommand: undefined,
      multiAz: false,
      oidcProviderArn: undefined,
      buckets: { site: 'shop-production-site', media: 'shop-production-media', locks: 'shop-production-deploy-locks' },
    });
  });

  test.each<[string, EnvironmentInput, RegExp]>([
    ['no repository', { app: 'shop', environment: 'production' }, /shop-production: 'repository' is required: the owner\/name/],
    ['a repository without an owner', { ...good, repository: 'shop' }, /'repository' must be owner\/name, not 'shop'/],
    ['a certificate ARN of another service', { ...good, certificateArn: 'arn:aws:iam::123456789012:server-certificate/shop' }, /'certificateArn' must be an ACM certificate ARN/],
    ['a certificate ARN without its id', { ...good, certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/' }, /'certificateArn' must be an ACM certificate ARN/],
    ['an OIDC provider that is not GitHub', { ...good, oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/gitlab.com' }, /'oidcProviderArn' must be the ARN of GitHub's provider/],
    ['no app', { environment: 'production', repository: 'example/shop' }, /'app' is required/],
    ['an upper-case environment', { ...good, environment: 'Prod' }, /'environment' must be 1-20 of a-z 0-9 -/],
    ['a health path without its slash', { ...good, healthPath: 'healthz' }, /'healthPath' must be a path starting with \//],
    ['a privileged port', { ...good, containerPort: 80 }, /'containerPort' must be a port 1024-65535, not 80/],
    ['an empty worker command', { ...good, workerCommand: [] }, /'workerCommand' must be a non-empty list/],
    ['a bucket name S3 refuses', { ...good, buckets: { media: 'Shop_Media' } }, /'buckets.media' is not a valid S3 bucket name: 'Shop_Media'/],
    ['one bucket for two purposes', { ...good, buckets: { site: 'shop-web', media: 'shop-web' } }, /'buckets' must name three different buckets/],
    ['promoteFrom without its environment', { ...good, promoteFrom: {} }, /'promoteFrom.environment' is required: the environment whose releases are promoted here/],
    ['promoteFrom naming the environment itself', { ...good, promoteFrom: { environment: 'production' } }, /'promoteFrom.environment' names this environment itself/],
    ['promoteFrom in a region without its number', { ...good, promoteFrom: { environment: 'staging', region: 'us-east' } }, /'promoteFrom.region' must be an AWS region such as us-east-1, not 'us-east'/],
  ])('%s is refused', (_, input, message) => {
    expect(() => readEnvironment(input)).toThrow(ConfigError);
    expect(() => readEnvironment(input)).toThrow(message);
  });

  test('a certificate ARN ACM gives is taken', () => {
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    expect(readEnvironment({ ...good, certificateArn }).certificateArn).toBe(certificateArn);
  });
});

describe('environments of one app', () => {
  test('each gets its own buckets', () => {
    const configs = readEnvironments([good, { ...good, environment: 'staging' }]);
    expect(configs.map((config) => config.buckets.site)).toEqual(['shop-production-site', 'shop-staging-site']);
  });

  test("a bucket name taken by another environment's stack is refused, naming both", () => {
    expect(() => readEnvironments([good, { ...good, environment: 'staging', buckets: { media: 'shop-production-media' } }])).toThrow(
      "shop-staging: 'buckets.media' is 'shop-production-media', a bucket the stack shop-production (buckets.media) already makes; give each environment its own",
    );
    expect(() => readEnvironments([good, { ...good, environment: 'staging', buckets: { locks: 'shop-production-site' } }])).toThrow(/a bucket the stack shop-production \(buckets.site\) already makes/);
  });

  test('production promotes from staging of the same file, in its own region unless told', () => {
    const staging = { ...good, environment: 'staging' };
    const configs = readEnvironments([staging, { ...good, promoteFrom: { environment: 'staging' } }, { ...good, environment: 'dr', promoteFrom: { environment: 'staging', region: 'us-east-1' } }]);
    expect(configs.map((config) => config.promoteFrom)).toEqual([undefined, { environment: 'staging' }, { environment: 'staging', region: 'us-east-1' }]);
    expect(promoteSource(configs[1], configs)?.buckets.site).toBe('shop-staging-site');
    expect(promoteSource(configs[0], configs)).toBeUndefined();
  });

  test('promoteFrom naming an environment the file does not have is refused, saying what to do', () => {
    expect(() => readEnvironments([{ ...good, promoteFrom: { environment: 'staging' } }])).toThrow(
      "shop-production: 'promoteFrom.environment' is 'staging', but this file has no environment shop-staging: add it, or grant the reads by hand",
    );
  });

  test('the same environment twice is refused', () => {
    expect(() => readEnvironments([good, good])).toThrow('environments: shop-production is given twice');
  });
});
