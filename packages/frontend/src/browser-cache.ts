import picomatch from 'picomatch';
import { isPageType, type HeaderRule } from './headers.js';

// Pages and manifests: fetched by a stable name, naming the release's other files. (Service
// workers are left out: browsers check their script past the HTTP cache, and at least daily.)
const PAGES_AND_MANIFESTS = picomatch(['**/*.{html,htm}', '**/*.webmanifest', '**/{manifest,asset-manifest}.json'], { dot: true });

/** Longer than this, a returning visitor may be shown an old release. */
export const LONGEST_KEPT_SECONDS = 3600;

/**
 * How long a browser may use a response without asking again, in seconds, from its
 * Cache-Control: max-age (s-maxage is the CDN's, which an invalidation empties), unlimited with
 * immutable, 0 with no-cache or no-store.
 */
export function browserLifetime(cacheControl: string): number {
  const directives = cacheControl.toLowerCase().split(',').map((part) => part.trim());
  if (directives.includes('no-cache') || directives.includes('no-store')) return 0;
  if (directives.includes('immutable')) return Infinity;
  const maxAge = directives.find((part) => part.startsWith('max-age='));
  return maxAge ? Number(maxAge.slice('max-age='.length)) || 0 : 0;
}

/**
 * Pages and manifests that a rule of the user's lets browsers keep longer than an hour, by the
 * value that does: returning visitors would go on seeing the old release, since an invalidation
 * empties CloudFront's cache and not theirs. The built-in rules give them no-cache.
 */
export function longKeptPages(files: ReadonlyArray<{ name: string; cacheControl: string; contentType?: string }>, rules: readonly HeaderRule[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  // Only a rule of the user's can give a page such a value: without one, no file is looked at.
  const long = new Set(rules.filter((rule) => !rule.isDefault && browserLifetime(rule.value) > LONGEST_KEPT_SECONDS).map((rule) => rule.value));
  if (long.size === 0) return found;
  for (const file of files) {
    // A page by its name, or by its type (one without an extension, typed by a content-type rule).
    const page = PAGES_AND_MANIFESTS(file.name) || isPageType(file.contentType);
    if (!long.has(file.cacheControl) || !page) continue;
    if (rules.find((rule) => rule.matches(file.name))?.isDefault) continue;
    const names = found.get(file.cacheControl);
    if (names) names.push(file.name);
    else found.set(file.cacheControl, [file.name]);
  }
  return found;
}
