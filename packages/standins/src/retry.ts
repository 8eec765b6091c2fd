import { ConfiguredRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { RetryTiming } from '@tandem/kit';

/**
 * The kit's retry with short waits, for tests that build their clients and send them through the
 * fault proxy: the SDK's strategy per call (same attempt budget, same errors retried), backing
 * off 10, 20, 30 ms... instead of from 1 s on throttling, and the SDK's rate limiter with its
 * floor raised from 0.5 to 200 calls a second, so a run's throttles do not slow it to a crawl.
 * The actions keep the SDK's own timing; their bundles are run with it.
 */
export function shortRetry(): RetryTiming {
  return {
    perCall: (attempts) => new ConfiguredRetryStrategy(attempts, (attempt) => 10 * attempt),
    limiter: new DefaultRateLimiter({ minFillRate: 200, minCapacity: 200 }),
  };
}
