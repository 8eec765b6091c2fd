// Release manifests parsed as their bytes arrive. A 100,000-file release's manifest is about
// 32 MB of JSON: held whole (the bytes, the text decoded from them) beside the parsed record, it
// took the planner to the 256 MB line. The format is the one every earlier release wrote.
import { JSONParser } from '@streamparser/json';
import { RELEASE_SCHEMA, type ReleaseFile, type ReleaseManifest } from './releases.js';

/**
 * Entries shared by the manifests of one read: kept releases list mostly the same files with
 * the same content, so a file is held once however many of them name it, and each of the few
 * Content-Type and Cache-Control values once for every file.
 */
export class SharedEntries {
  private readonly byName = new Map<string, ReleaseFile>();
  private readonly headers = new Map<string, string>();

  share(name: string, file: ReleaseFile): ReleaseFile {
    const known = this.byName.get(name);
    if (known && sameEntry(known, file)) return known;
    // One object of this exact shape: the parser's, built key by key, keeps some fields outside
    // the object, 16 bytes more a file.
    const { sha256, md5, size, etag, entry } = file;
    const held: ReleaseFile = { sha256, md5, size, contentType: this.header(file.contentType), cacheControl: this.header(file.cacheControl), etag, entry };
    this.byName.set(name, held);
    return held;
  }

  private header(value: string): string {
    const held = this.headers.get(value);
    if (held !== undefined) return held;
    this.headers.set(value, value);
    return value;
  }
}

function sameEntry(a: ReleaseFile, b: ReleaseFile): boolean {
  return (
    a.sha256 === b.sha256 && a.etag === b.etag && a.size === b.size && a.md5 === b.md5 && a.contentType === b.contentType && a.cacheControl === b.cacheControl && a.entry === b.entry
  );
}

/** What is in the object is not a release manifest (as opposed to a read that failed). */
export class NotAManifest extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A manifest's top-level values and files, checked as they are handed over (by the streaming
 * parser as each is complete, or from JSON.parse's result): one set of checks for both reads.
 */
class ManifestBuilder {
  // Null prototype: a file named `__proto__` is a file like any other.
  private readonly files: Record<string, ReleaseFile> = Object.create(null) as Record<string, ReleaseFile>;
  private readonly head: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private problem?: string;

  constructor(private readonly shared: SharedEntries) {}

  /** A top-level value; `files` comes after its own files were handed to file(). */
  top(key: string, value: unknown): void {
    if (key !== 'files') this.head[key] = value;
    else this.head.files = isObject(value) ? this.files : value;
  }

  file(name: string, value: unknown): void {
    if (!isObject(value) || typeof value.sha256 !== 'string' || typeof value.etag !== 'string' || typeof value.size !== 'number') {
      this.problem ??= `file '${name}' is not recorded with a sha256, an etag and a size`;
      return;
    }
    this.files[name] = this.shared.share(name, value as unknown as ReleaseFile);
  }

  manifest(): ReleaseManifest {
    if (this.head.schema !== RELEASE_SCHEMA || !isObject(this.head.files)) throw new NotAManifest(`not a ${RELEASE_SCHEMA} record`);
    if (this.problem) throw new NotAManifest(this.problem);
    // Key order as written: `files` comes back to its place among the others.
    return { ...this.head } as unknown as ReleaseManifest;
  }
}

/**
 * One manifest, parsed from chunks of its text or bytes in any split: each file is taken as it
 * is complete and nothing else of the text is kept. `end()` checks it is a release manifest.
 */
export class ManifestParser {
  private readonly parser = new JSONParser({ paths: ['$.*', '$.files.*'], keepStack: false });
  private readonly built: ManifestBuilder;

  constructor(shared = new SharedEntries()) {
    this.built = new ManifestBuilder(shared);
    this.parser.onValue = ({ value, key, parent, stack }) => {
      if (typeof key !== 'string') return;
      if (stack.length === 2) {
        this.built.file(key, value);
        // keepStack: false drops nothing under a value that is itself emitted (`files`, by
        // `$.*`): the parser would hold every file twice until the end of the manifest.
        delete (parent as Record<string, unknown>)[key];
      } else if (stack.length === 1) this.built.top(key, value);
    };
  }

  write(chunk: string | Uint8Array): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      throw new NotAManifest((error as Error).message, { cause: error });
    }
  }

  end(): ReleaseManifest {
    try {
      if (!this.parser.isEnded) this.parser.end();
    } catch (error) {
      throw new NotAManifest((error as Error).message, { cause: error });
    }
    return this.built.manifest();
  }
}

/**
 * A release manifest from its whole text, by JSON.parse: about three times the streaming
 * parser's speed (a 20,000-file manifest, 6.9 MiB: 95 ms against 250-390), for a text that is
 * held whole anyway.
 */
export function parseManifest(text: string, shared = new SharedEntries()): ReleaseManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NotAManifest((error as Error).message, { cause: error });
  }
  const built = new ManifestBuilder(shared);
  if (isObject(parsed)) {
    for (const key of Object.keys(parsed)) {
      const value = parsed[key];
      if (key === 'files' && isObject(value)) for (const name of Object.keys(value)) built.file(name, value[name]);
      built.top(key, value);
    }
  }
  return built.manifest();
}

/** A release manifest from its bytes as they arrive (an object's body), never holding them whole. */
export async function parseManifestStream(chunks: AsyncIterable<string | Uint8Array>, shared?: SharedEntries): Promise<ReleaseManifest> {
  const parser = new ManifestParser(shared);
  for await (const chunk of chunks) parser.write(chunk);
  return parser.end();
}
