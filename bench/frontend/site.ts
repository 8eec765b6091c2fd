// A realistic React build, generated: many HTML pages, hashed chunks and CSS, images, fonts and
// a couple of large media files. Deterministic, so a "fresh build" writes the same bytes again
// with new mtimes, except for the files the caller asks to change.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface SiteShape {
  pages: number;
  chunks: number;
  styles: number;
  images: number;
  fonts: number;
  media: number;
  /** Multiplies every file's size: a site of many small files (default 1). */
  scale?: number;
}

export const REALISTIC: SiteShape = { pages: 700, chunks: 900, styles: 60, images: 380, fonts: 12, media: 2 };
/** Ten times the files of REALISTIC, a tenth of their size: about 20,000 files and 40 MiB. */
export const LARGE: SiteShape = { pages: 7000, chunks: 9000, styles: 600, images: 3800, fonts: 12, media: 0, scale: 0.1 };

/** A small seeded generator (mulberry32): the same seed gives the same bytes on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(seed: number, size: number): Buffer {
  const next = random(seed);
  const buffer = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i += 1) buffer[i] = Math.floor(next() * 256);
  return buffer;
}

function text(seed: number, size: number): string {
  const words = ['react', 'const', 'return', 'props', 'state', 'useEffect', 'function', 'export', 'default', 'import', 'div', 'span'];
  const next = random(seed);
  let out = '';
  while (out.length < size) out += `${words[Math.floor(next() * words.length)]}${next() < 0.1 ? ';\n' : ' '}`;
  return out.slice(0, size);
}

const hash8 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex').slice(0, 8);

/** name -> content of every file of the build. `changed` names get different content. */
export function siteFiles(shape: SiteShape, changed: ReadonlySet<string> = new Set()): Map<string, string | Buffer> {
  const files = new Map<string, string | Buffer>();
  const next = random(42);
  const size = (min: number, max: number) => Math.floor((min + next() * (max - min)) * (shape.scale ?? 1));
  const chunks: string[] = [];
  for (let i = 0; i < shape.chunks; i += 1) {
    const code = text(1000 + i, size(2_000, 60_000));
    const name = `assets/chunk-${i}-${hash8(code)}.js`;
    files.set(name, code);
    chunks.push(name);
  }
  for (let i = 0; i < shape.styles; i += 1) {
    const css = text(5000 + i, size(1_000, 20_000));
    files.set(`assets/style-${i}-${hash8(css)}.css`, css);
  }
  for (let i = 0; i < shape.images; i += 1) {
    const ext = ['png', 'jpg', 'webp', 'avif', 'svg'][i % 5];
    files.set(`images/gallery-${i % 20}/photo-${i}.${ext}`, bytes(9000 + i, size(10_000, 110_000)));
  }
  for (let i = 0; i < shape.fonts; i += 1) files.set(`assets/font-${i}-${(i * 2654435761).toString(16).slice(-8).padStart(8, '0')}.woff2`, bytes(20000 + i, size(20_000, 60_000)));
  for (let i = 0; i < shape.media; i += 1) files.set(`media/video-${i}.mp4`, bytes(30000 + i, 3 * 1024 * 1024));
  for (let i = 0; i < shape.pages; i += 1) {
    const script = chunks[i % chunks.length];
    const name = i === 0 ? 'index.html' : `docs/section-${i % 40}/page-${i}/index.html`;
    files.set(name, `<!doctype html><html><head><script type="module" src="/${script}"></script></head><body>${text(40000 + i, size(2_000, 12_000))}</body></html>`);
  }
  files.set('manifest.webmanifest', '{"name":"Shop","start_url":"/"}');
  files.set('sw.js', "self.addEventListener('fetch', () => {});");
  files.set('robots.txt', 'User-agent: *\n');
  files.set('favicon.ico', bytes(7, 4_286));
  for (const name of changed) {
    const content = files.get(name);
    if (content === undefined) throw new Error(`no file ${name} to change`);
    files.set(name, typeof content === 'string' ? `${content}<!-- changed -->` : Buffer.concat([content, Buffer.from('changed')]));
  }
  return files;
}

export async function writeSite(dir: string, files: Map<string, string | Buffer>): Promise<{ count: number; bytes: number }> {
  let total = 0;
  const dirs = new Set([...files.keys()].map((name) => dirname(join(dir, name))));
  for (const folder of dirs) await mkdir(folder, { recursive: true });
  for (const [name, content] of files) {
    await writeFile(join(dir, name), content);
    total += content.length;
  }
  return { count: files.size, bytes: total };
}
