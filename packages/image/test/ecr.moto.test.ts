import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { ecrLogin, ensureRepository, isImmutableTagClash } from '../src/ecr.js';
import { useMoto } from '@tandem/standins/use-moto';

let ecr: ECRClient;
const moto = useMoto({ endpoint: false });

beforeAll(() => {
  ecr = new ECRClient({ endpoint: moto.endpoint, region: 'us-east-1' });
});

const plan = { name: 'shop-backend', create: true, mutability: 'IMMUTABLE' as const, untaggedExpiryDays: 7 };

test('creates a missing repository with scan on push, the mutability asked for and an untagged-only policy', async () => {
  const state = await ensureRepository(ecr, plan);
  expect(state).toMatchObject({ created: true, mutability: 'IMMUTABLE' });
  const repository = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['shop-backend'] }))).repositories?.[0];
  expect(repository?.imageScanningConfiguration?.scanOnPush).toBe(true);
  const policy = JSON.parse((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'shop-backend' }))).lifecyclePolicyText ?? '');
  expect(policy.rules[0].selection).toMatchObject({ tagStatus: 'untagged', countNumber: 7 });
});

test('leaves an existing repository as it is and reports its mutability', async () => {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop-backend', imageTagMutability: 'MUTABLE' }));
  expect(await ensureRepository(ecr, plan)).toMatchObject({ created: false, mutability: 'MUTABLE' });
  await expect(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'shop-backend' }))).rejects.toMatchObject({ name: 'LifecyclePolicyNotFoundException' });
});

test('an existing repository\'s exclusion filters come back with its mutability', async () => {
  await ecr.send(new CreateRepositoryCommand({
    repositoryName: 'shop-backend',
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }, { filterType: 'WILDCARD', filter: 'pr-*' }],
  }));
  expect(await ensureRepository(ecr, plan)).toMatchObject({ created: false, mutability: 'IMMUTABLE_WITH_EXCLUSION', exclusionFilters: ['latest', 'pr-*'] });
});

test('a missing repository with create off is the user\'s to fix', async () => {
  await expect(ensureRepository(ecr, { ...plan, create: false })).rejects.toMatchObject({
    userFixable: true,
    message: expect.stringContaining("ECR repository 'shop-backend' does not exist"),
  });
});

test('the login token decodes to user and password, both masked first', async () => {
  const masked: string[] = [];
  const login = await ecrLogin(ecr, (...values) => masked.push(...values));
  expect(login.username).toBe('AWS');
  expect(login.password).toBe('123456789012-auth-token');
  expect(masked).toContain('123456789012-auth-token');
  expect(login.proxyEndpoint).toMatch(/^https:\/\/123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/);
});

test("moto's immutable-tag refusal is recognised (AWS names it ImageTagAlreadyExistsException)", async () => {
  await ensureRepository(ecr, plan);
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { digest: `sha256:${'1'.repeat(64)}`, size: 1, mediaType: 'application/vnd.docker.container.image.v1+json' }, layers: [] });
  await ecr.send(new PutImageCommand({ repositoryName: 'shop-backend', imageTag: 'abc', imageManifest: manifest }));
  const other = manifest.replace('1'.repeat(64), '2'.repeat(64));
  const refusal = await ecr.send(new PutImageCommand({ repositoryName: 'shop-backend', imageTag: 'abc', imageManifest: other })).catch((error: unknown) => error);
  expect(isImmutableTagClash(refusal)).toBe(true);
});
