import { awsCallOf, ConfigurationError, describeGrant, grantOf, isAccessDenied } from '@tandem/kit';

/**
 * A call the credentials may not make, told as the permission to add. AWS answers AccessDenied;
 * some endpoints (and moto) answer 403 with a body the SDK cannot parse, which it names
 * Unknown: both mean the same to the user. Other errors pass through unchanged.
 */
export function explainRefusal(error: unknown, distributionId: string): unknown {
  if (!isAccessDenied(error)) return error;
  const call = awsCallOf(error);
  const operation = call ? call.split(' ')[0] : '';
  const message = error instanceof Error && error.message !== 'UnknownError' ? error.message : '';
  const said = message ? ` (${message})` : '';
  // The kit's client records the grant with the refusal; an error from elsewhere is told the same way.
  const grant =
    grantOf(error) ??
    (operation ? describeGrant({ service: 'CloudFront', operation, input: { DistributionId: distributionId }, region: '' }, message) : `grant the CloudFront permissions on arn:aws:cloudfront::<account>:distribution/${distributionId}`);
  return new ConfigurationError(`${call ?? 'a CloudFront call'} was refused: access denied${said}: ${grant} (the IAM policy in invalidate-cdn's README lists what each mode needs)`);
}
