import { bucketNameProblem, checkBucketName, checkVariableName, ConfigurationError, normalizePrefix } from '@tandem/kit';

// S3's bucket naming rules for general purpose buckets, one row a rule (and the names on its edges).
test.each([
  ['shop-media', undefined],
  ['shop.media.example.com', undefined],
  ['abc', undefined],
  ['a'.repeat(63), undefined],
  ['1shop2', undefined],
  ['xn-shop', undefined],
  ['shop-s3aliases', undefined],
  ['ab', 'it has 2 characters'],
  ['a'.repeat(64), 'it has 64 characters'],
  ['Shop-Media', "it has 'S', 'M'"],
  ['shop_media', "it has '_'"],
  ['s3://shop-site', 'give the name, not an ARN or s3:// URL'],
  ['arn:aws:s3:::shop-site', 'give the name, not an ARN or s3:// URL'],
  ['-shop', 'it starts or ends with a dot or hyphen'],
  ['shop.', 'it starts or ends with a dot or hyphen'],
  ['shop..media', 'it has two dots in a row'],
  ['shop.-media', 'a dot stands next to a hyphen'],
  ['shop-.media', 'a dot stands next to a hyphen'],
  ['192.168.5.4', 'it has the form of an IP address'],
  ['xn--shop', "the prefix 'xn--' is reserved by S3"],
  ['sthree-shop', "the prefix 'sthree-' is reserved by S3"],
  ['sthree-configurator', "the prefix 'sthree-' is reserved by S3"],
  ['amzn-s3-demo-shop', "the prefix 'amzn-s3-demo-' is reserved by S3"],
  ['shop-s3alias', "the suffix '-s3alias' is reserved by S3"],
  ['shop--ol-s3', "the suffix '--ol-s3' is reserved by S3"],
  ['shop.mrap', "the suffix '.mrap' is reserved by S3"],
  ['shop--x-s3', "the suffix '--x-s3' is reserved by S3"],
  ['shop--table-s3', "the suffix '--table-s3' is reserved by S3"],
])('bucket name %s: %s', (name, rule) => {
  const problem = bucketNameProblem(name);
  if (rule === undefined) expect(problem).toBeUndefined();
  else expect(problem).toBe(`'${name}' is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit (${rule})`);
});

// What the console and a distribution show beside a bucket, pasted for its name: S3 would take
// most of them as names, and the step would then look for a bucket nobody made.
test.each([
  ['shop-site.s3.amazonaws.com', "'shop-site.s3.amazonaws.com' is the bucket's S3 endpoint: give its name alone (shop-site)"],
  ['shop-site.s3.eu-west-1.amazonaws.com', "'shop-site.s3.eu-west-1.amazonaws.com' is the bucket's S3 endpoint: give its name alone (shop-site)"],
  ['www.shop.example.s3.dualstack.us-east-1.amazonaws.com', "is the bucket's S3 endpoint: give its name alone (www.shop.example)"],
  ['shop-site.s3-us-west-2.amazonaws.com', 'give its name alone (shop-site)'],
  ['shop-site.s3-website-us-east-1.amazonaws.com', 'give its name alone (shop-site)'],
  ['shop-site.s3-website.eu-central-1.amazonaws.com', 'give its name alone (shop-site)'],
  ['shop-site.s3.cn-north-1.amazonaws.com.cn', 'give its name alone (shop-site)'],
  ['d111111abcdef8.cloudfront.net', "'d111111abcdef8.cloudfront.net' is a CloudFront domain: give the name of the S3 bucket it serves from"],
  ['shop.s3.example.com', undefined],
  ['s3.shop-media', undefined],
])('an address pasted for a bucket name: %s', (name, problem) => {
  if (problem === undefined) return expect(bucketNameProblem(name)).toBeUndefined();
  expect(bucketNameProblem(name)).toContain(problem);
});

test('an input with a bad bucket name is refused naming the input; an empty one is left to the caller', () => {
  expect(() => checkBucketName('Shop', 'lock-bucket')).toThrow(new ConfigurationError(bucketNameProblem('Shop') ?? '', 'lock-bucket'));
  expect(checkBucketName('', 'lock-bucket')).toBe('');
  expect(checkBucketName('shop-locks', 'lock-bucket')).toBe('shop-locks');
});

test.each([
  ['', ''],
  ['/', ''],
  ['  ', ''],
  ['site', 'site/'],
  ['/site/', 'site/'],
  [' shop/site ', 'shop/site/'],
  ['a/b//', 'a/b/'],
])('normalizePrefix(%j) = %j', (raw, prefix) => expect(normalizePrefix(raw, 'prefix')).toBe(prefix));

test.each(['a//b', './a', 'a/../b'])('prefix %j is refused naming the input', (raw) => {
  expect(() => normalizePrefix(raw, 'prefix')).toThrow(new ConfigurationError(`'${raw}' has an empty, '.' or '..' segment`, 'prefix'));
});

test.each([
  ['DATABASE_URL', undefined],
  ['_x1', undefined],
  ['$DATABASE_URL', "Input 'i': '$DATABASE_URL' would be the variable's value: give its name alone (DATABASE_URL)"],
  ['${MEDIA_BUCKET}', "Input 'i': '${MEDIA_BUCKET}' would be the variable's value: give its name alone (MEDIA_BUCKET)"],
  ['1BAD', "Input 'i': '1BAD' is not an environment variable name: a hint"],
  ['$1', "Input 'i': '$1' is not an environment variable name: a hint"],
  ['TOKEN=secret', "Input 'i': 'TOKEN=…' is not an environment variable name: a hint"],
])('variable name %p', (value, message) => {
  const check = () => checkVariableName(value, 'i', 'a hint', value.replace(/=.*/, '=…'));
  if (message === undefined) expect(check()).toBe(value);
  else expect(check).toThrow(new Error(message));
});

test('a variable name refused with no hint says only what it is not', () => {
  expect(() => checkVariableName('GH-TOKEN', 'secret-envs')).toThrow(new Error("Input 'secret-envs': 'GH-TOKEN' is not an environment variable name"));
});

test.each([
  ['s3://shop-site/web', "'s3://shop-site/web' is an S3 URL: give the key prefix alone, 'web'; the bucket has an input of its own"],
  ['s3://shop-site/web/production/', "'s3://shop-site/web/production/' is an S3 URL: give the key prefix alone, 'web/production'; the bucket has an input of its own"],
  ['s3://shop-site', "'s3://shop-site' is an S3 URL: give the key prefix alone, '' (the bucket's root); the bucket has an input of its own"],
  ['https://shop-site.s3.eu-west-1.amazonaws.com/web', "'https://shop-site.s3.eu-west-1.amazonaws.com/web' is a URL: give the key prefix alone, 'web'; the bucket has an input of its own"],
])('a prefix given as %s is refused with the prefix to give', (raw, message) => {
  expect(() => normalizePrefix(raw, 'prefix')).toThrow(new ConfigurationError(message, 'prefix'));
});
