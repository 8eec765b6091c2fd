import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';

/** A distribution in moto in front of an S3 bucket (under `originPath`, such as '/production'), as CreateDistribution takes it. */
export async function createDistribution(client: CloudFrontClient, bucket = 'shop-site', originPath = ''): Promise<string> {
  const origin = `${bucket}-origin`;
  const { Distribution: created } = await client.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `test-${Date.now()}-${Math.random()}`,
        Comment: 'invalidate-cdn tests',
        Enabled: true,
        DefaultRootObject: 'index.html',
        Origins: {
          Quantity: 1,
          Items: [{ Id: origin, DomainName: `${bucket}.s3.amazonaws.com`, OriginPath: originPath, S3OriginConfig: { OriginAccessIdentity: '' } }],
        },
        DefaultCacheBehavior: {
          TargetOriginId: origin,
          ViewerProtocolPolicy: 'redirect-to-https',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        },
      },
    }),
  );
  if (!created?.Id) throw new Error('moto created no distribution');
  return created.Id;
}
