// What a release's pages, web manifests and service workers make a browser load. Parsed with
// maintained parsers (htmlparser2, srcset, acorn), never matched with patterns: attributes in any
// quoting, entities, comments and minified code read as a browser reads them.
import { parse as parseScript, type Node } from 'acorn';
import { simple as walk } from 'acorn-walk';
import { decodeHTMLAttribute } from 'entities';
import { Parser } from 'htmlparser2';
import { parseSrcset } from 'srcset';
import { decodedOrAsWritten } from '@tandem/kit';

/** What the browser loads a reference as, which decides the Content-Type it accepts. */
export type ReferenceKind = 'script' | 'style' | 'image' | 'manifest' | 'any';

/** A reference as written in a file, before it is resolved against the file's URL. */
export interface Written {
  raw: string;
  kind: ReferenceKind;
}

/** A reference resolved to the keys (relative to the site's prefix) it can name. */
export interface Reference extends Written {
  /** The file that names it. */
  from: string;
  /** The key it names; the second, when present, is read as a path that repeats the site's prefix. */
  candidates: string[];
}

/** Any origin stands for the site's own: only the path of a same-origin URL matters. */
const SITE = 'https://site.invalid/';

const JAVASCRIPT_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'application/ecmascript', 'text/ecmascript', 'application/x-javascript']);

function linkKinds(attribs: Record<string, string>): ReferenceKind[] {
  const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
  const kinds: ReferenceKind[] = [];
  if (rel.includes('stylesheet')) kinds.push('style');
  if (rel.includes('modulepreload')) kinds.push('script');
  if (rel.includes('manifest')) kinds.push('manifest');
  if (rel.some((token) => ['icon', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon'].includes(token))) kinds.push('image');
  if (rel.includes('preload')) {
    const as = (attribs.as ?? '').toLowerCase();
    kinds.push(as === 'script' ? 'script' : as === 'style' ? 'style' : as === 'image' ? 'image' : 'any');
  }
  return kinds;
}

function srcset(value: string | undefined, kind: ReferenceKind): Written[] {
  if (!value) return [];
  return parseSrcset(value).map((candidate) => ({ raw: candidate.url, kind }));
}

/** What a page loads, as written, and the `<base href>` they resolve against. */
export interface PageLinks {
  references: Written[];
  base?: string;
}

/** The attributes a reference is read from: only these are decoded. */
const READ_ATTRIBUTES = ['href', 'src', 'srcset', 'imagesrcset', 'rel', 'as', 'type', 'poster'] as const;

/**
 * What an HTML page loads: scripts, stylesheets, module preloads, preloads, icons, images, the web
 * manifest. The parser leaves entities as written (decoding every text node of a page was 40% of
 * its parse) and the attributes read here are decoded as a browser decodes attribute values.
 */
export function pageReferences(html: string): PageLinks {
  const references: Written[] = [];
  let base: string | undefined;
  const add = (raw: string | undefined, kind: ReferenceKind) => {
    if (raw !== undefined && raw.trim() !== '') references.push({ raw: raw.trim(), kind });
  };
  const parser = new Parser(
    {
      onopentag(name, written) {
        if (!REFERRING_TAGS.has(name)) return;
        const attribs: Record<string, string> = {};
        for (const attribute of READ_ATTRIBUTES) if (written[attribute] !== undefined) attribs[attribute] = decodeHTMLAttribute(written[attribute]);
        if (name === 'base' && base === undefined && attribs.href !== undefined) base = attribs.href.trim();
        else if (name === 'script' && attribs.src !== undefined) add(attribs.src, JAVASCRIPT_TYPES.has((attribs.type ?? '').trim().toLowerCase()) ? 'script' : 'any');
        else if (name === 'link') {
          for (const kind of linkKinds(attribs)) {
            add(attribs.href, kind);
            references.push(...srcset(attribs.imagesrcset, kind));
          }
        } else if (name === 'img') {
          add(attribs.src, 'image');
          references.push(...srcset(attribs.srcset, 'image'));
        } else if (name === 'source') {
          references.push(...srcset(attribs.srcset, 'image'));
          add(attribs.src, 'any');
        } else if (name === 'video') add(attribs.poster, 'image');
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { references, base };
}

const REFERRING_TAGS = new Set(['base', 'script', 'link', 'img', 'source', 'video']);

interface ManifestIcon {
  src?: unknown;
}

/** What a web manifest makes the browser load: its icons (and shortcuts' icons, screenshots), and start_url when it names a file. */
export function manifestReferences(json: string): Written[] {
  const manifest = JSON.parse(json) as { icons?: ManifestIcon[]; screenshots?: ManifestIcon[]; shortcuts?: Array<{ icons?: ManifestIcon[] }>; start_url?: unknown };
  const images = [...(manifest.icons ?? []), ...(manifest.screenshots ?? []), ...(manifest.shortcuts ?? []).flatMap((shortcut) => shortcut.icons ?? [])];
  const references: Written[] = images.filter((icon) => typeof icon?.src === 'string' && icon.src !== '').map((icon) => ({ raw: icon.src as string, kind: 'image' }));
  if (typeof manifest.start_url === 'string') {
    // A directory (`/`, `/app/`) is served by whatever the CDN maps it to; a file name is checked.
    const path = new URL(manifest.start_url, SITE).pathname;
    if (/\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1))) references.push({ raw: manifest.start_url, kind: 'any' });
  }
  return references;
}

function parseJs(code: string): Node | undefined {
  for (const sourceType of ['module', 'script'] as const) {
    try {
      return parseScript(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' });
    } catch {
      // Try the other source type; code neither parses as is not ours to judge.
    }
  }
  return undefined;
}

/**
 * What the visitors `visit` builds push into `found` while walking the code, or nothing when the
 * code has no `marker` (most bundles: parsing them would only cost time) or does not parse. The
 * marker only rules code out: whatever it lets through is parsed, and only the parse decides.
 */
function collect<T>(code: string, marker: string | RegExp, visit: (found: T[]) => Parameters<typeof walk>[1]): T[] {
  if (typeof marker === 'string' ? !code.includes(marker) : !marker.test(code)) return [];
  const tree = parseJs(code);
  if (!tree) return [];
  const found: T[] = [];
  walk(tree, visit(found));
  return found;
}

type Expression = { type: string; value?: unknown; quasis?: Array<{ value: { cooked?: string | null } }>; expressions?: unknown[]; operator?: string; left?: Expression; right?: Expression; name?: string };

/** The text of a string-valued expression as far as it is literal: `'a'`, `` `a` ``, `x + 'a'` (the literal tail). */
function literalText(node: Expression | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions?.length === 0) return node.quasis?.[0]?.value.cooked ?? undefined;
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const right = literalText(node.right);
    if (right === undefined) return undefined;
    const left = literalText(node.left);
    return left === undefined ? right : left + right;
  }
  return undefined;
}

const propertyName = (node: { type: string; name?: string; value?: unknown }) => (node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : undefined);

// White space and comments, which may stand between two tokens.
const GAP = String.raw`(?:\s|/\*[\s\S]*?\*/|//[^\n]*)*`;

/**
 * Where a `register` call below can be: `serviceWorker` as the name or quoted key of a member
 * whose own member is then taken (`.`, `?.` or `[` after it, past a closing quote or bracket, white
 * space and comments). A bundle that only asks `'serviceWorker' in navigator`, as workbox-window's
 * loader in a vite-plugin-pwa app does, has none and is not parsed: one such bundle of 4.8 MiB took
 * 3.3 s and 327 MB to parse, for nothing.
 */
const SERVICE_WORKER_MEMBER = new RegExp(String.raw`serviceWorker['"\`]?${GAP}\]?${GAP}(?:\?\.|\.|\[)`);

/**
 * The scripts a bundle registers as service workers: `navigator.serviceWorker.register('<url>')`
 * (minified or not, `new URL('<url>', import.meta.url)` too). Code that does not parse registers nothing.
 */
export function registeredWorkers(code: string): string[] {
  return collect<string>(code, SERVICE_WORKER_MEMBER, (found) => ({
    CallExpression(node) {
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || propertyName(callee.property as Expression) !== 'register') return;
      if (callee.object.type !== 'MemberExpression' || propertyName(callee.object.property as Expression) !== 'serviceWorker') return;
      let argument = node.arguments[0] as Expression & { callee?: Expression; arguments?: Expression[] };
      if (argument?.type === 'NewExpression' && argument.callee?.name === 'URL') argument = argument.arguments?.[0] as typeof argument;
      const url = literalText(argument);
      if (url) found.push(url);
    },
  }));
}

/**
 * The URLs of a Workbox-style precache manifest in a service worker: an array of `{url, revision}`
 * objects, as `precacheAndRoute([...])` receives it (injected or generated, minified or not).
 */
export function precacheReferences(code: string): Written[] {
  return collect<Written>(code, 'revision', (found) => ({
    ArrayExpression(node) {
      if (node.elements.length === 0) return;
      const urls: string[] = [];
      for (const element of node.elements) {
        if (element?.type !== 'ObjectExpression') return;
        const fields = new Map<string, Expression>();
        for (const property of element.properties) {
          if (property.type !== 'Property') continue;
          const key = propertyName(property.key as Expression);
          if (key) fields.set(key, property.value as Expression);
        }
        const url = literalText(fields.get('url'));
        if (url === undefined || !fields.has('revision')) return;
        urls.push(url);
      }
      found.push(...urls.map((raw) => ({ raw, kind: 'any' as const })));
    },
  }));
}

const SITE_ORIGIN = new URL(SITE).origin;

/** The URL a reference in `from` resolves against: the page's own, or its `<base href>`; undefined when that is no URL. */
export function referenceBase(from: string, base?: string): URL | undefined {
  try {
    const page = new URL(from.split('/').map(encodeURIComponent).join('/'), SITE);
    return base ? new URL(base, page) : page;
  } catch {
    return undefined;
  }
}

/**
 * The keys (relative to the site's prefix) a reference in `from` names, or undefined when it is
 * not the site's to check: another origin, `data:`, `blob:`, an empty path. Query and fragment
 * are dropped. A root-relative path is read as relative to the site (the CDN serves the prefix at
 * its root) and, when it starts with the prefix, also as a bucket path.
 */
export function resolveReference(raw: string, from: string, prefix: string, base?: string): string[] | undefined {
  const against = referenceBase(from, base);
  return against && resolveAgainst(raw, against, prefix);
}

/** resolveReference with the page's URL already made (referenceBase): once a page, not once a reference. */
export function resolveAgainst(raw: string, against: URL, prefix: string): string[] | undefined {
  let url: URL;
  try {
    url = new URL(raw, against);
  } catch {
    return undefined;
  }
  if (url.origin !== SITE_ORIGIN) return undefined;
  const key = decodedOrAsWritten(url.pathname).slice(1);
  if (key === '' || key.endsWith('/')) return undefined;
  const candidates = [key];
  if (prefix && key.startsWith(prefix) && key.length > prefix.length) candidates.push(key.slice(prefix.length));
  return candidates;
}
