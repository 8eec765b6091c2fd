import { engineOfBackend, type DatabaseTarget } from './database-url.js';
import { findDatabase, hostConcern } from './database.js';
import type { Environment } from './environment.js';
import { fail, pass, warn, type Check } from './checks.js';
import type { FileEvidence } from './media-need.js';

/** What Django itself reports, printed by SNIPPET inside the image. */
export interface EffectiveSettings {
  django: string;
  settingsModule: string;
  /** Why that module, when it is the server's rather than manage.py's default (serverSettingsCommand). */
  settingsSource?: string;
  database: { ENGINE: string; HOST: string; NAME: string; PORT: string };
  storage: { BACKEND: string; bucket: string | null };
  mediaRoot: string;
  /** Whether the app stores files: its models' file fields, the storage settings it sets. */
  files?: FileEvidence;
}

export const MARKER = '@@verify-shared-storage@@';

// Loads the settings as the app would (django.setup) and prints them; nothing connects anywhere:
// no query runs, no storage is instantiated, and the container has no network.
export const SNIPPET = `
import json, os, django
from django.conf import settings
django.setup()
from django.apps import apps
from django.db.models import FileField
file_fields = sorted('%s.%s.%s' % (model._meta.app_label, model.__name__, field.name) for model in apps.get_models() for field in model._meta.get_fields() if isinstance(field, FileField))
storage_settings = []
if settings.is_overridden('STORAGES'):
    own = ((settings.STORAGES or {}).get('default') or {}).get('BACKEND') or ''
    if own and 'FileSystemStorage' not in own: storage_settings.append('STORAGES default ' + own)
if settings.is_overridden('DEFAULT_FILE_STORAGE'): storage_settings.append('DEFAULT_FILE_STORAGE ' + str(settings.DEFAULT_FILE_STORAGE))
if settings.is_overridden('MEDIA_ROOT') and settings.MEDIA_ROOT: storage_settings.append('MEDIA_ROOT ' + str(settings.MEDIA_ROOT))
db = settings.DATABASES.get('default', {})
default = (getattr(settings, 'STORAGES', None) or {}).get('default') or {}
backend = default.get('BACKEND') or getattr(settings, 'DEFAULT_FILE_STORAGE', None) or 'django.core.files.storage.FileSystemStorage'
bucket = (default.get('OPTIONS') or {}).get('bucket_name') or getattr(settings, 'AWS_STORAGE_BUCKET_NAME', None)
print(${JSON.stringify(MARKER)} + json.dumps({
  'django': django.get_version(),
  'settingsModule': os.environ.get('DJANGO_SETTINGS_MODULE', ''),
  'database': {k: str(db.get(k) or '') for k in ('ENGINE', 'HOST', 'NAME', 'PORT')},
  'storage': {'BACKEND': str(backend), 'bucket': str(bucket) if bucket else None},
  'mediaRoot': str(getattr(settings, 'MEDIA_ROOT', '') or ''),
  'files': {'fileFields': file_fields, 'storageSettings': storage_settings},
}))
`.trim();

/** Stands in for a secret the image check never sees; `.invalid` can never resolve. */
export const PLACEHOLDER_HOST = 'placeholder-database.invalid';

/**
 * The environment the image runs with: plain values as the task definition has them, and a
 * placeholder for every secret, so no secret reaches the container. A database URL secret
 * becomes a URL of the same scheme to PLACEHOLDER_HOST, so the settings can still show they read it.
 */
export function imageEnvironment(environment: Environment, urlVariable: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, setting] of environment) {
    if (setting.kind === 'plain') result[name] = setting.value;
    else if (name === urlVariable) result[name] = `${schemeOf(setting.value)}://placeholder:placeholder@${PLACEHOLDER_HOST}:5432/placeholder`;
    else result[name] = /HOST/i.test(name) ? PLACEHOLDER_HOST : 'placeholder';
  }
  return result;
}

function schemeOf(url: string | undefined): string {
  const scheme = url ? /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url)?.[1] : undefined;
  return scheme && !/^sqlite|^spatialite/i.test(scheme) ? scheme : 'postgres';
}

/** Reads the marker line out of the container's output. */
export function parseEffectiveSettings(stdout: string): EffectiveSettings | undefined {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(MARKER));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(MARKER.length)) as EffectiveSettings;
  } catch {
    return undefined;
  }
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim().toLowerCase().replace(/\.$/, '') === (b ?? '').trim().toLowerCase().replace(/\.$/, '');
const DATABASE_FIX = (variable: string) =>
  `Build DATABASES from the environment in the settings module (DATABASES = {'default': dj_database_url.config(env='${variable}')}) and drop the SQLite fallback, or make it fail loudly when ${variable} is unset`;

/** django-database: the database Django really uses is the one the environment names. */
export function databaseSettingsCheck(effective: EffectiveSettings, expected: DatabaseTarget | undefined, variable: string): Check {
  const { ENGINE: engine, HOST: host, NAME: name } = effective.database;
  const uses = `Django ${effective.django} (${effective.settingsModule || 'settings'}${effective.settingsSource ? `, ${effective.settingsSource}` : ''}) uses ${engine || 'no ENGINE'}${host ? ` on ${host}` : ''}${name ? `, NAME ${name}` : ''}`;
  const effectiveEngine = engineOfBackend(engine);
  if (effectiveEngine === 'sqlite') {
    const ignored = expected && expected.engine !== 'sqlite' ? `, although ${variable} names ${expected.engine} on ${expected.host}: the settings ignore it` : '';
    return fail('django-database', `${uses}${ignored}; each task would keep its own SQLite file`, DATABASE_FIX(variable));
  }
  if (expected && expected.engine !== 'sqlite' && !same(host, expected.host)) {
    return fail('django-database', `${uses}, but the environment names ${expected.host}: the settings read the database from somewhere else`, DATABASE_FIX(variable));
  }
  const concern = hostConcern(host);
  if (concern?.level === 'fail') return fail('django-database', `${uses}: ${concern.reason}`, DATABASE_FIX(variable));
  return pass('django-database', `${uses}, as the environment says`);
}

const STORAGE_FIX = (variable: string) =>
  `Set STORAGES = {'default': {'BACKEND': 'storages.backends.s3.S3Storage'}, 'staticfiles': {...}} and AWS_STORAGE_BUCKET_NAME = os.environ['${variable}'] in the settings module`;

/** django-storage: uploads go to the bucket the environment names, not to MEDIA_ROOT on the task. */
export function storageSettingsCheck(effective: EffectiveSettings, expectedBucket: string | undefined, variable: string): Check {
  const { BACKEND: backend, bucket } = effective.storage;
  if (/filesystem/i.test(backend)) {
    return fail('django-storage', `default storage is ${backend}: uploads are written to MEDIA_ROOT (${effective.mediaRoot || 'unset'}) on whichever task took the request`, STORAGE_FIX(variable));
  }
  if (!/s3/i.test(backend)) {
    return warn('django-storage', `default storage is ${backend}, not S3: its sharing cannot be checked here`, STORAGE_FIX(variable));
  }
  if (expectedBucket && bucket && bucket !== expectedBucket) {
    return fail('django-storage', `default storage is ${backend} on bucket ${bucket}, but ${variable} is ${expectedBucket}`, STORAGE_FIX(variable));
  }
  if (expectedBucket && !bucket) {
    return fail('django-storage', `default storage is ${backend} with no bucket name, though ${variable} is ${expectedBucket}`, STORAGE_FIX(variable));
  }
  return pass('django-storage', `default storage is ${backend}${bucket ? ` on bucket ${bucket}` : ''}`);
}

/** The database the image was told about, read back from the environment it was given. */
export function expectedDatabase(passed: Record<string, string>, variable: string): DatabaseTarget | undefined {
  const environment: Environment = new Map(Object.entries(passed).map(([name, value]) => [name, { kind: 'plain', value }]));
  const finding = findDatabase(environment, variable);
  return finding.state === 'found' ? finding.target : undefined;
}
