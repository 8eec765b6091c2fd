// What a person with the shop open sees, through the edge, in a real browser: the release the
// page shows, the API it calls, the lazy chunks it loads, and every request that failed. Shared by
// the end-to-end test and the local run; `problemsWith` is the check both apply.
import { join } from 'node:path';
import { failedRequests, type NetworkEntry, type Tab, type Visitor } from '@tandem/standins/browser';
import { waitFor } from '@tandem/standins/ports';

/** The banner each release of the example shows (frontend/src/release.js). */
export const BANNERS: Record<number, string> = { 1: 'Spring collection', 2: 'Summer collection', 3: 'Autumn collection' };

export interface PageView {
  label: string;
  url: string;
  /** The release banner in the page's header. */
  banner: string;
  heading: string;
  /** The module script the loaded index.html names, e.g. assets/index-3f2a.js. */
  entryScript?: string;
  /** The lazy route's chunk the page loaded for the route it moved to, and its status. */
  chunk?: { url: string; status?: number };
  /** The products list as rendered, and the fields of the API's first product. */
  products: string[];
  api?: { status: number; fields: string[] };
  serviceWorker: string | null;
  failed: NetworkEntry[];
  requests: number;
  /** The page's own files (not /api/*) as the edge answered them, and any that came without its X-Cache header. */
  edge: { hits: number; misses: number; bypassed: string[] };
  screenshot?: string;
}

export interface Expected {
  banner: string;
  entryScript?: string;
  /** Release 2's view adds a currency to each product. */
  currency?: boolean;
}

/** What is wrong with a view, for a given expectation: empty when the journey holds. */
export function problemsWith(view: PageView, expected: Expected): string[] {
  const problems: string[] = [];
  if (view.banner !== expected.banner) problems.push(`${view.label}: the page shows ${JSON.stringify(view.banner)}, not ${JSON.stringify(expected.banner)}`);
  if (expected.entryScript !== undefined && view.entryScript !== expected.entryScript) problems.push(`${view.label}: index.html loads ${view.entryScript ?? 'no script'}, not ${expected.entryScript}`);
  if (view.chunk && view.chunk.status !== 200) problems.push(`${view.label}: the lazy chunk ${view.chunk.url} answered ${view.chunk.status ?? 'nothing'}`);
  if (expected.currency !== undefined) {
    if (view.api?.status !== 200) problems.push(`${view.label}: /api/products/ answered ${view.api?.status ?? 'nothing'}`);
    else if (view.api.fields.includes('currency') !== expected.currency) problems.push(`${view.label}: the API's products ${expected.currency ? 'lack' : 'have'} a currency`);
    if (view.products.length === 0) problems.push(`${view.label}: no product is listed`);
  }
  for (const url of view.edge.bypassed) problems.push(`${view.label}: ${url} did not come through the edge`);
  for (const entry of view.failed) problems.push(`${view.label}: ${entry.url} failed (${entry.failure ?? entry.status})`);
  return problems;
}

const assetPath = (src: string | null | undefined) => (src ? src.replace(/^https?:\/\/[^/]+/, '').replace(/^\//, '') : undefined);

async function read(tab: Tab, label: string, shots: string | undefined, from: number): Promise<PageView> {
  const { page } = tab;
  const banner = (await page.locator('header .release').textContent())?.trim() ?? '';
  const heading = (await page.locator('main h1').first().textContent())?.trim() ?? '';
  const entryScript = assetPath(await page.locator('script[type=module]').first().getAttribute('src'));
  const products = (await page.locator('main li').allTextContents()).map((text) => text.trim());
  const serviceWorker = await page.evaluate(() => navigator.serviceWorker?.controller?.scriptURL ?? null);
  const screenshot = shots ? join(shots, `${label.replace(/[^\w-]+/g, '-')}.png`) : undefined;
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  const network = tab.network.slice(from);
  const files = network.filter((entry) => entry.status !== undefined && !new URL(entry.url).pathname.startsWith('/api/'));
  const edge = {
    hits: files.filter((entry) => entry.cache?.startsWith('Hit')).length,
    misses: files.filter((entry) => entry.cache?.startsWith('Miss')).length,
    bypassed: files.filter((entry) => !entry.cache).map((entry) => entry.url),
  };
  return { label, url: page.url(), banner, heading, entryScript, products, serviceWorker, failed: failedRequests(network), requests: network.length, edge, screenshot };
}

/** Follows a link of the shop's navigation to a lazily loaded route and waits for it to render. */
async function go(tab: Tab, link: string, heading: string): Promise<{ url: string; status?: number } | undefined> {
  const from = tab.network.length;
  await tab.page.getByRole('link', { name: link, exact: true }).click();
  await tab.page.locator('main h1', { hasText: heading }).first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  const chunk = tab.network.slice(from).find((entry) => new RegExp(`/assets/${link}-[^/]*\\.js$`).test(entry.url));
  return chunk && { url: chunk.url, status: chunk.status };
}

/**
 * A fresh load of the site in this visitor's browser (its cache and service worker kept from
 * earlier visits), then the Products route, which calls the Django API through the edge.
 */
export async function visit(visitor: Visitor, site: string, label: string, shots?: string): Promise<PageView> {
  const tab = await visitor.open(`${site}/`);
  try {
    tab.page.setDefaultTimeout(20_000);
    await tab.page.locator('header .release').waitFor();
    // The home route is a lazy chunk: its image exists only once it renders. A release whose
    // chunk is missing never renders it, and the view says so below.
    await tab.page.locator('main h1', { hasText: 'Welcome' }).waitFor().catch(() => undefined);
    await imagesLoaded(tab);
    const api = tab.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/products/', { timeout: 20_000 }).catch(() => undefined);
    const chunk = await go(tab, 'Products', 'Products');
    const answered = await api;
    await tab.page.locator('main li, main [role=alert]').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
    const body = answered?.ok() ? ((await answered.json()) as { products?: Array<Record<string, unknown>> }) : undefined;
    const view = await read(tab, label, shots, 0);
    return { ...view, chunk, api: answered && { status: answered.status(), fields: Object.keys(body?.products?.[0] ?? {}) } };
  } finally {
    await tab.close();
  }
}

/** A tab left open on the home page, as a visitor who keeps the site open during a deploy. */
export async function openTab(visitor: Visitor, site: string): Promise<Tab> {
  const tab = await visitor.open(`${site}/`);
  tab.page.setDefaultTimeout(20_000);
  await tab.page.locator('main h1', { hasText: 'Welcome' }).waitFor();
  await imagesLoaded(tab);
  return tab;
}

/**
 * The home page's images are added by React after the load event, when the lazy home route
 * renders (so wait for its heading first: before it, there is no image to wait for); a route
 * change while one is still on its way removes it and Chromium aborts its request
 * (net::ERR_ABORTED), which a visitor never notices but the journeys' network check would count
 * as a failed request.
 */
async function imagesLoaded(tab: Tab): Promise<void> {
  await tab.page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  // And every image request of the tab has ended, whatever the DOM says: a route change would
  // abort one still on its way.
  const images = () => tab.network.filter((entry) => IMAGE.test(new URL(entry.url).pathname));
  await waitFor("the page's image requests", async () => images().every((entry) => entry.finished === true || entry.failure !== undefined), 20_000).catch(() => undefined);
}

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg|ico)$/i;

/** The open tab moves to the About route, whose chunk it has not loaded yet. */
export async function moveOn(tab: Tab, label: string, shots?: string): Promise<PageView> {
  const from = tab.network.length;
  const chunk = await go(tab, 'About', 'About us');
  return { ...(await read(tab, label, shots, from)), chunk: chunk ?? { url: 'no About chunk was requested' } };
}

/** The browser's view as lines for the local run's output. */
export function describeView(view: PageView): string[] {
  return [
    `${view.label}: ${view.url}`,
    `  shows "${view.banner}", heading "${view.heading}", index.html loads ${view.entryScript ?? '-'}`,
    ...(view.chunk ? [`  lazy chunk ${view.chunk.url.replace(/^https?:\/\/[^/]+/, '')}: ${view.chunk.status ?? 'no answer'}`] : []),
    ...(view.api ? [`  /api/products/ ${view.api.status}: ${view.products.join('; ') || 'nothing listed'} (fields ${view.api.fields.join(', ')})`] : []),
    `  requests ${view.requests} (edge: ${view.edge.hits} hits, ${view.edge.misses} misses), failed ${view.failed.length}${view.failed.length ? `: ${view.failed.map((entry) => entry.url).join(', ')}` : ''}, service worker ${view.serviceWorker ? 'in control' : 'none'}`,
    ...(view.screenshot ? [`  screenshot ${view.screenshot}`] : []),
  ];
}
