// What an image manifest (OCI, or Docker's v2) says, as a registry and ECR's BatchGetImage give
// it: the shared reading of build-push-django-image's registry client and the deploy's platform check.

/** Every manifest kind an image may be stored as: an index (manifest list) or a single image. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export interface Platform {
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface ManifestBody {
  mediaType?: string;
  config?: { digest?: string; size?: number };
  layers?: Array<{ size?: number }>;
  /** An index's entries. */
  manifests?: Array<{ digest?: string; platform?: Platform; annotations?: Record<string, string> }>;
}

/** 'linux/arm64/v8' from a manifest's or a config's platform fields; 'unknown' where one is missing. */
export function platformName(platform: Platform): string {
  return [platform.os ?? 'unknown', platform.architecture ?? 'unknown', ...(platform.variant ? [platform.variant] : [])].join('/');
}

/** An index's image manifests: BuildKit's attestation manifests (annotated so, platform unknown/unknown) are not images. */
export function imageEntries(entries: NonNullable<ManifestBody['manifests']>): NonNullable<ManifestBody['manifests']> {
  return entries.filter((entry) => entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && entry.platform?.os !== 'unknown');
}
