import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A path for what is meant to outlive one test run (the bundles' compiled code, the registry
 * seed, the Django base image's lock): the temporary folder the run started with, set by
 * temp-root.mjs. Everything else goes to os.tmpdir(), the run's own root, removed at its end.
 */
export function cachePath(name: string): string {
  return join(process.env.TANDEM_CACHE_DIR ?? tmpdir(), name);
}
