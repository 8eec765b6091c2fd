import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { Moto } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';
import { createDistribution } from '@tandem/standins/resources';
import { readLastInvalidation } from '../live.js';

let moto: Moto;
let cloudfront: CloudFrontClient;

beforeAll(async () => {
  moto = await sharedMoto();
  cloudfront = new CloudFrontClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
});
afterAll(async () => {
  cloudfront?.destroy();
  await moto?.stop();
});

test("the CDN row shows the distribution's latest invalidation, not its first", async () => {
  const distributionId = await createDistribution(cloudfront);
  expect(await readLastInvalidation(cloudfront, distributionId)).toBeUndefined();
  for (const paths of [['/', '/index.html'], ['/sw.js'], ['/about/', '/about/index.html']]) {
    await cloudfront.send(new CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: { CallerReference: paths.join(), Paths: { Quantity: paths.length, Items: paths } } }));
  }
  expect(await readLastInvalidation(cloudfront, distributionId)).toMatchObject({ paths: ['/about/', '/about/index.html'] });
});
