import type { Environment } from './environment.js';
import { pass, warn, type Check } from './checks.js';

/** The `media` input: decide from the app (`auto`), or as told. */
export type MediaMode = 'auto' | 'required' | 'none';

/** What the image's Django reports about files: models with file fields, storage settings it sets. */
export interface FileEvidence {
  /** `app.Model.field` for every FileField (ImageField included) of an installed model. */
  fileFields: string[];
  /** Storage settings the settings module sets itself (not Django's defaults), with their value. */
  storageSettings: string[];
}

export interface MediaNeed {
  needed: boolean;
  /** The media-needed check: which, and why. */
  check: Check;
}

const NO_MEDIA = "set media: none if the app stores no uploaded files, or pass image so Django's models and settings can be read";

/**
 * Whether the app needs a shared media store. Told: as told, with a warning when the app shows
 * file fields that `none` leaves on one task. Auto: models with file fields or storage settings
 * the app sets (from the image), or a media bucket or MEDIA_ROOT in the task definition, mean
 * yes; an image showing none of them means no; without the image nothing can be ruled out.
 */
export function mediaNeed(mode: MediaMode, environment: Environment, bucketVariable: string, evidence: FileEvidence | undefined): MediaNeed {
  const reasons = [
    ...(evidence?.fileFields.length ? [`file fields ${list(evidence.fileFields)}`] : []),
    ...(evidence?.storageSettings.length ? [`storage settings ${list(evidence.storageSettings)}`] : []),
    ...(environment.has(bucketVariable) ? [`${bucketVariable} in the task definition`] : []),
    ...(environment.has('MEDIA_ROOT') ? ['MEDIA_ROOT in the task definition'] : []),
  ];
  if (mode === 'required') return { needed: true, check: pass('media-needed', 'media: required: the media store is checked') };
  if (mode === 'none') {
    const fields = evidence?.fileFields ?? [];
    if (fields.length) {
      return {
        needed: false,
        check: warn('media-needed', `media: none, but the models have ${list(fields)}: an upload would stay on the one task that took it`, `Set media: auto (or required) and give the app an S3 media bucket (${bucketVariable}, STORAGES default S3Storage)`),
      };
    }
    return { needed: false, check: pass('media-needed', 'media: none: the app stores no uploaded files; media checks skipped') };
  }
  if (reasons.length) return { needed: true, check: pass('media-needed', `the app stores files: ${reasons.join('; ')}`) };
  if (evidence) return { needed: false, check: pass('media-needed', 'no model has a FileField or ImageField and the settings set no file storage: no media store needed; media checks skipped') };
  return { needed: true, check: pass('media-needed', `media: auto, without image and without ${bucketVariable}: shared media cannot be ruled out, so it is checked (${NO_MEDIA})`) };
}

function list(items: string[]): string {
  return items.length > 4 ? `${items.slice(0, 4).join(', ')} and ${items.length - 4} more` : items.join(', ');
}

export { NO_MEDIA };

export interface BucketVariable {
  /** The variable the media checks read the bucket from. */
  variable: string;
  /** Why not media-bucket-env's, when another: for the media-bucket-configured message. */
  note?: string;
}

/**
 * The variable that names the media bucket: media-bucket-env's when the task definition sets it;
 * else, when the image's Django stores files in a bucket (`storage`), the plain variable whose
 * value is that bucket (cookiecutter-django's DJANGO_AWS_STORAGE_BUCKET_NAME, say), so the media
 * checks look at the bucket the app really writes to rather than failing for a name it never reads.
 */
export function bucketVariableOf(environment: Environment, configured: string, storage: { BACKEND: string; bucket: string | null } | undefined): BucketVariable {
  if (environment.has(configured) || !storage?.bucket || /FileSystemStorage/.test(storage.BACKEND)) return { variable: configured };
  const holding = [...environment].filter(([, setting]) => setting.kind === 'plain' && setting.value === storage.bucket).map(([name]) => name);
  if (holding.length !== 1) return { variable: configured };
  return {
    variable: holding[0],
    note: `the bucket Django's storage uses; media-bucket-env names ${configured}, which the task definition does not set (set media-bucket-env: ${holding[0]} to say so)`,
  };
}
