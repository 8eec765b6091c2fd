// A real browser for the journeys: Debian's Chromium, headless, driven by playwright-core (no
// browser download). One browser per test file; each visitor is its own browser context, with
// its own HTTP cache and service workers, as a separate person's browser would have.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Root needs --no-sandbox; the rest keep the browser from reaching for the network on its own.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface NetworkEntry {
  url: string;
  status?: number;
  /** Why the request failed in the browser (connection refused, aborted), when it did. */
  failure?: string;
  /** The edge's X-Cache header: Hit or Miss from cloudfront. */
  cache?: string;
  /** The whole body arrived (Playwright's requestfinished). */
  finished?: boolean;
}

export interface Tab {
  page: Page;
  /** Every request the page made since the tab opened, in order, with its outcome. */
  network: NetworkEntry[];
  close(): Promise<void>;
}

export interface Visitor {
  context: BrowserContext;
  open(url: string): Promise<Tab>;
  close(): Promise<void>;
}

export interface ShopBrowser {
  version: string;
  visitor(): Promise<Visitor>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<ShopBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);
  // playwright-core starts it with a new, empty profile directory of its own.
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 120_000 });
  return {
    version: browser.version(),
    async visitor() {
      const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
      return {
        context,
        async open(url: string) {
          const page = await context.newPage();
          const network: NetworkEntry[] = [];
          const entries = new Map<object, NetworkEntry>();
          page.on('request', (request) => {
            const entry = { url: request.url() };
            entries.set(request, entry);
            network.push(entry);
          });
          const settle = async (response: Response) => {
            const entry = entries.get(response.request());
            if (!entry) return;
            entry.status = response.status();
            entry.cache = (await response.headerValue('x-cache').catch(() => null)) ?? undefined;
          };
          page.on('response', (response) => void settle(response));
          page.on('requestfinished', (request) => {
            const entry = entries.get(request);
            if (entry) entry.finished = true;
          });
          page.on('requestfailed', (request) => {
            const entry = entries.get(request);
            if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
          });
          await page.goto(url, { waitUntil: 'load' });
          return { page, network, close: () => page.close() };
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

const loaded = (entry: NetworkEntry) => entry.finished === true && entry.status !== undefined && entry.status < 400;

/**
 * Requests that did not succeed: failed in the browser, or answered 4xx/5xx. A request the page
 * itself cancelled (net::ERR_ABORTED) for a URL the tab also loaded is not one: the page got what
 * it asked for, and a fault of the deploy answers with a status or fails the connection. Such a
 * cancel comes at moments the journeys do not control: React's concurrent rendering can build an
 * <img> and throw it away, and Chromium starts fetching an image as soon as its src is set,
 * attached or not. Twice in CI a request for the example's hero image was reported aborted.
 */
export function failedRequests(network: NetworkEntry[]): NetworkEntry[] {
  const loadedUrls = new Set(network.filter(loaded).map((entry) => entry.url));
  return network.filter((entry) =>
    entry.failure !== undefined ? !(entry.failure === 'net::ERR_ABORTED' && loadedUrls.has(entry.url)) : entry.status !== undefined && entry.status >= 400,
  );
}
