// Names of registries, repositories, tags and digests, checked against the rules ECR and the
// OCI distribution spec apply, so a bad name fails before anything is built or pushed.

/** ECR: 2-256 characters, lowercase path components separated by `/`. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;

/** What the ECR console shows as a repository's URI: the registry host, then the name. */
const ECR_URI = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/(.+)$/;

/** A name with a digest or a tag pasted after it (shop@sha256:..., shop:latest): the name, and which. */
function pastedAfter(value: string): { name: string; after?: 'a digest' | 'a tag' } {
  const at = value.indexOf('@');
  if (at > 0) return { name: value.slice(0, at), after: 'a digest' };
  const colon = value.lastIndexOf(':');
  if (colon > 0 && !value.slice(colon + 1).includes('/')) return { name: value.slice(0, colon), after: 'a tag' };
  return { name: value };
}

export function repositoryProblem(name: string): string | undefined {
  // A URI, a tag or a digest pasted with the name: say what to give instead.
  const uri = ECR_URI.exec(name);
  const pasted = pastedAfter(uri ? uri[1] : name);
  if (REPOSITORY.test(pasted.name)) {
    if (uri) return `is the repository's URI: give its name alone (${pasted.name}); the host goes under registry when it is not this account's ECR`;
    if (pasted.after === 'a tag') return `holds a tag: give the repository's name alone (${pasted.name}), and the tag under tags`;
    if (pasted.after === 'a digest') return `holds a digest: give the repository's name alone (${pasted.name})`;
  }
  if (name.length < 2 || name.length > 256) return 'must be 2 to 256 characters';
  if (!REPOSITORY.test(name)) return 'may hold only lowercase letters, digits and . _ - / between letters or digits (ECR repository name rules)';
  return undefined;
}

export function tagProblem(tag: string): string | undefined {
  return TAG.test(tag) ? undefined : 'a tag is 1-128 characters: letters, digits, _ . - and not starting with . or -';
}

// The OCI distribution spec's path component: lowercase letters and digits, separated by . _ __ or dashes.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * Why a value is not an image reference `[registry/]repository[:tag|@digest]`, or undefined.
 * Commas and `=` are refused first: such a value would add options of its own where it is pasted
 * into buildx's comma-separated `type=registry,ref=...` lists.
 */
export function imageReferenceProblem(value: string): string | undefined {
  if (/[,=\s]/.test(value)) return 'may not hold commas, = or white space: it goes into buildx options as ref=<value>';
  const [name, digest] = value.split('@', 2);
  if (digest !== undefined && !DIGEST.test(digest)) return 'has a digest that is not sha256:<64 hex digits>';
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  // As docker reads it: the first part is a registry when it has a dot or a port, or is localhost.
  const host = first && (/[.:]/.test(first) || first === 'localhost') ? first : '';
  if (host && !HOST.test(host)) return `has a registry host '${host}' that is not host[:port]`;
  const rest = host ? name.slice(host.length + 1) : name;
  const colon = rest.lastIndexOf(':');
  const repository = colon === -1 ? rest : rest.slice(0, colon);
  const tag = colon === -1 ? undefined : rest.slice(colon + 1);
  if (!repository || !repository.split('/').every((part) => PATH_COMPONENT.test(part))) {
    return 'is not an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-cache:main (lowercase repository path)';
  }
  if (tag !== undefined && !TAG.test(tag)) return `has a tag '${tag}' that is not 1-128 letters, digits, _ . -`;
  return undefined;
}

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

export interface Registry {
  /** host[:port], as written in image names. */
  host: string;
  /** Where the registry API answers: https, or http for a registry on loopback or given as http://. */
  apiBase: string;
}

/**
 * The registry from the `registry` input or ECR's proxy endpoint (`https://ACCOUNT.dkr.ecr.REGION.amazonaws.com`).
 * Docker itself talks plain HTTP to registries on loopback; the API calls here do the same.
 */
export function parseRegistry(value: string): Registry | undefined {
  const match = /^(?:(https?):\/\/)?([^/]+)\/?$/.exec(value.trim());
  if (!match || !HOST.test(match[2])) return undefined;
  const [, scheme, host] = match;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return { host, apiBase: `${scheme ?? (loopback ? 'http' : 'https')}://${host}` };
}

export function imageName(registry: Registry, repository: string, tag: string): string {
  return `${registry.host}/${repository}:${tag}`;
}

export function imageByDigest(registry: Registry, repository: string, digest: string): string {
  return `${registry.host}/${repository}@${digest}`;
}
