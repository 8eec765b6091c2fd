// One pass over the build output: each file is read once, for its hash and for what the checks
// need of it. A page's references and the service workers a script registers are found in the
// bytes that were hashed; reading the 7,000 pages and 9,000 scripts of a 20,000-file site again
// (after the bucket's listing, file by file) cost more than the check itself.
import { contentTypeFor, isPageType } from './headers.js';
import { pageReferences, registeredWorkers, type PageLinks } from './references.js';
import { hashSums, READ_WHOLE } from './hash.js';
import type { ListedFile } from './scan.js';
import { isScript, readRegisteredWorkers } from './workers.js';

export interface BuildPass {
  /** The SHA-256 of each listed file, in the listing's order. */
  sums: string[];
  /** The size of each listed file, in the listing's order. */
  sizes: number[];
  /** The references of each page read whole, by name. */
  links: Map<string, PageLinks>;
  /** The URLs the built scripts register as service workers. */
  registered: string[];
}

/** `contentTypeOf` gives each file's Content-Type, content-type rules included: a page is read for its references by that. */
export async function readBuild(listed: readonly ListedFile[], concurrency: number, contentTypeOf: (name: string) => string = contentTypeFor): Promise<BuildPass> {
  const isPageName = (name: string) => isPageType(contentTypeOf(name));
  const links = new Map<string, PageLinks>();
  const registered = new Set<string>();
  const visit = (index: number, bytes: Buffer) => {
    const { name } = listed[index];
    if (isPageName(name)) links.set(name, pageReferences(bytes.toString('utf8')));
    // Most bundles never mention it: they are not decoded at all.
    else if (isScript(name) && bytes.includes('serviceWorker')) for (const url of registeredWorkers(bytes.toString('utf8'))) registered.add(url);
  };
  const { sums, sizes } = await hashSums(listed, concurrency, visit);
  // Scripts too large to be read whole were streamed by the hashing: they are read for registrations on their own.
  const large = listed.filter((_, i) => sizes[i] > READ_WHOLE);
  for (const url of await readRegisteredWorkers(large, concurrency)) registered.add(url);
  return { sums, sizes, links, registered: [...registered] };
}
