import mime from 'mime-types';
import picomatch from 'picomatch';
import { ConfigurationError } from '@tandem/kit';

/** One `pattern: value` rule; the first rule whose pattern matches a key decides. */
export interface HeaderRule {
  pattern: string;
  value: string;
  matches: (key: string) => boolean;
  /** One of the built-in rules, not the user's. */
  isDefault?: boolean;
}

const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Defaults for Vite, Create React App and Next export builds: hashed bundles are cached for a
 * year; pages, the service worker and manifests are revalidated on every load so a deploy is
 * seen at once; anything else (public/ files with stable names) revalidates too, because its
 * content can change under the same name.
 */
export const DEFAULT_CACHE_RULES = `
**/*.html: ${REVALIDATE}
{sw,service-worker,serviceworker,firebase-messaging-sw}.js: ${REVALIDATE}
**/*.webmanifest: ${REVALIDATE}
**/{manifest,asset-manifest}.json: ${REVALIDATE}
{assets,static,_next/static}/**: ${YEAR_IMMUTABLE}
**/*.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]{,.chunk}.{js,mjs,css,map,svg,png,jpg,jpeg,gif,webp,avif,woff,woff2,ttf,otf,eot,wasm,ico,json}: ${YEAR_IMMUTABLE}
**: public, max-age=0, must-revalidate
`;

/**
 * Entry points are fetched by a stable name and name other files: they go up last, so they
 * never reference a file that is not there yet.
 */
export const DEFAULT_ENTRY_POINTS = [
  '**/*.{html,htm}',
  '{sw,service-worker,serviceworker,firebase-messaging-sw}.js',
  '**/*.webmanifest',
  '**/{manifest,asset-manifest}.json',
  '{robots.txt,sitemap*.xml,_redirects,_headers}',
];

const GLOB_OPTIONS = { dot: true, nocase: false } as const;

function matcher(pattern: string, input: string): (key: string) => boolean {
  try {
    const test = picomatch(pattern, GLOB_OPTIONS);
    return (key) => test(key);
  } catch (error) {
    throw new ConfigurationError(`'${pattern}' is not a valid glob (${(error as Error).message})`, input);
  }
}

/** Parses `pattern: value` lines. The value may itself hold colons; the pattern may not. `check` says what is wrong with a value, if anything. */
export function parseHeaderRules(text: string, input = 'cache-control', check?: (value: string) => string | undefined): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf(': ');
    if (at <= 0) throw new ConfigurationError(`expected 'pattern: value' on each line, got '${line}'`, input);
    const pattern = line.slice(0, at).trim();
    const value = line.slice(at + 2).trim();
    if (!value) throw new ConfigurationError(`rule '${pattern}' has no value`, input);
    if (/[\r\n\0]/.test(value) || !/^[\x20-\x7e]+$/.test(value)) {
      throw new ConfigurationError(`the value of '${pattern}' must be printable ASCII (an HTTP header value), got '${value}'`, input);
    }
    const problem = check?.(value);
    if (problem) throw new ConfigurationError(`the value of '${pattern}', '${value}', ${problem}`, input);
    rules.push({ pattern, value, matches: matcher(pattern, input) });
  }
  return rules;
}

/** The user's rules first, then the defaults: a few lines override just what they name. */
export function cacheRules(userText: string): HeaderRule[] {
  return [...parseHeaderRules(userText), ...parseHeaderRules(DEFAULT_CACHE_RULES, 'cache-control (defaults)').map((rule) => ({ ...rule, isDefault: true }))];
}

export function cacheControlFor(rules: readonly HeaderRule[], key: string): string {
  for (const rule of rules) if (rule.matches(key)) return rule.value;
  return REVALIDATE;
}

/**
 * Whether a file is an entry point: one the globs name; with the defaults, also any page by its
 * Content-Type (a page without an extension, typed text/html by a content-type rule).
 */
export function entryPointMatcher(patterns: readonly string[], input = 'entry-points'): (key: string, contentType?: string) => boolean {
  const tests = (patterns.length > 0 ? patterns : DEFAULT_ENTRY_POINTS).map((pattern) => matcher(pattern, input));
  const pages = patterns.length === 0;
  return (key, contentType) => tests.some((test) => test(key)) || (pages && isPageType(contentType));
}

/**
 * Globs of names relative to the prefix (`service-workers`, `unchecked-paths`). A leading '/' is
 * refused: it is a URL path, and would never match a name.
 */
export function siteGlobMatcher(patterns: readonly string[], input = 'service-workers'): (key: string) => boolean {
  const rooted = patterns.find((pattern) => pattern.startsWith('/'));
  if (rooted !== undefined) throw new ConfigurationError(`'${rooted}' starts with '/': name the file relative to the site's root, e.g. '${rooted.replace(/^\/+/, '')}'`, input);
  const tests = patterns.map((pattern) => matcher(pattern, input));
  return (key) => tests.some((test) => test(key));
}

/**
 * Files that name no type by their extension but must be served with one: Apple fetches the
 * app-site association (Universal Links) only as JSON, and Chrome's private prefetch proxy
 * reads traffic advice only as `application/trafficadvice+json`. mime-db would give both
 * application/octet-stream.
 */
export const DEFAULT_CONTENT_TYPES = `
{.well-known/,}apple-app-site-association: application/json
.well-known/traffic-advice: application/trafficadvice+json
`;

const TOKEN = "[A-Za-z0-9!#$&^_.+'*|~-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\]*"))*$`);

/** What is wrong with a Content-Type value, with the type mime-db gives a bare extension or name ('json', 'html'). */
function mediaTypeProblem(value: string): string | undefined {
  if (MEDIA_TYPE.test(value)) return undefined;
  const known = mime.contentType(value.toLowerCase());
  return `is not a media type (type/subtype, then '; name=value' parameters)${known ? `: did you mean '${known}'?` : ''}`;
}

/** The user's Content-Type rules first, then the defaults for names mime-db cannot type; the database decides the rest. */
export function contentTypeRules(userText: string): HeaderRule[] {
  return [
    ...parseHeaderRules(userText, 'content-type', mediaTypeProblem),
    ...parseHeaderRules(DEFAULT_CONTENT_TYPES, 'content-type (defaults)').map((rule) => ({ ...rule, isDefault: true })),
  ];
}

const DEFAULT_TYPE_RULES = contentTypeRules('');

const TEXT_LIKE = /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json|[a-z.+-]+\+(json|xml)))|^image\/svg\+xml$/;

/**
 * Content-Type: the first rule that matches the name (the user's, as written, then the
 * defaults'), else the mime-db database (the same table on every OS), with a UTF-8 charset on
 * every text type, including the JSON and XML families and SVG, which mime-db leaves without one.
 */
export function contentTypeFor(key: string, rules: readonly HeaderRule[] = DEFAULT_TYPE_RULES): string {
  for (const rule of rules) if (rule.matches(key)) return rule.value;
  const name = key.slice(key.lastIndexOf('/') + 1);
  const type = name.includes('.') ? mime.lookup(name) : false;
  if (!type) return 'application/octet-stream';
  return TEXT_LIKE.test(type) ? withCharset(type) : type;
}

/** The media type of a Content-Type, without its parameters: `text/html; charset=utf-8` is `text/html`. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** Whether a Content-Type is a page's, whatever the file's name (undefined: not known, not a page). */
export function isPageType(contentType: string | undefined): boolean {
  return contentType !== undefined && mediaType(contentType) === 'text/html';
}

const charsetTypes = new Map<string, string>();

/**
 * One string per type, shared by every file of it: a site of 100,000 files otherwise holds
 * 100,000 copies of `text/html; charset=utf-8` until the plan is done.
 */
function withCharset(type: string): string {
  let value = charsetTypes.get(type);
  if (value === undefined) {
    value = `${type}; charset=utf-8`;
    charsetTypes.set(type, value);
  }
  return value;
}
