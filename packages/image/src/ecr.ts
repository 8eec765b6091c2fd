import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  PutLifecyclePolicyCommand,
  type ECRClient,
  type ImageTagMutability,
} from '@aws-sdk/client-ecr';
import { awsCallOf, errorName, grantOf, isNamed } from '@tandem/kit';
import picomatch from 'picomatch';

export interface EcrLogin {
  username: string;
  password: string;
  /** https://ACCOUNT.dkr.ecr.REGION.amazonaws.com */
  proxyEndpoint: string;
}

/** GetAuthorizationToken's token is base64 of `AWS:password`. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) throw new Error('ECR returned an authorization token that is not user:password');
  return { username: text.slice(0, at), password: text.slice(at + 1) };
}

/** `onSecret` runs before the password can reach any log line. */
export async function ecrLogin(ecr: ECRClient, onSecret: (...values: string[]) => void): Promise<EcrLogin> {
  const answer = await ecr.send(new GetAuthorizationTokenCommand({}));
  const data = answer.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) throw new Error('GetAuthorizationToken returned no token');
  onSecret(data.authorizationToken);
  const { username, password } = decodeAuthorizationToken(data.authorizationToken);
  onSecret(password);
  return { username, password, proxyEndpoint: data.proxyEndpoint };
}

/**
 * Expires untagged images only (layers left behind when a tag moved, failed pushes, build
 * caches without a tag) after `days` days. Tagged images, every commit a release or a rollback
 * may name, are never expired by this policy.
 */
export function lifecyclePolicy(days: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${days} days after push; tagged images are kept`,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: days },
        action: { type: 'expire' },
      },
    ],
  });
}

export interface RepositoryPlan {
  name: string;
  create: boolean;
  mutability: ImageTagMutability;
  untaggedExpiryDays: number;
}

export interface RepositoryState {
  created: boolean;
  mutability: ImageTagMutability;
  /** The WILDCARD filters of a *_WITH_EXCLUSION mutability: the tags that are the exception. */
  exclusionFilters: string[];
  uri?: string;
}

/**
 * Whether ECR refuses to move `tag` once it names an image. IMMUTABLE and MUTABLE say so for every
 * tag; IMMUTABLE_WITH_EXCLUSION makes every tag immutable but those that match one of its filters,
 * and MUTABLE_WITH_EXCLUSION only those (ECR API Reference, ImageTagMutabilityExclusionFilter:
 * WILDCARD filters of [0-9a-zA-Z._*-], `*` standing for any characters, matched on the whole tag).
 */
export function tagImmutable(repository: Pick<RepositoryState, 'mutability' | 'exclusionFilters'>, tag: string): boolean {
  const excepted = () => repository.exclusionFilters.some((filter) => picomatch.isMatch(tag, filter, { dot: true }));
  switch (repository.mutability) {
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !excepted();
    case 'MUTABLE_WITH_EXCLUSION':
      return excepted();
    default:
      return false;
  }
}

/**
 * Why a tag is immutable, for a message: '' where every tag is (IMMUTABLE), else
 * ` (IMMUTABLE_WITH_EXCLUSION: every tag but dev-*, test-* is immutable)` or
 * ` (MUTABLE_WITH_EXCLUSION: tags v* are immutable)`.
 */
export function mutabilityNote(repository: Pick<RepositoryState, 'mutability' | 'exclusionFilters'>): string {
  const filters = repository.exclusionFilters.join(', ');
  if (repository.mutability === 'IMMUTABLE_WITH_EXCLUSION') return ` (IMMUTABLE_WITH_EXCLUSION: every tag but ${filters} is immutable)`;
  if (repository.mutability === 'MUTABLE_WITH_EXCLUSION') return ` (MUTABLE_WITH_EXCLUSION: tags ${filters} are immutable)`;
  return '';
}

/**
 * Finds the repository, or creates it with scan on push, the chosen tag mutability and the
 * untagged-only lifecycle policy. An existing repository is left as it is.
 */
export async function ensureRepository(ecr: ECRClient, plan: RepositoryPlan): Promise<RepositoryState> {
  try {
    const found = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [plan.name] }));
    const repository = found.repositories?.[0];
    const exclusionFilters = (repository?.imageTagMutabilityExclusionFilters ?? []).filter((one) => one.filterType === 'WILDCARD' && one.filter).map((one) => one.filter as string);
    return { created: false, mutability: repository?.imageTagMutability ?? 'MUTABLE', exclusionFilters, uri: repository?.repositoryUri };
  } catch (error) {
    if (!isNamed(error, 'RepositoryNotFoundException')) throw error;
    if (!plan.create) {
      throw Object.assign(new Error(`ECR repository '${plan.name}' does not exist: create it, or set create-repository: true`), { userFixable: true });
    }
  }
  try {
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: plan.name,
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: plan.mutability,
      }),
    );
    await putLifecyclePolicy(ecr, plan);
    return { created: true, mutability: plan.mutability, exclusionFilters: [], uri: created.repository?.repositoryUri };
  } catch (error) {
    // Another job created it between our two calls: use theirs.
    if (isNamed(error, 'RepositoryAlreadyExistsException')) return ensureRepository(ecr, { ...plan, create: false });
    throw error;
  }
}

/**
 * Later runs leave an existing repository as it is, so a repository created without its policy
 * would keep its untagged images forever: say so, and how to mend it.
 */
async function putLifecyclePolicy(ecr: ECRClient, plan: RepositoryPlan): Promise<void> {
  const policy = lifecyclePolicy(plan.untaggedExpiryDays);
  try {
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: plan.name, lifecyclePolicyText: policy }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw Object.assign(
      new Error(
        `created ECR repository '${plan.name}', but could not give it the lifecycle policy that expires untagged images (${reason}). ` +
          `Nothing was pushed. Delete the empty repository and run again, or add the policy (aws ecr put-lifecycle-policy) and run again.`,
      ),
      { name: errorName(error) || 'Error', $awsCall: awsCallOf(error), $awsGrant: grantOf(error) },
    );
  }
}

/** ECR's immutable-tag refusal, under AWS's name and moto's. */
export function isImmutableTagClash(error: unknown): boolean {
  return isNamed(error, 'ImageTagAlreadyExistsException', 'ImageAlreadyExistsException');
}
