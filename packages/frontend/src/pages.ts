// The reads the reference check needs: the text of the release's pages, service workers and
// linked web manifests (from the build output, or from the bucket when a recorded release is
// published), and the Content-Type of each referenced object that no listing described.
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { headObject, readText } from './bucket.js';
import { collectReferences, linkedManifests, pageLinks, type Unreadable } from './check.js';
import { isPageType, mediaType } from './headers.js';
import { localPath, type RemoteObject, type SiteFile } from './plan.js';
import type { Reference } from './references.js';
import type { Site } from './state.js';

export interface PageReferences {
  references: Reference[];
  unreadable: Unreadable[];
  /** Content-Types, by HeadObject, of referenced objects outside the release whose headers no record gave. */
  headed: Map<string, string | undefined>;
}

const isPage = (file: SiteFile) => isPageType(file.contentType);
/** Entry points that are scripts are the service workers (see serviceWorkerNames). */
const isWorker = (file: SiteFile) => file.entry && /javascript|ecmascript/.test(mediaType(file.contentType));

function textOf(s3: S3Client, site: Site, file: SiteFile | undefined, name: string): Promise<string | undefined> {
  const source = file?.source ?? { kind: 'none' as const };
  const path = file && localPath(file);
  if (path !== undefined) return readFile(path, 'utf8');
  if (source.kind === 'stored') return readText(s3, site.releases.bucket, source.key);
  return readText(s3, site.bucket, site.prefix + name);
}

export async function readPageReferences(s3: S3Client, site: Site, files: readonly SiteFile[], remote: readonly RemoteObject[], concurrency: number): Promise<PageReferences> {
  const limit = pLimit(concurrency);
  const byName = new Map(files.map((file) => [file.name, file]));
  const listed = new Map(remote.map((object) => [object.name, object]));
  const texts = new Map<string, string>();
  const read = (names: readonly string[]) =>
    Promise.all(
      names.map((name) =>
        limit(async () => {
          const text = await textOf(s3, site, byName.get(name), name);
          if (text !== undefined) texts.set(name, text);
        }),
      ),
    );
  const pages = files.filter(isPage);
  const parsed = new Map(pages.flatMap((file) => (file.links ? [[file.name, file.links] as const] : [])));
  const documents = { pages: pages.map((file) => file.name), workers: files.filter(isWorker).map((file) => file.name), texts, parsed };
  // A page hashed from the build output was parsed then: only the others (restored, or too large to be read whole) are read.
  await read([...documents.pages.filter((name) => !parsed.has(name)), ...documents.workers]);
  // The web manifests the pages link to, wherever they are: this release or an object already there.
  // The pages' references are resolved once: they name the manifests to read, then join theirs.
  const fromPages = pageLinks(documents, site.prefix);
  await read(linkedManifests(fromPages).filter((name) => byName.has(name) || listed.has(name)));
  const { references, unreadable } = collectReferences(documents, site.prefix, fromPages);
  const toHead = new Set(
    references.flatMap((reference) => reference.candidates).filter((name) => !byName.has(name) && listed.has(name) && listed.get(name)?.contentType === undefined),
  );
  const headed = new Map<string, string | undefined>();
  await Promise.all([...toHead].map((name) => limit(async () => headed.set(name, (await headObject(s3, site.bucket, site.prefix + name)).contentType))));
  return { references, unreadable, headed };
}
