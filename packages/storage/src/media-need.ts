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
