import { immutableMatcher, LIMITS, parseExplicitPath } from '@tandem/cdn';
import { ConfigurationError, InputReader, normalizePrefix, readAwsSettings, readListFile, SPACED_GLOBS, type AwsSettings, type SpacedItems } from '@tandem/kit';

export const ACTION = 'invalidate-cdn';

export interface Inputs {
  distributionId: string;
  changedKeys: string[];
  paths: string[];
  prefix: string;
  indexDocument: string;
  /** Undefined unless skip-immutable is on. */
  immutable?: (relative: string) => boolean;
  maxPaths: number;
  wait: boolean;
  waitTimeout: number;
  submitTimeout: number;
  dryRun: boolean;
  aws: AwsSettings;
}

const ARN = /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/([A-Z0-9]+)$/;
const ID = /^[A-Z0-9]{8,20}$/;

/** A distribution id, or the id inside a distribution ARN; a domain name or typo fails here. */
export function parseDistributionId(raw: string): string {
  const fromArn = ARN.exec(raw)?.[1];
  if (fromArn) return fromArn;
  if (/cloudfront\.net$/i.test(raw)) {
    throw new ConfigurationError(`'${raw}' is the distribution's domain name: give its id, such as E2QWRUHAPOMQZL (CloudFront console, or aws cloudfront list-distributions)`, 'distribution-id');
  }
  const several = raw.split(/[\s,]+/).filter(Boolean);
  if (several.length > 1 && several.every((part) => ID.test(part))) {
    throw new ConfigurationError(
      `'${raw}' holds ${several.length} distribution ids: one step invalidates one distribution (its own origin path and paths); run the step once for each, e.g. in a matrix over ${several.join(', ')}`,
      'distribution-id',
    );
  }
  if (!ID.test(raw)) {
    throw new ConfigurationError(`'${raw}' is not a CloudFront distribution id: ids are upper-case letters and digits, such as E2QWRUHAPOMQZL`, 'distribution-id');
  }
  return raw;
}

const KEYS_EXAMPLE = '["index.html","assets/app-Bpcrg61J.js"] (the changed-keys output of build-and-sync-frontend)';

/** The raw input: JSON text, or empty for none. */
export function readChangedKeys(raw: string): string[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`is not valid JSON (${why}): give a JSON array of S3 keys, such as ${KEYS_EXAMPLE}`, 'changed-keys');
  }
  return parseChangedKeys(value);
}

export function parseChangedKeys(value: unknown): string[] {
  // A long list comes as the file build-and-sync-frontend wrote it to (kit's listOutput).
  const listed = readListFile(value, 'changed-keys');
  if (listed) return listed.filter((key) => key !== '');
  if (!Array.isArray(value) || value.some((key) => typeof key !== 'string')) {
    throw new ConfigurationError(`expected a JSON array of S3 keys, such as ${KEYS_EXAMPLE}`, 'changed-keys');
  }
  return value.filter((key) => key !== '');
}

// `/index.html /about.html`, as `aws cloudfront create-invalidation --paths` takes them, is two
// paths; taken as one it would invalidate '/index.html%20/about.html', which nobody requests.
const SPACED_PATHS: SpacedItems = { what: 'paths', isItem: (piece) => piece.startsWith('/') };

export function parsePaths(raw: readonly string[]): string[] {
  const paths = raw.map((entry) => {
    const parsed = parseExplicitPath(entry);
    if ('problem' in parsed) throw new ConfigurationError(parsed.problem, 'paths');
    return parsed.path;
  });
  const wildcards = paths.filter((path) => path.endsWith('*')).length;
  if (wildcards > LIMITS.wildcardsInFlight) {
    throw new ConfigurationError(`${wildcards} wildcard paths: CloudFront allows ${LIMITS.wildcardsInFlight} in progress per distribution; use a broader wildcard`, 'paths');
  }
  return paths;
}

export function readInputs(reader = new InputReader()): Inputs {
  const distributionId = parseDistributionId(reader.required('distribution-id', 'the id of the CloudFront distribution, such as E2QWRUHAPOMQZL'));
  const skipImmutable = reader.boolean('skip-immutable', false);
  const patterns = reader.list('immutable-patterns', { spaced: SPACED_GLOBS });
  if (patterns.length > 0 && !skipImmutable) {
    throw new ConfigurationError('is set but skip-immutable is false, so nothing would be skipped: set skip-immutable: true, or remove it', 'immutable-patterns');
  }
  return {
    distributionId: distributionId,
    changedKeys: readChangedKeys(reader.string('changed-keys')),
    paths: parsePaths(reader.list('paths', { spaced: SPACED_PATHS })),
    prefix: normalizePrefix(reader.string('prefix'), 'prefix'),
    indexDocument: reader.matching('index-document', /^[^/*]+$/, 'a file name such as index.html', 'index.html'),
    immutable: skipImmutable ? immutableMatcher(patterns) : undefined,
    maxPaths: reader.integer('max-paths', 100, { min: 1, max: LIMITS.filesInFlight }),
    wait: reader.boolean('wait', true),
    waitTimeout: reader.duration('wait-timeout', '30m'),
    submitTimeout: reader.duration('submit-timeout', '15m'),
    dryRun: reader.boolean('dry-run', false),
    aws: readAwsSettings(reader),
  };
}
