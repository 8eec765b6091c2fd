import { restoreCommand, RESTORE_WITHIN } from './archive.js';
import { imageReferenceProblem, isDigest, parseRegistry, type Registry } from './reference.js';

// promote-from: the image another environment runs, `<registry>/<repository>:<tag>` or
// `…@sha256:<digest>`, and what to say when it is gone. Pure: text and policy in, data out.

export interface PromoteSource {
  /** As written in the input. */
  text: string;
  registry: Registry;
  repository: string;
  tag?: string;
  digest?: string;
  /** The region whose ECR API describes the repository. */
  region: string;
  /** The account of an ECR host (DescribeImages' registryId); absent for another registry. */
  registryId?: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/**
 * Reads promote-from. The region is promote-from-region when given, else the region in an ECR
 * host, else the step's own region (a registry such as 127.0.0.1:5000 names none).
 */
export function parsePromoteSource(text: string, regions: { given: string; step: string }): PromoteSource | { problem: string } {
  const shape = 'is not an image reference <registry>/<repository>:<tag> or <registry>/<repository>@sha256:<digest>, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:1a2b3c4';
  const problem = imageReferenceProblem(text);
  if (problem) return { problem: `${problem}: it ${shape}` };
  const [name, digest] = text.split('@', 2);
  const slash = name.indexOf('/');
  const host = slash === -1 ? '' : name.slice(0, slash);
  // A registry host has a dot or a port (docker's rule): shop-backend:1a2b3c4 alone names Docker Hub, never an environment.
  const registry = host && (/[.:]/.test(host) || host === 'localhost') ? parseRegistry(host) : undefined;
  if (!registry) return { problem: `names no registry host: it ${shape}` };
  const rest = name.slice(host.length + 1);
  const colon = rest.lastIndexOf(':');
  const repository = colon === -1 ? rest : rest.slice(0, colon);
  const tag = colon === -1 ? undefined : rest.slice(colon + 1);
  if (!tag && !digest) return { problem: `names neither a tag nor a digest: a promotion names the release's image exactly (no implicit latest): it ${shape}` };
  if (digest && !isDigest(digest)) return { problem: 'has a digest that is not sha256:<64 hex digits>' };
  const ecr = ECR_HOST.exec(host.toLowerCase());
  return {
    text,
    registry,
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    region: regions.given || ecr?.[2] || regions.step,
    ...(ecr ? { registryId: ecr[1] } : {}),
  };
}

/** What ECR's lifecycle policy rules say (the parts that choose images). */
export interface LifecycleRule {
  rulePriority?: number;
  description?: string;
  selection?: { tagStatus?: string; tagPrefixList?: string[]; tagPatternList?: string[]; storageClass?: string };
  action?: { type?: string; targetStorageClass?: string };
}

/** ECR's tagPatternList wildcard: `*` matches any run of characters, the rest literally. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * The rule of a lifecycle policy that can have taken the image out of the registry: by priority,
 * the first rule on standard storage (no `storageClass`, or `standard`) that expires it or moves it
 * to ECR's archive (`transition`) and whose selection takes an image with this tag (`any`;
 * `tagged` with a matching prefix or pattern), or an untagged image when it is named by digest
 * only; with `archive`, the first expire rule of archived images that takes it. Undefined when
 * none can.
 */
export function lifecycleRuleFor(policyText: string, tag: string | undefined, storage: 'standard' | 'archive' = 'standard'): LifecycleRule | undefined {
  let rules: LifecycleRule[];
  try {
    rules = (JSON.parse(policyText) as { rules?: LifecycleRule[] }).rules ?? [];
  } catch {
    return undefined;
  }
  const takes = (rule: LifecycleRule): boolean => {
    if ((rule.selection?.storageClass ?? 'standard') !== storage) return false;
    const status = rule.selection?.tagStatus;
    if (status === 'any') return true;
    if (status === 'untagged') return tag === undefined;
    if (status !== 'tagged' || tag === undefined) return false;
    const prefixes = rule.selection?.tagPrefixList ?? [];
    const patterns = rule.selection?.tagPatternList ?? [];
    return prefixes.some((prefix) => tag.startsWith(prefix)) || patterns.some((pattern) => wildcard(pattern).test(tag));
  };
  const acts = (rule: LifecycleRule): boolean => {
    const type = rule.action?.type ?? 'expire';
    return type === 'expire' || (storage === 'standard' && type === 'transition');
  };
  return [...rules].sort((a, b) => (a.rulePriority ?? 0) - (b.rulePriority ?? 0)).find((rule) => acts(rule) && takes(rule));
}

/** Why the source image is gone, in words: the lifecycle policy's rule when one matches, else deleted. */
export function goneReason(source: PromoteSource, policyText: string | undefined): string {
  const what = `${source.repository}${source.tag ? `:${source.tag}` : ''}${source.digest ? `@${source.digest}` : ''}`;
  const rule = policyText ? lifecycleRuleFor(policyText, source.tag) : undefined;
  const named = (one: LifecycleRule) => (one.description ? `rule ${one.rulePriority ?? '?'} '${one.description}'` : `rule ${one.rulePriority ?? '?'}`);
  if (rule?.action?.type === 'transition') {
    // The promotion reads the source and writes nothing there: the restore is the source environment's to make.
    const later = policyText ? lifecycleRuleFor(policyText, source.tag, 'archive') : undefined;
    const gone = later ? `; ${named(later)} expires archived images, so it may be gone for good` : '';
    const restore = restoreCommand({ region: source.region, registryId: source.registryId, repositoryName: source.repository }, source.tag ? { imageTag: source.tag } : { imageDigest: source.digest });
    return (
      `the source image ${what} is not served by ${source.registry.host}: the repository's lifecycle policy moves it to ECR's archive (${named(rule)}), where it cannot be pulled${gone}. ` +
      `Restore it in the source repository (${restore}; ECR takes up to ${RESTORE_WITHIN}) and run again, or deploy a release that still has its image`
    );
  }
  if (rule) {
    return `the source image ${what} is gone from ${source.registry.host}: expired by the repository's lifecycle policy (${named(rule)}); it cannot be promoted. Deploy a release that still has its image`;
  }
  return `the source image ${what} is gone from ${source.registry.host}: deleted${policyText ? " (no rule of the repository's lifecycle policy matches it)" : ''}; it cannot be promoted. Deploy a release that still has its image`;
}
