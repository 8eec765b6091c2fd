// The shop as a browser reaches it: the edge standing in for its CloudFront distribution, in front
// of the bucket, with /api/* going to the back end the ECS service runs.
import { startEdge, type CachePolicy, type Edge, type EdgeOptions } from '@tandem/standins/edge';
import { startBackend, type Backend } from './backend.js';
import type { LocalStack, Shop } from './stack.js';

/**
 * The shop's cache policy: CachingOptimized's TTLs, but a minimum TTL of an hour, so the edge
 * keeps even `no-cache` entry points an hour and only the deploy's invalidation makes a new
 * release visible at once. (With CachingOptimized's 1 s minimum, a missed invalidation of an
 * entry point would heal itself after a second, and no test could see it.)
 */
export const SHOP_CACHE_POLICY: CachePolicy = { minTtl: 3600, defaultTtl: 86_400, maxTtl: 31_536_000 };

export type EdgeDefects = Pick<EdgeOptions, 'leaveOut' | 'viewerCacheControl'>;

export function startShopEdge(stack: LocalStack, shop: Shop, backend: Backend, defects: EdgeDefects = {}): Promise<Edge> {
  return startEdge({
    motoEndpoint: stack.moto.endpoint,
    bucket: shop.bucket,
    distributionId: shop.distributionId,
    apiPort: backend.port,
    defaultRootObject: 'index.html',
    cachePolicy: SHOP_CACHE_POLICY,
    ...defects,
  });
}

export interface Site {
  edge: Edge;
  backend: Backend;
  /** After a workflow: the back end serves what the service runs, and the edge applied every invalidation. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSite(stack: LocalStack, shop: Shop): Promise<Site> {
  const backend = await startBackend(stack, shop);
  const edge = await startShopEdge(stack, shop, backend);
  return {
    edge,
    backend,
    async settle() {
      await backend.follow();
      await edge.caughtUp();
    },
    async stop() {
      await Promise.allSettled([edge.stop(), backend.stop()]);
    },
  };
}
