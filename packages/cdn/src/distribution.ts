import { GetDistributionCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { ConfigurationError, isNamed } from '@tandem/kit';

/** The calls the workflows make; a CloudFrontClient, or a client answering as the API reference documents. */
export type CloudFront = Pick<CloudFrontClient, 'send'>;

export interface Distribution {
  id: string;
  domainName: string;
  status: string;
  enabled: boolean;
}

/** Looks the distribution up, so a wrong id fails naming the input before anything is created. */
export async function describeDistribution(client: CloudFront, id: string): Promise<Distribution> {
  try {
    const { Distribution: found } = await client.send(new GetDistributionCommand({ Id: id }));
    return {
      id,
      domainName: found?.DomainName ?? '',
      status: found?.Status ?? '',
      enabled: found?.DistributionConfig?.Enabled ?? true,
    };
  } catch (error) {
    if (isNamed(error, 'NoSuchDistribution')) {
      throw new ConfigurationError(`no CloudFront distribution '${id}' in this account: check the id (CloudFront console, or aws cloudfront list-distributions)`, 'distribution-id');
    }
    throw error;
  }
}
