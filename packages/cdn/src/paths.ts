import picomatch from 'picomatch';

/**
 * Characters CloudFront wants URL-encoded in an invalidation path: the "unsafe" characters of
 * RFC 1738 (CloudFront's guide says to encode those and non-ASCII, and nothing else, or the old
 * object is not invalidated), plus `+` (S3 and many origins read a literal `+` as a space), `?`
 * (it would start a query string) and `*` (it would be a wildcard).
 */
const ENCODED = new Set([' ', '"', '#', '%', '<', '>', '[', '\\', ']', '^', '`', '{', '|', '}', '~', '+', '?', '*']);

/** CloudFront's longest accepted invalidation path. */
export const MAX_PATH_LENGTH = 4000;

function encodeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (code > 0x20 && code < 0x7f && !ENCODED.has(character)) return character;
  return [...Buffer.from(character, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Encodes a path as CloudFront compares it; every `*` becomes %2A (a literal asterisk in a key). */
const PLAIN = /^[A-Za-z0-9\-._/!$&'(),;=:@]*$/;

export function encodePath(path: string): string {
  if (PLAIN.test(path)) return path;
  return Array.from(path, encodeCharacter).join('');
}

/**
 * Encodes a path as a user gives it in `paths`, which may be copied from a browser: a `%` that
 * starts a valid escape (`%20`) is kept, as it is already encoded (encoding it again would name
 * `%2520`, which nobody requests); a `?` starts the query string, which CloudFront compares as
 * part of the path when the distribution caches by query string (its guide's
 * `/images/image.jpg?parameter1=a`), so it is kept with its `=` and `&`, only unsafe characters
 * encoded. A `*`, which the caller allows only at the end, is not passed here.
 */
export function encodeGivenPath(path: string): string {
  const query = path.indexOf('?');
  const [route, search] = query < 0 ? [path, ''] : [path.slice(0, query), path.slice(query + 1)];
  const encode = (text: string) => text.split(/(%[0-9A-Fa-f]{2})/).map((piece, i) => (i % 2 === 1 ? piece : encodePath(piece))).join('');
  return query < 0 ? encode(route) : `${encode(route)}?${encode(search)}`;
}

/** The key relative to the distribution root, or undefined when it lies outside the prefix. */
export function relativeKey(key: string, prefix: string): string | undefined {
  const bare = key.replace(/^\/+/, '');
  if (!prefix) return bare;
  return bare.startsWith(prefix) ? bare.slice(prefix.length) : undefined;
}

/**
 * The viewer paths that may hold a cached copy of a key: the key itself, and for an index
 * document the directory it answers (`docs/index.html` is also served as `/docs/`, and the
 * root `index.html` as `/`). Unencoded.
 */
export function viewerPaths(relative: string, indexDocument = 'index.html'): string[] {
  const path = `/${relative}`;
  if (!indexDocument) return [path];
  if (relative === indexDocument) return [path, '/'];
  if (relative.endsWith(`/${indexDocument}`)) return [path, path.slice(0, -indexDocument.length)];
  return [path];
}

const HEX_HASH = /^[0-9a-f]{8,64}$/;
const BASE64_HASH = /^[A-Za-z0-9_-]{8}$/;

function looksLikeHash(token: string): boolean {
  if (HEX_HASH.test(token)) return /[0-9]/.test(token) && /[a-f]/.test(token);
  return BASE64_HASH.test(token) && /[0-9]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token);
}

/**
 * True for file names that carry a content hash, so a changed file always gets a new name:
 * `main.3f2a1b9c.js`, `main.3f2a1b9c.chunk.js`, `logo.6ce24c58023cc2f8fd88fe9d219db6c6.svg`
 * (webpack, Create React App, Angular: 8 to 64 hex digits with a letter and a digit) and
 * `index-Bpcrg61J.js` (Vite and Rollup: 8 base64url characters with upper and lower case and a
 * digit), with an optional `.map`. Names without a separator before the hash never match.
 */
export function isHashedName(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1).replace(/\.map$/, '');
  const stem = name.replace(/\.[A-Za-z0-9]+$/, '').replace(/\.chunk$/, '');
  if (stem === name) return false;
  for (const token of [stem.split('.').pop() ?? '', stem.split('-').pop() ?? '', stem.slice(-8)]) {
    const before = stem.charAt(stem.length - token.length - 1);
    if (token.length >= 8 && (before === '.' || before === '-') && looksLikeHash(token)) return true;
  }
  return false;
}

/** Immutable by name: matches one of the globs when given, else the built-in hashed-name rule. */
export function immutableMatcher(patterns: readonly string[]): (relative: string) => boolean {
  if (patterns.length === 0) return isHashedName;
  const match = picomatch(patterns as string[], { dot: true });
  return (relative) => match(relative);
}
