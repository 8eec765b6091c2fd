// Before a release's entry points go live: does every file its pages load exist, with a
// Content-Type the browser accepts for what it is loaded as? Pure: the texts and what the bucket
// will hold come in, the problems go out.
import mime from 'mime-types';
import { ConfigurationError } from '@tandem/kit';
import { mediaType } from './headers.js';
import { manifestReferences, pageReferences, precacheReferences, referenceBase, resolveAgainst, type PageLinks, type Reference, type ReferenceKind, type Written } from './references.js';

/** The files whose text is read to find references: HTML pages and service workers. */
export interface Documents {
  /** HTML pages of the release. */
  pages: readonly string[];
  /** Service workers of the release (their Workbox precache manifest is checked). */
  workers: readonly string[];
  /** The text of each page, worker, and of each web manifest a page links to (when it is a file of the release or the bucket). */
  texts: ReadonlyMap<string, string>;
  /** Pages whose references were found when they were hashed: their text is not needed. */
  parsed?: ReadonlyMap<string, PageLinks>;
}

/** A file the references found could not be read as (a web manifest that is not JSON). */
export interface Unreadable {
  from: string;
  problem: string;
}

function resolved(from: string, written: readonly Written[], prefix: string, base?: string): Reference[] {
  const found: Reference[] = [];
  const against = written.length > 0 ? referenceBase(from, base) : undefined;
  if (!against) return found;
  for (const reference of written) {
    const candidates = resolveAgainst(reference.raw, against, prefix);
    if (candidates) found.push({ ...reference, from, candidates });
  }
  return found;
}

/** Every reference the pages make, resolved (a page's text is read only when it was not parsed when hashed). */
export function pageLinks(documents: Documents, prefix: string): Reference[] {
  const references: Reference[] = [];
  for (const page of documents.pages) {
    const text = documents.texts.get(page);
    const links = documents.parsed?.get(page) ?? (text === undefined ? undefined : pageReferences(text));
    if (links) references.push(...resolved(page, links.references, prefix, links.base));
  }
  return references;
}

/** The web manifests the pages link to. */
export function linkedManifests(fromPages: readonly Reference[]): string[] {
  return [...new Set(fromPages.filter((reference) => reference.kind === 'manifest').flatMap((reference) => reference.candidates))];
}

/**
 * Every reference the pages, the web manifests they link to and the service workers' precache
 * manifests make. Web manifests are followed one level, from the pages that link them. The pages'
 * references may be given, resolved already (by pageLinks, to learn which manifests to read).
 */
export function collectReferences(documents: Documents, prefix: string, fromPages = pageLinks(documents, prefix)): { references: Reference[]; unreadable: Unreadable[]; manifests: string[] } {
  const references = [...fromPages];
  const unreadable: Unreadable[] = [];
  const manifests = linkedManifests(fromPages);
  for (const manifest of manifests) {
    const text = documents.texts.get(manifest);
    if (text === undefined) continue;
    try {
      references.push(...resolved(manifest, manifestReferences(text), prefix));
    } catch (error) {
      unreadable.push({ from: manifest, problem: `is linked as the web manifest but is not JSON (${(error as Error).message})` });
    }
  }
  for (const worker of documents.workers) {
    const text = documents.texts.get(worker);
    if (text !== undefined) references.push(...resolved(worker, precacheReferences(text), prefix));
  }
  return { references, unreadable, manifests };
}

/** The Content-Types a browser loads each kind as; `any` takes what the name's extension implies. */
const JAVASCRIPT = new Set([
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/jscript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

function kindByName(name: string): ReferenceKind | 'document' {
  const type = mime.lookup(name.slice(name.lastIndexOf('/') + 1));
  if (!type) return 'any';
  if (JAVASCRIPT.has(type)) return 'script';
  if (type === 'text/css') return 'style';
  if (type === 'text/html') return 'document';
  if (type.startsWith('image/')) return 'image';
  return 'any';
}

/** Whether a Content-Type suits what the reference loads; undefined when it does, else what is expected. */
export function contentTypeProblem(kind: ReferenceKind, name: string, contentType: string): string | undefined {
  const essence = mediaType(contentType);
  const wanted = kind === 'any' ? kindByName(name) : kind;
  if (wanted === 'script') return JAVASCRIPT.has(essence) ? undefined : 'a JavaScript type (text/javascript)';
  if (wanted === 'style') return essence === 'text/css' ? undefined : 'text/css';
  if (wanted === 'document') return essence === 'text/html' ? undefined : 'text/html';
  if (wanted === 'image') return essence.startsWith('image/') ? undefined : 'an image type';
  if (wanted === 'manifest') return essence === 'application/manifest+json' || essence === 'application/json' ? undefined : 'application/manifest+json';
  return undefined;
}

export interface ReferenceProblem {
  from: string;
  raw: string;
  kind: ReferenceKind;
  problem: string;
}

/**
 * Checks each reference against what the bucket will hold once the release is in place: its own
 * files and the objects that stay, each with its Content-Type (undefined when unknown, which only
 * its existence is checked against).
 */
export function checkReferences(references: readonly Reference[], available: ReadonlyMap<string, string | undefined>): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const seen = new Set<string>();
  for (const reference of references) {
    const id = `${reference.from}\n${reference.raw}\n${reference.kind}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const name = reference.candidates.find((candidate) => available.has(candidate));
    if (name === undefined) {
      problems.push({ ...reference, problem: `${reference.candidates[0]} is neither in this release nor in the bucket` });
      continue;
    }
    const contentType = available.get(name);
    const wanted = contentType === undefined ? undefined : contentTypeProblem(reference.kind, name, contentType);
    if (wanted) problems.push({ ...reference, problem: `${name} is served as ${contentType}, not ${wanted}: the browser refuses it` });
  }
  return problems;
}

const SHOWN = 10;

/** The refusal, naming each page, the reference and what is wrong; undefined when there is nothing to refuse. */
export function referenceRefusal(problems: readonly ReferenceProblem[], unreadable: readonly Unreadable[], input: string): ConfigurationError | undefined {
  const lines = [
    ...unreadable.map((item) => `${item.from} ${item.problem}`),
    ...problems.map((item) => `${item.from} loads '${item.raw}' (${item.kind === 'any' ? 'a file' : `as ${item.kind === 'image' ? 'an image' : `a ${item.kind}`}`}): ${item.problem}`),
  ];
  if (lines.length === 0) return undefined;
  const more = lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '';
  return new ConfigurationError(
    `the release's pages would load ${lines.length} missing or mistyped file(s), so nothing was published (the live release keeps serving): ${lines.slice(0, SHOWN).join('; ')}${more}`,
    input,
  );
}
