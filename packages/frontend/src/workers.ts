// Service workers are entry points whatever they are called: a stale one keeps serving an old
// release from the browser's cache, so each goes up no-cache and last, like index.html.
import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import picomatch from 'picomatch';
import { registeredWorkers, resolveReference } from './references.js';
import type { HeaderRule } from './headers.js';

/**
 * Names the common tools give their service workers: Workbox, CRA and vite-plugin-pwa (`sw`,
 * `service-worker`), Firebase Cloud Messaging, MSW, Angular (`ngsw-worker`, `safety-worker`),
 * OneSignal. Matched at any depth.
 */
export const KNOWN_SERVICE_WORKERS = [
  'sw.js',
  'service-worker.js',
  'serviceworker.js',
  'firebase-messaging-sw.js',
  'mockServiceWorker.js',
  'ngsw-worker.js',
  'safety-worker.js',
  'OneSignalSDKWorker.js',
  'OneSignalSDKUpdaterWorker.js',
];

const known = picomatch(`**/{${KNOWN_SERVICE_WORKERS.join(',')}}`, { dot: true });

export const isScript = (name: string) => /\.m?js$/.test(name);

/**
 * Which files are service workers: a known name, one the `service-workers` input names, or one
 * the built code registers. `registered` holds the URLs found in `navigator.serviceWorker.register`
 * calls, resolved against the site's root (where the registering page lives).
 */
export function serviceWorkerNames(names: readonly string[], registered: readonly string[], named: (name: string) => boolean): Set<string> {
  const keys = new Set(registered.flatMap((url) => resolveReference(url, 'index.html', '') ?? []));
  return new Set(names.filter((name) => isScript(name) && (known(name) || named(name) || keys.has(name))));
}

/** Reads the scripts that mention `serviceWorker` and returns every URL they register. */
export async function readRegisteredWorkers(files: ReadonlyArray<{ name: string; path: string }>, concurrency: number): Promise<string[]> {
  const limit = pLimit(concurrency);
  const found = await Promise.all(files.filter((file) => isScript(file.name)).map((file) => limit(async () => registeredWorkers(await readFile(file.path, 'utf8')))));
  return [...new Set(found.flat())];
}

/** A service worker revalidates on every load unless the user's own rules say otherwise (the defaults' catch-all does not). */
export function serviceWorkerCacheControl(rules: readonly HeaderRule[], name: string): string {
  return rules.find((rule) => !rule.isDefault && rule.matches(name))?.value ?? 'no-cache';
}
