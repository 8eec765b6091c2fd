/** An image reference as ECS pulls it, split into the parts ECR's API needs. */
export interface ImageRef {
  image: string;
  /** `host/path` without tag or digest. */
  repository: string;
  digest?: string;
  tag?: string;
  /** Set when the image lives in ECR: the account (registryId), region and repository name. */
  ecr?: { registryId: string; region: string; repositoryName: string };
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const firstSlash = rest.indexOf('/');
  const host = firstSlash > 0 ? rest.slice(0, firstSlash) : '';
  const match = ECR_HOST.exec(host);
  return {
    image,
    repository: rest,
    digest,
    tag,
    ecr: match ? { registryId: match[1], region: match[2], repositoryName: rest.slice(firstSlash + 1) } : undefined,
  };
}

/** Why an image reference is unusable for a deploy pinned by digest, or undefined when it is fine. */
export function digestProblem(image: string): string | undefined {
  if (!image || /\s/.test(image)) return `'${image}' is not an image reference`;
  const ref = parseImage(image);
  if (!ref.repository || ref.repository.endsWith('/')) return `'${image}' has no repository`;
  if (!ref.digest) return `'${image}' is not pinned by digest: pass REPOSITORY@sha256:<64 hex> (build-push-django-image's image output)`;
  if (!DIGEST.test(ref.digest)) return `'${ref.digest}' in '${image}' is not a sha256 digest (sha256: and 64 lower-case hex digits)`;
  return undefined;
}
