// The front end: a private bucket that only the distribution reads (Origin Access Control),
// except the release record and the deploy lock under the reserved prefix, which it cannot.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from './nag.js';
import { Construct } from 'constructs';

/** build-and-sync-frontend's default `releases-prefix`: its record and its lock live there. */
export const RELEASES_PREFIX = '_releases';

/**
 * Viewer-request code: a path whose last segment has no extension is a client-side route and is
 * answered with /index.html; a path with one (`/assets/app.1a2b3c4d.js`) goes to S3 as it is, so
 * a missing asset stays an error instead of an HTML page with status 200.
 */
export const SPA_ROUTES = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export interface SiteProps {
  bucketName: string;
  logs: s3.IBucket;
}

export class Site extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logs,
      serverAccessLogsPrefix: `s3/${props.bucketName}/`,
      // The site can be published again from its sources; the release record goes with it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${Stack.of(this).stackName}-security-headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const routes = new cloudfront.Function(this, 'SpaRoutes', {
      functionName: `${Stack.of(this).stackName}-spa-routes`,
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTES),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName} front end`,
      defaultRootObject: 'index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: routes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    });
    // The release record (the pointer, manifests, kept copies) and the front end's deploy lock:
    // CloudFront answers 403 for them, whatever else the bucket policy allows it.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ReleaseRecordIsNotServed',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${RELEASES_PREFIX}/*`)],
      }),
    );
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'The shop sells everywhere: no country is restricted.' },
      { id: 'AwsSolutions-CFR2', reason: 'AWS WAF is a paid, app-specific choice; attach a web ACL to the distribution when the app needs one.' },
      { id: 'AwsSolutions-CFR4', reason: "With CloudFront's default certificate the viewer TLS floor cannot be raised; minimumProtocolVersion applies once a custom domain certificate is attached." },
    ]);
  }
}
