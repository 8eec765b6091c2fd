import { ConfigurationError } from '@tandem/kit';
import { errorName } from './distribution.js';

/**
 * A call the credentials may not make, told as the permission to add. AWS answers AccessDenied;
 * some endpoints (and moto) answer 403 with a body the SDK cannot parse, which it names
 * Unknown: both mean the same to the user. Other errors pass through unchanged.
 */
export function explainRefusal(error: unknown, distributionId: string): unknown {
  const name = errorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const denied = name === 'AccessDenied' || name === 'AccessDeniedException' || (status === 403 && (name === 'Unknown' || name === ''));
  if (!denied) return error;
  const call = (error as { $awsCall?: unknown }).$awsCall;
  const operation = typeof call === 'string' ? call.split(' ')[0] : '';
  const said = error instanceof Error && error.message && error.message !== 'UnknownError' ? ` (${error.message})` : '';
  const permission = operation ? `cloudfront:${operation}` : 'the CloudFront permissions';
  return new ConfigurationError(
    `${typeof call === 'string' ? call : 'a CloudFront call'} was refused: access denied${said}. ` +
      `Give the role ${permission} on arn:aws:cloudfront::<account>:distribution/${distributionId} (the IAM policy in invalidate-cdn's README lists what each mode needs)`,
  );
}
