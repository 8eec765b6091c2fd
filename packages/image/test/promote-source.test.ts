import { lifecycleRuleFor, goneReason, parsePromoteSource, placeTags } from '../src/index.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'a1'.repeat(32)}`;
const step = { given: '', step: 'eu-west-1' };

test.each([
  [`${ECR}/shop-backend:1a2b3c4`, step, { registry: { host: ECR, apiBase: `https://${ECR}` }, repository: 'shop-backend', tag: '1a2b3c4', region: 'us-east-1', registryId: '123456789012' }],
  [`${ECR}/team/shop-backend@${DIGEST}`, step, { repository: 'team/shop-backend', digest: DIGEST, region: 'us-east-1', registryId: '123456789012' }],
  [`${ECR}/shop-backend:1a2b3c4@${DIGEST}`, step, { repository: 'shop-backend', tag: '1a2b3c4', digest: DIGEST }],
  // promote-from-region wins over the host's region.
  [`${ECR}/shop-backend:v1`, { given: 'us-west-2', step: 'eu-west-1' }, { region: 'us-west-2' }],
  // A local registry names no region: the step's.
  ['127.0.0.1:5000/shop-backend:v1', step, { registry: { host: '127.0.0.1:5000', apiBase: 'http://127.0.0.1:5000' }, repository: 'shop-backend', tag: 'v1', region: 'eu-west-1' }],
])('%s reads as the source image', (text, regions, expected) => {
  const source = parsePromoteSource(text, regions);
  expect(source).toMatchObject({ text, ...expected });
  if (!('problem' in source) && !text.startsWith(ECR)) expect(source.registryId).toBeUndefined();
});

test.each([
  ['shop-backend:1a2b3c4', /names no registry host/],
  [`${ECR}/shop-backend`, /names neither a tag nor a digest/],
  [`${ECR}/Shop:v1`, /lowercase repository path/],
  [`${ECR}/shop@sha256:abc`, /digest that is not sha256/],
  [`${ECR}/shop:v1,push=true`, /may not hold commas/],
  ['', /not an image reference/],
])('%s is refused: %s', (text, problem) => {
  const source = parsePromoteSource(text, step);
  expect('problem' in source && source.problem).toMatch(problem);
});

const policy = (rules: object[]) => JSON.stringify({ rules });
const untagged = { rulePriority: 1, description: 'Expire untagged images 14 days after push', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } };
const keep20 = { rulePriority: 2, description: 'Keep the last 20 releases', selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } };
const prefix = { rulePriority: 3, selection: { tagStatus: 'tagged', tagPrefixList: ['pr-'] }, action: { type: 'expire' } };
const any = { rulePriority: 9, description: 'Everything after a year', selection: { tagStatus: 'any' }, action: { type: 'expire' } };
// ECR's archival storage class: a transition of standard images, and an expiry of archived ones.
const archive90 = { rulePriority: 4, description: 'Archive what was not pulled for 90 days', selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }, action: { type: 'transition', targetStorageClass: 'archive' } };
const fromArchive = { rulePriority: 5, description: 'Delete from the archive after a year', selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 365 }, action: { type: 'expire' } };

test.each([
  ['a tagged image, the tagged wildcard rule', policy([untagged, keep20]), '1a2b3c4', 2],
  ['the lowest priority that matches wins, whatever the order written', policy([any, keep20]), '1a2b3c4', 2],
  ['a prefix rule takes only its prefix', policy([prefix]), 'pr-12', 3],
  ['a prefix rule leaves other tags', policy([prefix]), '1a2b3c4', undefined],
  ['a pattern with a wildcard in the middle', policy([{ ...keep20, selection: { tagStatus: 'tagged', tagPatternList: ['rel-*-prod'] } }]), 'rel-7-prod', 2],
  ['an untagged-only policy cannot expire a tagged image', policy([untagged]), '1a2b3c4', undefined],
  ['an untagged rule takes an image named by digest only', policy([untagged]), undefined, 1],
  ['any takes every image', policy([any]), 'main', 9],
  ['a policy that is not JSON matches nothing', '{', 'v1', undefined],
  ['a rule that archives comes first by priority', policy([archive90, any]), '1a2b3c4', 4],
  ['a rule on archived images does not take a standard one', policy([fromArchive, any]), '1a2b3c4', 9],
])('lifecycleRuleFor: %s', (_, text, tag, priority) => {
  expect(lifecycleRuleFor(text, tag)?.rulePriority).toBe(priority);
});

test('goneReason quotes the matching rule, or says deleted', () => {
  const source = parsePromoteSource(`${ECR}/shop-backend:1a2b3c4`, step);
  if ('problem' in source) throw new Error(source.problem);
  expect(goneReason(source, policy([untagged, keep20]))).toContain("expired by the repository's lifecycle policy (rule 2 'Keep the last 20 releases')");
  expect(goneReason(source, policy([untagged]))).toContain(`shop-backend:1a2b3c4 is gone from ${ECR}: deleted (no rule of the repository's lifecycle policy matches it)`);
  expect(goneReason(source, undefined)).toMatch(/gone from .*: deleted; it cannot be promoted/);
});

test('goneReason: an image the policy archives is not pulled, and is restored in the source repository, not here', () => {
  const source = parsePromoteSource(`${ECR}/shop-backend:1a2b3c4`, step);
  if ('problem' in source) throw new Error(source.problem);
  const restore = 'aws ecr update-image-storage-class --region us-east-1 --registry-id 123456789012 --repository-name shop-backend --image-id imageTag=1a2b3c4 --target-storage-class STANDARD';
  expect(goneReason(source, policy([archive90]))).toBe(
    `the source image shop-backend:1a2b3c4 is not served by ${ECR}: the repository's lifecycle policy moves it to ECR's archive (rule 4 'Archive what was not pulled for 90 days'), where it cannot be pulled. ` +
      `Restore it in the source repository (${restore}; ECR takes up to 20 minutes) and run again, or deploy a release that still has its image`,
  );
  expect(goneReason(source, policy([archive90, fromArchive]))).toContain("(rule 4 'Archive what was not pulled for 90 days'), where it cannot be pulled; rule 5 'Delete from the archive after a year' expires archived images, so it may be gone for good. Restore it");
  const byDigest = parsePromoteSource(`${ECR}/shop-backend@${DIGEST}`, step);
  if ('problem' in byDigest) throw new Error(byDigest.problem);
  expect(goneReason(byDigest, policy([archive90]))).toContain(`--image-id imageDigest=${DIGEST} --target-storage-class STANDARD`);
});

test('placeTags: each destination tag holds the digest, nothing, or another image', () => {
  const other = `sha256:${'b2'.repeat(32)}`;
  expect(placeTags(DIGEST, [['r1', { digest: DIGEST, mediaType: 'm' }], ['latest', { digest: other, mediaType: 'm' }], ['prod', undefined]])).toEqual([
    { tag: 'r1', state: 'there' },
    { tag: 'latest', state: 'other', digest: other },
    { tag: 'prod', state: 'absent' },
  ]);
});
