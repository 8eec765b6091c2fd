import { imageByDigest, imageName, imageReferenceProblem, isDigest, parseRegistry, repositoryProblem, tagProblem } from '../src/reference.js';
import { commitOf, imageTags, namesCommit } from '../src/tags.js';
import { decodeAuthorizationToken, isImmutableTagClash, lifecyclePolicy } from '../src/ecr.js';
import { isImmutableTagRefusal, pushedDigest } from '../src/docker.js';
import { compareTag, type LocalImage, type RemoteTag } from '../src/registry.js';

test.each([
  ['shop-backend', true],
  ['team/shop_backend.v2', true],
  ['Shop', false],
  ['shop--', false],
  ['/shop', false],
  ['a', false],
])('repository %s valid: %s', (name, valid) => {
  expect(repositoryProblem(name) === undefined).toBe(valid);
});

// Pasted with more than the name: each refusal names what to give instead.
test.each([
  ['123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend', "is the repository's URI: give its name alone (shop-backend); the host goes under registry when it is not this account's ECR"],
  ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/shop', "is the repository's URI: give its name alone (team/shop); the host goes under registry when it is not this account's ECR"],
  ['shop-backend:latest', "holds a tag: give the repository's name alone (shop-backend), and the tag under tags"],
  ['123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:latest', "is the repository's URI: give its name alone (shop-backend); the host goes under registry when it is not this account's ECR"],
  [`shop-backend@sha256:${'a'.repeat(64)}`, "holds a digest: give the repository's name alone (shop-backend)"],
  ['localhost:5000/shop', 'may hold only lowercase letters, digits and . _ - / between letters or digits (ECR repository name rules)'],
  ['Shop:latest', 'may hold only lowercase letters, digits and . _ - / between letters or digits (ECR repository name rules)'],
])('repository %s: %s', (name, problem) => {
  expect(repositoryProblem(name)).toBe(problem);
});

test.each([
  ['a1b2c3', true],
  ['v1.2.3', true],
  ['-bad', false],
  ['has space', false],
  ['x'.repeat(129), false],
])('tag %s valid: %s', (tag, valid) => {
  expect(tagProblem(tag) === undefined).toBe(valid);
});

test.each([
  ['https://123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com', 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com'],
  ['127.0.0.1:5000', '127.0.0.1:5000', 'http://127.0.0.1:5000'],
  ['localhost:5000/', 'localhost:5000', 'http://localhost:5000'],
  ['http://registry.internal:5000', 'registry.internal:5000', 'http://registry.internal:5000'],
  ['ghcr.io', 'ghcr.io', 'https://ghcr.io'],
])('registry %s', (value, host, apiBase) => {
  expect(parseRegistry(value)).toEqual({ host, apiBase });
});

test.each(['', 'https://host/path', 'not a host'])('not a registry: %p', (value) => {
  expect(parseRegistry(value)).toBeUndefined();
});

test('image names', () => {
  const registry = { host: 'r.example', apiBase: 'https://r.example' };
  expect(imageName(registry, 'shop', 'abc')).toBe('r.example/shop:abc');
  expect(imageByDigest(registry, 'shop', `sha256:${'a'.repeat(64)}`)).toBe(`r.example/shop@sha256:${'a'.repeat(64)}`);
  expect(isDigest(`sha256:${'a'.repeat(64)}`)).toBe(true);
  expect(isDigest('sha256:abc')).toBe(false);
});

test.each([
  ['push uses the commit', 'push', {}, [], ['merge0']],
  ['pull request uses the head commit, not the merge commit', 'pull_request', { pull_request: { head: { sha: 'head1' } } }, [], ['head1']],
  ['pull_request_target too', 'pull_request_target', { pull_request: { head: { sha: 'head2' } } }, [], ['head2']],
  ['given tags win, duplicates dropped', 'push', {}, ['v1', 'v1', 'latest'], ['v1', 'latest']],
])('%s', (_name, eventName, payload, given, expected) => {
  expect(imageTags(given, { eventName, sha: 'merge0', payload })).toEqual(expected);
});

test('commitOf ignores a head SHA outside pull requests', () => {
  expect(commitOf({ eventName: 'push', sha: 'c1', payload: { pull_request: { head: { sha: 'h' } } } })).toBe('c1');
});

test('the ECR token is AWS:password in base64; a malformed one is refused', () => {
  expect(decodeAuthorizationToken(Buffer.from('AWS:p:w').toString('base64'))).toEqual({ username: 'AWS', password: 'p:w' });
  expect(() => decodeAuthorizationToken(Buffer.from('nocolon').toString('base64'))).toThrow('not user:password');
});

test('the lifecycle policy expires untagged images only', () => {
  const policy = JSON.parse(lifecyclePolicy(14));
  expect(policy.rules).toHaveLength(1);
  expect(policy.rules[0].selection).toEqual({ tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 });
  expect(policy.rules[0].action).toEqual({ type: 'expire' });
});

test.each([
  ['ImageTagAlreadyExistsException', true],
  ['ImageAlreadyExistsException', true],
  ['RepositoryNotFoundException', false],
])('immutable tag clash from the ECR API: %s', (name, expected) => {
  expect(isImmutableTagClash(Object.assign(new Error('x'), { name }))).toBe(expected);
});

test.each([
  ["tag invalid: The image tag 'abc' already exists in the 'shop' repository and cannot be overwritten because the repository is immutable.", true],
  ['denied: requested access to the resource is denied', false],
])('immutable refusal in docker push output: %s', (output, expected) => {
  expect(isImmutableTagRefusal(output)).toBe(expected);
});

test('the digest docker push prints', () => {
  const digest = `sha256:${'b'.repeat(64)}`;
  expect(pushedDigest(`abc: digest: ${digest} size: 1234\n`)).toBe(digest);
  expect(pushedDigest('nothing')).toBeUndefined();
});

const INDEX = 'application/vnd.oci.image.index.v1+json';
const amd64 = { digest: 'sha256:m-amd64', configDigest: 'sha256:c-amd64', mediaType: '', platform: 'linux/amd64' };
const arm64 = { digest: 'sha256:m-arm64', configDigest: 'sha256:c-arm64', mediaType: '', platform: 'linux/arm64' };
const index = (digest: string) => ({ digest, mediaType: INDEX, images: [amd64, arm64] });
test.each<[string, RemoteTag | undefined, LocalImage, string]>([
  ['absent', undefined, { id: 'sha256:img' }, 'absent'],
  ['same config (classic store)', { digest: 'sha256:m', configDigest: 'sha256:img', mediaType: '' }, { id: 'sha256:img' }, 'same'],
  ['other config', { digest: 'sha256:m', configDigest: 'sha256:other', mediaType: '' }, { id: 'sha256:img' }, 'different'],
  ['same manifest (containerd store)', { digest: 'sha256:img', configDigest: 'sha256:c', mediaType: '' }, { id: 'sha256:img' }, 'same'],
  ['same index', { digest: 'sha256:img', mediaType: INDEX }, { id: 'sha256:img' }, 'same'],
  ['another index, its image manifests unread', { digest: 'sha256:other', mediaType: INDEX }, { id: 'sha256:img' }, 'different'],
  // Each build's provenance differs, so a rebuild's index is another index over the same image.
  ['an index with this platform\'s manifest (containerd store)', index('sha256:i1'), { id: 'sha256:i2', manifests: { 'linux/amd64': 'sha256:m-amd64' } }, 'same'],
  ['an index with this config (classic store)', index('sha256:i1'), { id: 'sha256:c-arm64' }, 'same'],
  ['an index whose manifest for this platform is another', index('sha256:i1'), { id: 'sha256:i2', manifests: { 'linux/amd64': 'sha256:m-new' } }, 'different'],
  ['an index of other platforms only', index('sha256:i1'), { id: 'sha256:i2', manifests: { 'linux/riscv64': 'sha256:m-amd64' } }, 'different'],
])('compareTag: %s', (_name, remote, local, state) => {
  expect(compareTag('t', remote, local)).toEqual(state === 'absent' ? { tag: 't', state } : { tag: 't', state, digest: remote?.digest });
});

describe('namesCommit: only a tag naming the commit is reused without a build', () => {
  const sha = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
  test.each([
    [sha, true],
    ['sha-1a2b3c4', true],
    ['main-1a2b3c4d5e', true],
    ['1A2B3C4', true],
    ['latest', false],
    ['main', false],
    ['v1.2.0', false],
    ['sha-1a2b3c', false],
    ['sha-1a2b3c5', false],
    ['20261129', false],
  ])('%s: %s', (tag, expected) => {
    expect(namesCommit(tag, sha)).toBe(expected);
  });
  test('no commit known (run outside a workflow): nothing names it', () => {
    expect(namesCommit('latest', '')).toBe(false);
  });
});

describe('imageReferenceProblem', () => {
  test.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-cache:main', undefined],
    ['127.0.0.1:5000/shop-cache:main', undefined],
    ['localhost/team/shop-cache', undefined],
    ['shop-cache:buildcache', undefined],
    [`r.example/shop-cache@sha256:${'a'.repeat(64)}`, undefined],
    ['r.example/shop-cache:main,mode=min', 'may not hold commas'],
    ['r.example/shop-cache:main,push=true', 'may not hold commas'],
    ['type=local', 'may not hold commas, ='],
    ['r.example/shop cache:main', 'white space'],
    ['r.example/Shop-Cache:main', 'is not an image reference'],
    ['r.example/shop-cache:-bad', "has a tag '-bad'"],
    ['r.example/shop-cache@sha256:abc', 'has a digest'],
    ['r.example/', 'is not an image reference'],
  ])('%s', (reference, problem) => {
    const found = imageReferenceProblem(reference);
    if (problem) expect(found).toContain(problem);
    else expect(found).toBeUndefined();
  });
});
