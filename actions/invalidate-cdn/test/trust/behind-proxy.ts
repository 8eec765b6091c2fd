// Test support: the trust files that put a proxy between the action and moto.
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { Listening } from '@tandem/standins/proxy';
import { createDistribution } from '@tandem/standins/resources';
import { useMoto } from '@tandem/standins/use-moto';

export interface DistributionBehindProxy<P> {
  /** The proxy the action's calls go through, started once for the file. */
  proxy: P;
  /** A client straight to moto, for the test's own setup and checks. */
  cloudfront: CloudFrontClient;
  /** A new distribution, made before each test. */
  distributionId: string;
}

/**
 * moto (the test process's SDK left unpointed), `startProxy` in front of it for the file, and a
 * new distribution before each test: handed to `ready` before the file's own beforeEach.
 */
export function useDistributionBehind<P extends Listening>(startProxy: (upstream: string) => Promise<P>, ready: (made: DistributionBehindProxy<P>) => void): void {
  const moto = useMoto({ endpoint: false });
  let proxy: P | undefined;
  let cloudfront: CloudFrontClient | undefined;
  beforeAll(async () => {
    proxy = await startProxy(moto.endpoint);
    cloudfront = new CloudFrontClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  });
  afterAll(async () => {
    await proxy?.stop();
  });
  beforeEach(async () => {
    if (!proxy || !cloudfront) throw new Error('useDistributionBehind: the proxy did not start');
    ready({ proxy, cloudfront, distributionId: await createDistribution(cloudfront) });
  });
}
