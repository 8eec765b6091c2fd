import { GetDistributionCommand, type CloudFrontClient, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { ConfigurationError, isNamed, s3EndpointBucket } from '@tandem/kit';

/** The calls the workflows make; a CloudFrontClient, or a client answering as the API reference documents. */
export type CloudFront = Pick<CloudFrontClient, 'send'>;

export interface Distribution {
  id: string;
  domainName: string;
  status: string;
  enabled: boolean;
  /** The default behaviour's origin, when it is an S3 bucket. */
  siteOrigin?: SiteOrigin;
}

/** An S3 origin: its id, and its origin path as a key prefix ('production/', or '' for the bucket's root). */
export interface SiteOrigin {
  id: string;
  prefix: string;
}

/** The origin the default behaviour sends to, when it is an S3 bucket, with its origin path. */
export function siteOriginOf(config: DistributionConfig | undefined): SiteOrigin | undefined {
  const id = config?.DefaultCacheBehavior?.TargetOriginId;
  const origin = config?.Origins?.Items?.find((item) => item.Id === id);
  if (!origin?.Id) return undefined;
  if (origin.S3OriginConfig === undefined && s3EndpointBucket(origin.DomainName ?? '') === undefined) return undefined;
  const path = (origin.OriginPath ?? '').replace(/^\/+|\/+$/g, '');
  return { id: origin.Id, prefix: path ? `${path}/` : '' };
}

/**
 * The key prefix whose keys viewers request from the distribution's root: the `prefix` input, or,
 * left empty, the origin path of the default behaviour's S3 origin. With an origin path of
 * '/production' a changed key production/index.html is requested as /index.html: invalidating
 * /production/index.html would leave the page stale and say nothing.
 */
export function keyPrefixFor(given: string, origin: SiteOrigin | undefined): { prefix: string; info?: string; warning?: string } {
  if (!origin || given === origin.prefix) return { prefix: given };
  const path = origin.prefix ? `'/${origin.prefix.slice(0, -1)}'` : 'empty';
  if (!given) return { prefix: origin.prefix, info: `prefix '${origin.prefix}': the origin path of ${origin.id}, the S3 origin of the default behaviour (set prefix to use another)` };
  return {
    prefix: given,
    warning: `prefix '${given}' is not the origin path of ${origin.id}, the S3 origin of the default behaviour (${path}): the changed keys are invalidated as if it were; leave prefix empty to follow the distribution`,
  };
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
      siteOrigin: siteOriginOf(found?.DistributionConfig),
    };
  } catch (error) {
    if (isNamed(error, 'NoSuchDistribution')) {
      throw new ConfigurationError(`no CloudFront distribution '${id}' in this account: check the id (CloudFront console, or aws cloudfront list-distributions)`, 'distribution-id');
    }
    throw error;
  }
}
