import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { keyPrefixFor, siteOriginOf, type SiteOrigin } from '@tandem/cdn';

/** A distribution's config with these origins, the default behaviour sending to the first. */
function config(...origins: Array<{ Id: string; DomainName: string; OriginPath?: string; S3OriginConfig?: object }>): DistributionConfig {
  return { Origins: { Quantity: origins.length, Items: origins }, DefaultCacheBehavior: { TargetOriginId: origins[0]?.Id } } as DistributionConfig;
}

test.each<[string, DistributionConfig | undefined, SiteOrigin | undefined]>([
  ['an S3 REST origin at the root', config({ Id: 'site', DomainName: 'shop-site.s3.amazonaws.com', S3OriginConfig: {} }), { id: 'site', prefix: '' }],
  ['under an origin path', config({ Id: 'site', DomainName: 'shop-site.s3.eu-west-1.amazonaws.com', OriginPath: '/production', S3OriginConfig: {} }), { id: 'site', prefix: 'production/' }],
  ['an origin path of two segments', config({ Id: 'site', DomainName: 'shop-site.s3.amazonaws.com', OriginPath: '/web/production' }), { id: 'site', prefix: 'web/production/' }],
  ['a website endpoint (a custom origin)', config({ Id: 'site', DomainName: 'shop-site.s3-website-us-east-1.amazonaws.com', OriginPath: '/live' }), { id: 'site', prefix: 'live/' }],
  ['a website endpoint with a dot', config({ Id: 'site', DomainName: 'shop-site.s3-website.eu-central-1.amazonaws.com' }), { id: 'site', prefix: '' }],
  ['a legacy regional endpoint', config({ Id: 'site', DomainName: 'shop-site.s3-us-west-2.amazonaws.com' }), { id: 'site', prefix: '' }],
  ['a China endpoint', config({ Id: 'site', DomainName: 'shop-site.s3.cn-north-1.amazonaws.com.cn', OriginPath: '/p' }), { id: 'site', prefix: 'p/' }],
  ['a load balancer', config({ Id: 'api', DomainName: 'shop-1234.eu-west-1.elb.amazonaws.com', OriginPath: '/v1' }), undefined],
  ['a bucket behind the second origin only', config({ Id: 'api', DomainName: 'api.example.com' }, { Id: 'site', DomainName: 'shop-site.s3.amazonaws.com', S3OriginConfig: {} }), undefined],
  ['a look-alike host', config({ Id: 'site', DomainName: 'shop.s3.amazonaws.com.example.com' }), undefined],
  ['no config', undefined, undefined],
])('siteOriginOf: %s', (_name, given, expected) => expect(siteOriginOf(given)).toEqual(expected));

test.each<[string, string, SiteOrigin | undefined, ReturnType<typeof keyPrefixFor>]>([
  ['no S3 origin: as given', 'web/', undefined, { prefix: 'web/' }],
  ['empty, and no S3 origin', '', undefined, { prefix: '' }],
  ['the same as the origin path', 'production/', { id: 'site', prefix: 'production/' }, { prefix: 'production/' }],
  ['empty at the root', '', { id: 'site', prefix: '' }, { prefix: '' }],
  [
    'empty under an origin path: follows it',
    '',
    { id: 'site', prefix: 'production/' },
    { prefix: 'production/', info: "prefix 'production/': the origin path of site, the S3 origin of the default behaviour (set prefix to use another)" },
  ],
  [
    'another prefix: as given, with a warning',
    'staging/',
    { id: 'site', prefix: 'production/' },
    { prefix: 'staging/', warning: "prefix 'staging/' is not the origin path of site, the S3 origin of the default behaviour ('/production'): the changed keys are invalidated as if it were; leave prefix empty to follow the distribution" },
  ],
  [
    'a prefix where the origin serves the root',
    'web/',
    { id: 'site', prefix: '' },
    { prefix: 'web/', warning: "prefix 'web/' is not the origin path of site, the S3 origin of the default behaviour (empty): the changed keys are invalidated as if it were; leave prefix empty to follow the distribution" },
  ],
])('keyPrefixFor: %s', (_name, given, origin, expected) => expect(keyPrefixFor(given, origin)).toEqual(expected));
