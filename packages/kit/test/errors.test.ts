import { ConfigurationError, describeThrown } from '@tandem/kit';

describe('describeThrown', () => {
  test.each([
    [new Error('boom'), 'boom'],
    ['a plain string', 'a plain string'],
    ['', 'an empty string was thrown'],
    [undefined, 'undefined was thrown'],
    [null, 'null was thrown'],
    [{ code: 7 }, '{"code":7}'],
    [42, '42'],
  ])('describes %p', (thrown, message) => expect(describeThrown(thrown).message).toBe(message));

  test('names the AWS call an SDK error came from', () => {
    const error = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $awsCall: 'PutObject (S3)' });
    expect(describeThrown(error).message).toBe('PutObject (S3): Please reduce your request rate.');
  });

  test('a configuration error says which input', () => {
    expect(new ConfigurationError('must be at least 1, got 0', 'concurrency').message).toBe("Input 'concurrency': must be at least 1, got 0");
    expect(new ConfigurationError('bucket shop-site does not exist').message).toBe('bucket shop-site does not exist');
  });
});
