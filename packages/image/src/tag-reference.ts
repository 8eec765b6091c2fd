import { imageReferenceProblem, tagProblem } from './reference.js';

// `tags` as docker/metadata-action writes them: plain tags (`sha-1a2b3c4`), or full references
// (`123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:sha-1a2b3c4`, `shop:latest`). This step
// pushes to one repository of one registry: a reference is a tag of it, or a mistake.

export interface TagReference {
  /** As written in the input. */
  text: string;
  tag: string;
  /** The registry host the reference names (lower case), when it names one. */
  registry?: string;
  /** The repository path it names, when it is a reference rather than a plain tag. */
  repository?: string;
}

/** A plain tag or a reference; a reference without a tag means `latest`, as docker reads it. */
export function parseTagReference(text: string): TagReference | { problem: string } {
  if (!/[/:@]/.test(text)) {
    const problem = tagProblem(text);
    return problem ? { problem } : { text, tag: text };
  }
  if (text.includes('@')) return { problem: 'names a digest: a tag names an image by tag only' };
  const problem = imageReferenceProblem(text);
  if (problem) return { problem };
  const slash = text.indexOf('/');
  const first = slash === -1 ? '' : text.slice(0, slash);
  const registry = first && (/[.:]/.test(first) || first === 'localhost') ? first.toLowerCase() : undefined;
  const rest = registry ? text.slice(first.length + 1) : text;
  const colon = rest.lastIndexOf(':');
  return {
    text,
    tag: colon === -1 ? 'latest' : rest.slice(colon + 1),
    repository: colon === -1 ? rest : rest.slice(0, colon),
    ...(registry ? { registry } : {}),
  };
}

/**
 * Why a reference is not a tag of `repository` in `registry` (host[:port]), or undefined. A
 * reference without a registry is taken as this one's, as metadata-action writes `shop:latest`
 * for `images: shop`. With the registry not known yet (the ECR login gives it), only the
 * repository is compared.
 */
export function foreignReference(reference: TagReference, target: { repository: string; registry?: string }): string | undefined {
  if (reference.repository === undefined) return undefined;
  const where = `${reference.registry ? `${reference.registry}/` : ''}${reference.repository}`;
  const ours = `${target.registry ? `${target.registry.toLowerCase()}/` : ''}${target.repository}`;
  if (reference.repository !== target.repository || (target.registry && reference.registry && reference.registry !== target.registry.toLowerCase())) {
    return `'${reference.text}' names ${where}, but this step pushes to ${ours} only: list only its tags (for metadata-action, images: ${ours})`;
  }
  return undefined;
}
