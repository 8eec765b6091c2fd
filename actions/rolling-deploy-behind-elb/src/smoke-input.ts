import { ConfigurationError, type InputReader } from '@tandem/kit';
import type { SmokeCheck } from '@tandem/ecs';

const MAX_SMOKE_TIMEOUT_MS = 3_600_000;

/** The smoke-* inputs: a check after the rollout when smoke-url is set; the others refused without it. */
export function readSmokeCheck(reader: InputReader): SmokeCheck | undefined {
  const url = reader.string('smoke-url');
  if (!url) {
    for (const name of ['smoke-status', 'smoke-contains', 'smoke-successes', 'smoke-timeout', 'smoke-interval']) {
      if (reader.string(name)) throw new ConfigurationError(`is set but smoke-url is empty: name the URL to check, or leave ${name} out`, name);
    }
    return undefined;
  }
  // The URL parser drops line breaks and encodes spaces: two URLs would become one that answers 404.
  if (/\s/.test(url)) {
    const urls = url.split(/\s+/);
    if (urls.every((one) => /^https?:\/\//.test(one))) throw new ConfigurationError(`holds ${urls.length} URLs: the smoke check asks one, through the load balancer or the CDN`, 'smoke-url');
    throw new ConfigurationError(`'${url}' holds white space, which a URL cannot: write a space as %20`, 'smoke-url');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`'${url}' is not a URL: write it as https://shop.example.com/healthz`, 'smoke-url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigurationError(`'${url}' is not an http(s) URL`, 'smoke-url');
  // fetch refuses URLs with credentials, and the log would show them.
  if (parsed.username || parsed.password) throw new ConfigurationError('holds a user name or password: the smoke check sends none; check a public URL', 'smoke-url');
  const timeoutMs = reader.duration('smoke-timeout', '2m');
  if (timeoutMs <= 0 || timeoutMs > MAX_SMOKE_TIMEOUT_MS) throw new ConfigurationError(`must be between 1ms and 1h, got ${timeoutMs} ms`, 'smoke-timeout');
  const intervalMs = reader.duration('smoke-interval', '5s');
  if (intervalMs < 10 || intervalMs > timeoutMs) throw new ConfigurationError(`must be at least 10ms and at most smoke-timeout (${timeoutMs} ms), got ${intervalMs} ms`, 'smoke-interval');
  return {
    url,
    status: reader.integer('smoke-status', 200, { min: 100, max: 599 }),
    contains: reader.string('smoke-contains'),
    successes: reader.integer('smoke-successes', 3, { min: 1, max: 100 }),
    timeoutMs,
    intervalMs,
  };
}
