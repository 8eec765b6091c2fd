import { imageEntries, MANIFEST_TYPES, platformName, type ManifestBody } from '@tandem/kit';
import { isDigest, type Registry } from './reference.js';

// The registry's own HTTP API (OCI distribution): which digest a tag points at. The same calls
// answer on ECR, on a local registry, and on any other registry the `registry` input names.

const ACCEPT = MANIFEST_TYPES.join(', ');

export interface Credentials {
  username: string;
  password: string;
}

export interface RemoteImage {
  /** The manifest digest (Docker-Content-Digest), what `image@digest` names. */
  digest: string;
  /** The image config digest, the local image ID of the same image in Docker's classic image store; absent for an index. */
  configDigest?: string;
  mediaType: string;
  /** Compressed size in the registry (config + layers); absent for an index. */
  size?: number;
  /** An index's image manifests, by digest and platform ('linux/amd64'); attestation manifests are left out. */
  manifests?: Array<{ digest: string; platform: string }>;
}

/** A tag's image as the registry holds it, with an index's image manifests read too. */
export interface RemoteTag extends RemoteImage {
  images?: Array<RemoteImage & { platform: string }>;
}

/** The image just built, as the local engine names it. */
export interface LocalImage {
  /**
   * What `--iidfile` holds: the config digest (Docker's classic image store, and the containerd
   * image store for a single manifest), or the digest of the image index the containerd image
   * store (Docker Engine 29's default on a new install) keeps when the build adds attestations.
   */
  id: string;
  /** The image manifest of each platform the containerd image store holds, by platform ('linux/amd64'). */
  manifests?: Record<string, string>;
}

export type Fetch = typeof fetch;

export class RegistryClient {
  private bearer?: string;

  constructor(
    private readonly registry: Registry,
    private readonly credentials: Credentials,
    private readonly fetcher: Fetch = fetch,
  ) {}

  /** The image a tag (or a digest) points at, or undefined when the repository has no such tag. */
  async image(repository: string, tag: string): Promise<RemoteImage | undefined> {
    const response = await this.request(`/v2/${repository}/manifests/${isDigest(tag) ? tag : encodeURIComponent(tag)}`);
    if (response.status === 404) return undefined;
    const body = await response.text();
    if (!response.ok) throw new Error(`registry ${this.registry.host} answered ${response.status} for ${repository}:${tag}: ${body.slice(0, 300)}`);
    const digest = response.headers.get('docker-content-digest');
    if (!digest) throw new Error(`registry ${this.registry.host} sent no Docker-Content-Digest for ${repository}:${tag}`);
    const manifest = JSON.parse(body) as ManifestBody;
    const size = manifest.layers ? manifest.layers.reduce((sum, layer) => sum + (layer.size ?? 0), manifest.config?.size ?? 0) : undefined;
    return {
      digest,
      configDigest: manifest.config?.digest,
      size,
      mediaType: manifest.mediaType ?? response.headers.get('content-type') ?? '',
      ...(manifest.manifests ? { manifests: imageManifests(manifest.manifests) } : {}),
    };
  }

  /** A tag's image, and when it is an index, each of its image manifests. */
  async tag(repository: string, tag: string): Promise<RemoteTag | undefined> {
    const remote = await this.image(repository, tag);
    if (!remote?.manifests) return remote;
    const images = await Promise.all(
      remote.manifests.map(async ({ digest, platform }) => {
        const image = await this.image(repository, digest);
        return image ? [{ ...image, platform }] : [];
      }),
    );
    return { ...remote, images: images.flat() };
  }

  private async request(path: string): Promise<Response> {
    const url = `${this.registry.apiBase}${path}`;
    const basic = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    const send = (authorization: string) => this.fetcher(url, { headers: { accept: ACCEPT, authorization } });
    let response = await send(this.bearer ? `Bearer ${this.bearer}` : basic);
    const challenge = response.headers.get('www-authenticate') ?? '';
    if (response.status === 401 && /^Bearer /i.test(challenge)) {
      // Registries with token auth (Docker Hub, GHCR) hand out a token for the basic credentials.
      this.bearer = await this.token(challenge, basic);
      response = await send(`Bearer ${this.bearer}`);
    }
    if (response.status === 401) throw new Error(`registry ${this.registry.host} refused the login for ${path}`);
    return response;
  }

  private async token(challenge: string, basic: string): Promise<string> {
    const fields = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (!fields.realm) throw new Error(`registry ${this.registry.host} asked for a token without a realm`);
    const url = new URL(fields.realm);
    if (fields.service) url.searchParams.set('service', fields.service);
    if (fields.scope) url.searchParams.set('scope', fields.scope);
    const response = await this.fetcher(url, { headers: { authorization: basic } });
    if (!response.ok) throw new Error(`registry token service ${url.host} answered ${response.status}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`registry token service ${url.host} sent no token`);
    return token;
  }
}

/** An index's image manifests, by digest and platform. */
function imageManifests(entries: NonNullable<ManifestBody['manifests']>): Array<{ digest: string; platform: string }> {
  return imageEntries(entries).flatMap((entry) => (entry.digest ? [{ digest: entry.digest, platform: platformName(entry.platform ?? {}) }] : []));
}

export type TagState =
  | { tag: string; state: 'absent' }
  | { tag: string; state: 'same'; digest: string }
  | { tag: string; state: 'different'; digest: string };

/**
 * Whether a remote tag already holds this image, another image, or nothing. The same image is the
 * same manifest or index, the same config (the classic store's image ID), or, in an index, an
 * image manifest that the local image has for that platform: an index whose attestations differ
 * (each build's provenance has its own times) holds the same image.
 */
export function compareTag(tag: string, remote: RemoteTag | undefined, local: LocalImage): TagState {
  if (!remote) return { tag, state: 'absent' };
  const holds = (image: RemoteImage & { platform?: string }) =>
    image.digest === local.id || image.configDigest === local.id || (image.platform !== undefined && local.manifests?.[image.platform] === image.digest);
  const same = holds(remote) || (remote.images ?? []).some(holds);
  return same ? { tag, state: 'same', digest: remote.digest } : { tag, state: 'different', digest: remote.digest };
}
