import { checkBucketName, checkRegion, checkVariableName, ConfigurationError, InputReader, normalizePrefix, readAwsSettings, SPACED_GLOBS, type AwsSettings } from '@tandem/kit';
import { RELEASE_ID, cacheRules, contentTypeRules, entryPointMatcher, siteGlobMatcher, type HeaderRule, type PromotionSource } from '@tandem/frontend';

export const ACTION = 'build-and-sync-frontend';

export interface Inputs {
  bucket: string;
  prefix: string;
  sourceDir: string;
  workingDirectory: string;
  /** 'auto', 'none', or a command line. */
  buildCommand: string;
  /** Names of variables the build gets even though they are withheld by default (see buildEnvironment). */
  buildEnv: string[];
  /** Promoting: the release to promote, or 'current' (what serves in the source now). */
  releaseId: string;
  restoreRelease?: string;
  /** The other environment's site whose release is copied here, server-side, with no build. */
  promoteFrom?: PromotionSource;
  /** 'all': the whole release goes live; 'assets': only what no live page sees, the rest staged. */
  publish: 'all' | 'assets';
  cacheControl: HeaderRule[];
  /** The user's Content-Type rules, then the defaults for names mime-db cannot type. */
  contentType: HeaderRule[];
  entryPoints: (name: string, contentType?: string) => boolean;
  /** Service workers besides the known names and those the built code registers: entry points, no-cache. */
  serviceWorkers: (name: string) => boolean;
  /** Files of the build output left out of the release (source maps, say). */
  exclude: (name: string) => boolean;
  /** Paths the CDN serves from other origins (the API, a media bucket): references to them are not checked. */
  uncheckedPaths: (path: string) => boolean;
  keepReleases: number;
  /** Milliseconds. */
  pruneAfter: number;
  maxDeletes: number;
  concurrency: number;
  /** Milliseconds to wait for another deploy's lock; 0 refuses at once. */
  lockWait: number;
  dryRun: boolean;
  requireIndex: boolean;
  releasesBucket: string;
  /** Ends with '/'. */
  releasesPrefix: string;
  aws: AwsSettings;
}

const readBucket = (reader: InputReader, name: string, fallback = '') => checkBucketName(reader.string(name, fallback), name);

function releaseId(reader: InputReader, env: NodeJS.ProcessEnv, promoting: boolean): string {
  const value = reader.string('release-id', promoting ? 'current' : (env.GITHUB_SHA ?? ''));
  if (!value) throw new ConfigurationError('is empty and GITHUB_SHA is not set: give the release an id', 'release-id');
  if (!RELEASE_ID.test(value)) {
    throw new ConfigurationError(`'${value}' is not a release id: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit`, 'release-id');
  }
  return value;
}

/**
 * `promote-from`: `bucket` or `bucket/prefix`, its record under the same releases-prefix as
 * this site's. Refused with what a promotion cannot go with: a restore, a build, itself.
 */
function promoteFrom(reader: InputReader, site: { bucket: string; prefix: string; region: string; restore?: string; releasesPrefix: string }): PromotionSource | undefined {
  // `s3://bucket/prefix`, as the AWS CLI writes a site's place, is the same.
  const value = reader.string('promote-from').replace(/^s3:\/\//i, '').replace(/^\/+/, '');
  if (!value) return undefined;
  const slash = value.indexOf('/');
  const bucket = checkBucketName(slash < 0 ? value : value.slice(0, slash), 'promote-from');
  const prefix = normalizePrefix(slash < 0 ? '' : value.slice(slash + 1), 'promote-from');
  if (site.restore) throw new ConfigurationError('is set together with restore-release: a promotion copies a release from another bucket, a restore publishes one this bucket holds; give one of them', 'promote-from');
  // The runner passes action.yml's default ('auto') when the workflow gives none: only a command of the user's own is refused.
  const build = reader.string('build-command');
  if (build && build !== 'none' && build !== 'auto') throw new ConfigurationError(`is set together with build-command '${build}': a promotion builds nothing, it copies the release that served in the source; leave build-command out`, 'promote-from');
  if (bucket === site.bucket && prefix === site.prefix) throw new ConfigurationError(`names this step's own site (s3://${bucket}/${prefix}): give the site of the environment to promote from`, 'promote-from');
  const region = checkRegion(reader.string('promote-from-region', site.region), 'promote-from-region');
  return { bucket, prefix, region, releases: { bucket, prefix: prefix + site.releasesPrefix } };
}

function buildEnv(reader: InputReader): string[] {
  // A value given by mistake may be a secret: a message shows only what precedes an '='.
  const shown = (name: string) => (name.includes('=') ? `${name.slice(0, name.indexOf('='))}=…` : name);
  const hint = "give names only (letters, digits and '_'), one per line or separated by commas, never values";
  return reader.list('build-env').map((name) => checkVariableName(name, 'build-env', hint, shown(name)));
}

export function readInputs(reader = new InputReader(), env: NodeJS.ProcessEnv = process.env): Inputs {
  const bucket = readBucket(reader, 'bucket');
  if (!bucket) throw new ConfigurationError('is required: the name of the S3 bucket the site is served from', 'bucket');
  const prefix = normalizePrefix(reader.string('prefix'), 'prefix');
  const restore = reader.string('restore-release') || undefined;
  if (restore && restore !== 'previous' && !RELEASE_ID.test(restore)) {
    throw new ConfigurationError(`'${restore}' is neither 'previous' nor a release id`, 'restore-release');
  }
  const publish = reader.choice('publish', ['all', 'assets'] as const, 'all');
  if (restore && publish === 'assets') {
    throw new ConfigurationError("is 'assets' together with restore-release: a restore publishes a recorded release; stage with publish: assets in one run, publish it with restore-release in a later one", 'publish');
  }
  const releasesPrefix = normalizePrefix(reader.string('releases-prefix', '_releases'), 'releases-prefix');
  const releasesBucket = readBucket(reader, 'releases-bucket', bucket);
  const promoting = reader.string('promote-from') !== '';
  const inputs: Inputs = {
    bucket,
    prefix,
    sourceDir: reader.string('source-dir'),
    workingDirectory: reader.string('working-directory', '.'),
    buildCommand: reader.string('build-command', 'auto'),
    buildEnv: buildEnv(reader),
    releaseId: releaseId(reader, env, promoting),
    restoreRelease: restore,
    publish,
    cacheControl: cacheRules(reader.string('cache-control')),
    contentType: contentTypeRules(reader.string('content-type')),
    entryPoints: entryPointMatcher(reader.list('entry-points', { commas: false, spaced: SPACED_GLOBS })),
    serviceWorkers: siteGlobMatcher(reader.list('service-workers', { spaced: SPACED_GLOBS })),
    exclude: siteGlobMatcher(reader.list('exclude', { spaced: SPACED_GLOBS }), 'exclude'),
    uncheckedPaths: siteGlobMatcher(reader.list('unchecked-paths', { spaced: SPACED_GLOBS }), 'unchecked-paths'),
    keepReleases: reader.integer('keep-releases', 5, { min: 1, max: 100 }),
    pruneAfter: reader.duration('prune-after', '7d'),
    maxDeletes: reader.integer('max-deletes', 500, { min: 0 }),
    concurrency: reader.integer('concurrency', 16, { min: 1, max: 64 }),
    lockWait: reader.duration('lock-wait', '10m'),
    dryRun: reader.boolean('dry-run', false),
    requireIndex: reader.boolean('require-index', true),
    releasesBucket,
    // The record lives under the site's prefix in the same bucket, beside the site in another one.
    releasesPrefix: releasesBucket === bucket ? prefix + releasesPrefix : releasesPrefix,
    aws: readAwsSettings(reader, env),
  };
  return { ...inputs, promoteFrom: promoteFrom(reader, { bucket, prefix, region: inputs.aws.region, restore, releasesPrefix }) };
}
