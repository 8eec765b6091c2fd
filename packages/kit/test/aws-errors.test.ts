import { errorName, hasStatus, httpStatus, isAccessDenied, isExpiredCredentials, isNamed, isNotFound, isServerError, isThrottling, isTransient } from '@tandem/kit';

/** An error shaped as the SDK throws it: the code as `name`, the answer's status in `$metadata`. */
const sdk = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status }, toString: () => `${name || "''"} (${status})` });

test.each([
  ['an SDK error', sdk('NoSuchBucket', 404), 'NoSuchBucket', 404],
  ["S3's Code when the name is missing", { Code: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }, 'NoSuchKey', 404],
  ['a string', 'boom', '', undefined],
  ['undefined', undefined, '', undefined],
  ['a socket error', Object.assign(new Error('reset'), { code: 'ECONNRESET', name: 'Error' }), 'Error', undefined],
])('%s: name and status', (_what, error, name, status) => {
  expect(errorName(error)).toBe(name);
  expect(httpStatus(error)).toBe(status);
});

test.each([
  // error, not found, access denied, throttling, server error
  [sdk('NotFound', 404), true, false, false, false],
  [sdk('NoSuchKey', 404), true, false, false, false],
  [sdk('ClusterNotFoundException', 400), false, false, false, false],
  [sdk('AccessDenied', 403), false, true, false, false],
  [sdk('AccessDeniedException', 400), false, true, false, false],
  [sdk('Forbidden', 403), false, true, false, false],
  [sdk('Unknown', 403), false, true, false, false],
  [sdk('SyntaxError', 403), false, true, false, false],
  [sdk('ExpiredToken', 403), false, false, false, false],
  [sdk('SignatureDoesNotMatch', 403), false, false, false, false],
  [sdk('Throttling', 400), false, false, true, false],
  [sdk('ThrottlingException', 400), false, false, true, false],
  [sdk('SlowDown', 503), false, false, true, true],
  [sdk('TooManyRequestsException', 429), false, false, true, false],
  [sdk('InternalError', 500), false, false, false, true],
  [sdk('ServiceUnavailable', 503), false, false, false, true],
  ['a string', false, false, false, false],
])('%s: not found %s, access denied %s, throttling %s, server error %s', (error, notFound, denied, throttling, server) => {
  expect(isNotFound(error)).toBe(notFound);
  expect(isAccessDenied(error)).toBe(denied);
  expect(isThrottling(error)).toBe(throttling);
  expect(isServerError(error)).toBe(server);
});

test('a service-specific missing thing counts as not found only when named', () => {
  expect(isNotFound(sdk('ClusterNotFoundException', 400), 'ClusterNotFoundException')).toBe(true);
  expect(isNamed(sdk('RepositoryNotFoundException', 400), 'ImageNotFoundException', 'RepositoryNotFoundException')).toBe(true);
  expect(isNamed(sdk('', 400), '')).toBe(false);
  expect(hasStatus(sdk('PreconditionFailed', 412), 409, 412)).toBe(true);
  expect(hasStatus('412', 412)).toBe(false);
});

/** A socket error as Node's HTTP client gives it: a code, no AWS name or answer. */
const socket = (code: string) => Object.assign(new Error(`socket ${code}`), { code, toString: () => code });

test.each([
  // error, transient (worth another poll), expired credentials
  [sdk('ThrottlingException', 400), true, false],
  [sdk('Throttling', 400), true, false],
  [sdk('SlowDown', 503), true, false],
  [sdk('ServerException', 500), true, false],
  [sdk('InternalFailure', 500), true, false],
  [sdk('ServiceUnavailableException', 503), true, false],
  [sdk('TimeoutError'), true, false],
  [sdk('RequestTimeout', 400), true, false],
  [socket('ECONNRESET'), true, false],
  [socket('ECONNREFUSED'), true, false],
  [socket('ETIMEDOUT'), true, false],
  [socket('EAI_AGAIN'), true, false],
  [Object.assign(new Error('fetch failed'), { cause: socket('ECONNRESET'), toString: () => 'wrapped ECONNRESET' }), true, false],
  [sdk('ExpiredTokenException', 400), false, true],
  [sdk('ExpiredToken', 400), false, true],
  [sdk('RequestExpired', 400), false, true],
  [sdk('AccessDeniedException', 400), false, false],
  [sdk('ServiceNotFoundException', 400), false, false],
  [sdk('ClusterNotFoundException', 400), false, false],
  [sdk('InvalidParameterException', 400), false, false],
  [Object.assign(new Error('aborted'), { name: 'AbortError', toString: () => 'AbortError' }), false, false],
  ['a string', false, false],
  [undefined, false, false],
])('%s: transient %s, expired credentials %s', (error, transient, expired) => {
  expect(isTransient(error)).toBe(transient);
  expect(isExpiredCredentials(error)).toBe(expired);
});
