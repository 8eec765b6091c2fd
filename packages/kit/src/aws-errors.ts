import { isTransientError } from '@smithy/core/retry';

/**
 * What an AWS SDK error says, read one way everywhere. SDK v3 errors carry the service's error
 * code as `name` (S3's XML bodies sometimes only as `Code`) and the HTTP answer in
 * `$metadata.httpStatusCode`; anything else thrown (a string, a socket error) has neither.
 */

interface AwsErrorShape {
  name?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
  $awsCall?: unknown;
  $awsGrant?: unknown;
}

const shape = (error: unknown): AwsErrorShape => (error && typeof error === 'object' ? (error as AwsErrorShape) : {});

/** The HTTP status of the answer that failed, when there was an answer. */
export function httpStatus(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The AWS error code (`NoSuchBucket`, `ClusterNotFoundException`), or '' when there is none. */
export function errorName(error: unknown): string {
  const { name, Code } = shape(error);
  if (typeof name === 'string' && name) return name;
  return typeof Code === 'string' ? Code : '';
}

/** Whether the error's code is one of `names`. */
export function isNamed(error: unknown, ...names: string[]): boolean {
  const name = errorName(error);
  return name !== '' && names.includes(name);
}

/** Whether the answer had one of `statuses`. */
export function hasStatus(error: unknown, ...statuses: number[]): boolean {
  const status = httpStatus(error);
  return status !== undefined && statuses.includes(status);
}

/**
 * A 404, or one of the codes a service uses for a missing thing. S3 answers a HEAD with a bare
 * 404 the SDK names NotFound; other services answer 400 with a code of their own, given in `names`.
 */
export function isNotFound(error: unknown, ...names: string[]): boolean {
  return hasStatus(error, 404) || isNamed(error, 'NotFound', ...names);
}

const DENIED = ['AccessDenied', 'AccessDeniedException', 'Forbidden', 'UnauthorizedOperation', 'AuthorizationError', 'NotAuthorized'];

/**
 * A call the credentials may not make. AWS answers AccessDenied (or a service's variant); a HEAD
 * answers a bare 403 the SDK names Forbidden; some endpoints (and moto for ECS) answer 403 with
 * a body the SDK cannot parse. A 403 that names another code (an expired token, a bad
 * signature) is not a missing grant.
 */
export function isAccessDenied(error: unknown): boolean {
  if (isNamed(error, ...DENIED)) return true;
  if (!hasStatus(error, 403)) return false;
  const name = errorName(error);
  return name === '' || name === 'Unknown' || name === 'UnknownError' || name === 'SyntaxError' || name === 'Error';
}

const THROTTLING = ['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException'];

/** AWS asked the caller to slow down: worth retrying later. */
export function isThrottling(error: unknown): boolean {
  return hasStatus(error, 429) || isNamed(error, ...THROTTLING);
}

/** The service failed (5xx): worth retrying, not the caller's fault. */
export function isServerError(error: unknown): boolean {
  return (httpStatus(error) ?? 0) >= 500 || isNamed(error, 'InternalError', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException');
}

const EXPIRED = ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'];

/**
 * The session's credentials expired: every later call fails the same way, so a wait cannot go on.
 * A role session from GitHub's OIDC provider lasts an hour unless the workflow asks for longer,
 * and its keys come in environment variables the SDK cannot renew.
 */
export function isExpiredCredentials(error: unknown): boolean {
  return isNamed(error, ...EXPIRED);
}

/**
 * A failure the next try may not meet: throttling, a 5xx, or the network (a reset or refused
 * connection, a timeout, a name that did not resolve), as the SDK's own retry strategy classifies
 * them (`isTransientError` of @smithy/core, which also reads the cause of a wrapped error). A
 * call that fails so after the SDK's own retries is worth trying again a poll later.
 */
export function isTransient(error: unknown): boolean {
  if (isExpiredCredentials(error)) return false;
  if (isThrottling(error) || isServerError(error)) return true;
  return Boolean(error && typeof error === 'object' && isTransientError(error as Parameters<typeof isTransientError>[0]));
}

/** The attempts the SDK made for the call, when it counted them. */
export function attemptsMade(error: unknown): number | undefined {
  const attempts = shape(error).$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}

/** The AWS call behind an error, as the kit's middleware recorded it (`GetObject (S3)`). */
export function awsCallOf(error: unknown): string | undefined {
  const call = shape(error).$awsCall;
  return typeof call === 'string' ? call : undefined;
}

/** The grant a refused call needs (`grant s3:GetObject on arn:aws:s3:::shop-site/_releases/*`), recorded with the call. */
export function grantOf(error: unknown): string | undefined {
  const grant = shape(error).$awsGrant;
  return typeof grant === 'string' ? grant : undefined;
}
