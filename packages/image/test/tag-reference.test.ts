import { foreignReference, parseTagReference } from '../src/tag-reference.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

// What docker/metadata-action writes in its tags output, and plain tags.
test.each<[string, object]>([
  ['sha-1a2b3c4', { tag: 'sha-1a2b3c4' }],
  ['shop', { tag: 'shop' }],
  [`${ECR}/shop:sha-1a2b3c4`, { tag: 'sha-1a2b3c4', registry: ECR, repository: 'shop' }],
  ['shop:latest', { tag: 'latest', repository: 'shop' }],
  [`${ECR}/team/shop:v1.2.3`, { tag: 'v1.2.3', registry: ECR, repository: 'team/shop' }],
  ['127.0.0.1:5000/shop:main', { tag: 'main', registry: '127.0.0.1:5000', repository: 'shop' }],
  [`${ECR}/shop`, { tag: 'latest', registry: ECR, repository: 'shop' }],
  ['123456789012.DKR.ECR.us-east-1.amazonaws.com/shop:pr-7', { tag: 'pr-7', registry: ECR, repository: 'shop' }],
])('%s', (text, expected) => {
  expect(parseTagReference(text)).toEqual({ text, ...expected });
});

test.each<[string, RegExp]>([
  ['-bad', /a tag is 1-128 characters/],
  [`${ECR}/shop@sha256:${'a'.repeat(64)}`, /names a digest/],
  [`${ECR}/Shop:main`, /is not an image reference/],
  [`${ECR}/shop:-x`, /has a tag '-x'/],
])('refused: %s', (text, problem) => {
  expect(parseTagReference(text)).toEqual({ problem: expect.stringMatching(problem) });
});

test.each<[string, string | undefined, string | undefined]>([
  ['sha-1a2b3c4', ECR, undefined],
  ['shop:latest', ECR, undefined],
  [`${ECR}/shop:main`, ECR, undefined],
  [`${ECR}/shop:main`, undefined, undefined],
  [`${ECR}/shop:main`, '123456789012.dkr.ecr.us-east-1.amazonaws.com', undefined],
  ['ghcr.io/acme/shop:main', ECR, `'ghcr.io/acme/shop:main' names ghcr.io/acme/shop, but this step pushes to ${ECR}/shop only`],
  [`${ECR}/other:main`, ECR, `'${ECR}/other:main' names ${ECR}/other, but this step pushes to ${ECR}/shop only`],
  ['other:latest', undefined, "'other:latest' names other, but this step pushes to shop only"],
  ['ghcr.io/shop:main', ECR, `'ghcr.io/shop:main' names ghcr.io/shop, but this step pushes to ${ECR}/shop only`],
  ['ghcr.io/shop:main', undefined, undefined],
])('%s pushed to %s', (text, registry, refusal) => {
  const reference = parseTagReference(text);
  if ('problem' in reference) throw new Error(reference.problem);
  const result = foreignReference(reference, { repository: 'shop', registry });
  if (refusal) expect(result).toContain(refusal);
  else expect(result).toBeUndefined();
});
