import { ConfigurationError } from './errors.js';

// S3's naming rules for general purpose buckets ("Bucket naming rules", Amazon S3 User Guide),
// each with the words that tell the user which one a name breaks.
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

const RULES = '3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit';

/** Which of S3's bucket naming rules a name breaks, or undefined when it keeps them all. */
function brokenRule(name: string): string | undefined {
  if (name.startsWith('arn:') || name.includes('://')) return 'give the name, not an ARN or s3:// URL';
  if (name.length < 3 || name.length > 63) return `it has ${name.length} characters`;
  const other = [...new Set(name.replace(/[a-z0-9.-]/g, ''))];
  if (other.length > 0) return `it has ${other.map((character) => `'${character}'`).join(', ')}`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'it starts or ends with a dot or hyphen';
  if (name.includes('..')) return 'it has two dots in a row';
  // Each dot-separated part is a DNS label in the bucket's virtual-hosted address: none may start or end with a hyphen.
  if (name.includes('.-') || name.includes('-.')) return 'a dot stands next to a hyphen';
  if (IP_ADDRESS.test(name)) return 'it has the form of an IP address';
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `the prefix '${prefix}' is reserved by S3`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `the suffix '${suffix}' is reserved by S3`;
  return undefined;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An environment variable's name an input gives, refused naming the input when it is not one. A
 * name written as the shell expands it (`$NAME`, `${NAME}`) is told to drop the `$`; anything else
 * gets the caller's hint. `shown` is what the message quotes (a value given by mistake may be a
 * secret).
 */
export function checkVariableName(value: string, input: string, hint = '', shown = value): string {
  if (VARIABLE_NAME.test(value)) return value;
  const expanded = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
  if (expanded) throw new ConfigurationError(`'${value}' would be the variable's value: give its name alone (${expanded[1]})`, input);
  throw new ConfigurationError(`'${shown}' is not an environment variable name${hint ? `: ${hint}` : ''}`, input);
}

// A bucket's REST, dual-stack, legacy regional and website endpoints, and CloudFront's domains:
// names S3 would take, but what the console shows beside a bucket, not its name.
const S3_ENDPOINT = /^(.+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
const CLOUDFRONT_DOMAIN = /\.cloudfront\.net$/;

/** The bucket whose S3 endpoint a host name is (REST, dual-stack, legacy regional or website), or undefined. */
export function s3EndpointBucket(host: string): string | undefined {
  return S3_ENDPOINT.exec(host)?.[1];
}

/** Why a bucket name is an address pasted for it, or undefined. */
function pastedAddress(name: string): string | undefined {
  const bucket = s3EndpointBucket(name);
  if (bucket) return `'${name}' is the bucket's S3 endpoint: give its name alone (${bucket})`;
  if (CLOUDFRONT_DOMAIN.test(name)) return `'${name}' is a CloudFront domain: give the name of the S3 bucket it serves from`;
  return undefined;
}

/** Why S3 would refuse a bucket name (or it is an address pasted for one), or undefined when it would accept it. */
export function bucketNameProblem(name: string): string | undefined {
  const pasted = pastedAddress(name);
  if (pasted) return pasted;
  const rule = brokenRule(name);
  return rule ? `'${name}' is not an S3 bucket name: ${RULES} (${rule})` : undefined;
}

/** The bucket name an input gives, refused naming the input when S3 would refuse it; '' stays ''. */
export function checkBucketName(value: string, input: string): string {
  const problem = value ? bucketNameProblem(value) : undefined;
  if (problem) throw new ConfigurationError(problem, input);
  return value;
}

/**
 * A key prefix as the actions use it: '' or `a/b/` (no leading slash, one trailing slash). A
 * segment that is empty, '.' or '..' would name keys S3 stores literally but nobody means.
 */
export function normalizePrefix(raw: string, input: string): string {
  const url = /^([a-z][a-z0-9+.-]*):\/\/[^/]*\/?(.*)$/i.exec(raw.trim());
  if (url) {
    const key = url[2].replace(/\/+$/, '');
    throw new ConfigurationError(`'${raw}' is ${url[1].toLowerCase() === 's3' ? 'an S3 URL' : 'a URL'}: give the key prefix alone, ${key ? `'${key}'` : "'' (the bucket's root)"}; the bucket has an input of its own`, input);
  }
  const trimmed = raw.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (!trimmed) return '';
  if (trimmed.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new ConfigurationError(`'${raw}' has an empty, '.' or '..' segment`, input);
  }
  return `${trimmed}/`;
}

/**
 * Percent-encoded text (a URL's path or password) decoded, or as written where it is not valid
 * percent-encoding: a browser and a server then read it as written too.
 */
export function decodedOrAsWritten(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
