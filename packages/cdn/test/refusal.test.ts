import { AccessDenied, NoSuchDistribution } from '@aws-sdk/client-cloudfront';
import { ConfigurationError } from '@tandem/kit';
import { explainRefusal } from '../src/refusal.js';

const meta = (status: number) => ({ httpStatusCode: status });
const called = <T extends object>(error: T, call = 'CreateInvalidation (CloudFront)') => Object.assign(error, { $awsCall: call });

// The SDK names a 403 whose body it cannot parse `Unknown`, with the message `UnknownError`.
const unparsed = (status: number) => called(Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: meta(status) }), 'GetInvalidation (CloudFront)');

test.each<[string, unknown, string | undefined]>([
  [
    'AccessDenied, as AWS answers',
    called(new AccessDenied({ $metadata: meta(403), message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:CreateInvalidation' })),
    "CreateInvalidation (CloudFront) was refused: access denied (User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudfront:CreateInvalidation): grant cloudfront:CreateInvalidation on arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL (the IAM policy in invalidate-cdn's README lists what each mode needs)",
  ],
  [
    'a 403 the SDK could not parse',
    unparsed(403),
    "GetInvalidation (CloudFront) was refused: access denied: grant cloudfront:GetInvalidation on arn:aws:cloudfront::<account>:distribution/E2QWRUHAPOMQZL (the IAM policy in invalidate-cdn's README lists what each mode needs)",
  ],
  ['an unparsed 500 is not a refusal', unparsed(500), undefined],
  ['NoSuchDistribution is not a refusal', called(new NoSuchDistribution({ $metadata: meta(404), message: 'not found' })), undefined],
  ['a plain error', new Error('boom'), undefined],
])('%s', (_, error, expected) => {
  const explained = explainRefusal(error, 'E2QWRUHAPOMQZL');
  if (expected === undefined) {
    expect(explained).toBe(error);
  } else {
    expect(explained).toBeInstanceOf(ConfigurationError);
    expect((explained as Error).message).toBe(expected);
  }
});
