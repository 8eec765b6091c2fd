import { formatDuration, type Log } from '@tandem/kit';
import type { Clock } from '@tandem/kit';

// The target group's health check asks one path of one task; the smoke check asks what users
// ask, through the load balancer or the CDN, and wants the same good answer several times in a
// row before the release counts as serving.

export interface SmokeCheck {
  url: string;
  /** The status the answer must have. */
  status: number;
  /** A text the body must contain; empty: any body. */
  contains: string;
  /** Good answers in a row needed to pass. */
  successes: number;
  timeoutMs: number;
  intervalMs: number;
}

/** One answer, or why there was none. */
export interface SmokeAnswer {
  status?: number;
  body?: string;
  error?: string;
}

export interface SmokeResult {
  passed: boolean;
  url: string;
  attempts: number;
  /** Good answers in a row at the end. */
  consecutive: number;
  /** From the first request to the answer that passed (or to giving up). */
  elapsedMs: number;
  reason: string;
}

/** A single request's limit: a hung connection must not eat the whole smoke-timeout. */
export const SMOKE_REQUEST_LIMIT_MS = 10_000;
const SMOKE_REQUEST_FLOOR_MS = 1_000;

/** Whether one answer is good, and why not. */
export function judgeAnswer(check: Pick<SmokeCheck, 'status' | 'contains'>, answer: SmokeAnswer): { ok: boolean; why: string } {
  if (answer.error !== undefined) return { ok: false, why: answer.error };
  if (answer.status !== check.status) return { ok: false, why: `status ${answer.status}, expected ${check.status}` };
  if (check.contains && !(answer.body ?? '').includes(check.contains)) return { ok: false, why: `status ${answer.status}, but the body does not contain ${JSON.stringify(check.contains)}` };
  return { ok: true, why: `status ${answer.status}${check.contains ? `, body contains ${JSON.stringify(check.contains)}` : ''}` };
}

type Fetch = typeof globalThis.fetch;

async function ask(check: SmokeCheck, limitMs: number, fetcher: Fetch, signal?: AbortSignal): Promise<SmokeAnswer> {
  const timeout = AbortSignal.timeout(limitMs);
  try {
    // A 3xx expected is judged as it comes; otherwise redirects are followed as a browser would.
    const response = await fetcher(check.url, {
      redirect: check.status >= 300 && check.status < 400 ? 'manual' : 'follow',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      headers: { 'cache-control': 'no-cache' },
    });
    const body = check.contains ? await response.text() : (await response.body?.cancel(), undefined);
    return { status: response.status, body };
  } catch (error) {
    if (timeout.aborted) return { error: `no answer within ${formatDuration(limitMs)}` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * Asks the URL every interval until it has answered well `successes` times in a row, or
 * smoke-timeout runs out (or the workflow is cancelled). Each answer is logged.
 */
export async function runSmokeCheck(check: SmokeCheck, deps: { clock: Clock; log: Log; signal?: AbortSignal; fetch?: Fetch }): Promise<SmokeResult> {
  const { clock, log } = deps;
  const started = clock.now();
  const deadline = started + check.timeoutMs;
  let attempts = 0;
  let consecutive = 0;
  for (;;) {
    if (deps.signal?.aborted) return { passed: false, url: check.url, attempts, consecutive, elapsedMs: clock.now() - started, reason: `the workflow was cancelled during the smoke check of ${check.url}` };
    attempts += 1;
    // The time left, but never so little that a sound server cannot answer: the check may end
    // up to one request after smoke-timeout.
    const limit = Math.min(SMOKE_REQUEST_LIMIT_MS, check.timeoutMs, Math.max(SMOKE_REQUEST_FLOOR_MS, deadline - clock.now()));
    const verdict = judgeAnswer(check, await ask(check, limit, deps.fetch ?? globalThis.fetch, deps.signal));
    consecutive = verdict.ok ? consecutive + 1 : 0;
    log.info(`smoke ${attempts}: ${check.url}: ${verdict.why}${verdict.ok ? ` (${consecutive} of ${check.successes} in a row)` : ''}`);
    const elapsedMs = clock.now() - started;
    if (consecutive >= check.successes) {
      return { passed: true, url: check.url, attempts, consecutive, elapsedMs, reason: `${check.url} answered well ${consecutive} times in a row in ${formatDuration(elapsedMs)} (${attempts} requests)` };
    }
    if (clock.now() + check.intervalMs > deadline) {
      return {
        passed: false, url: check.url, attempts, consecutive, elapsedMs,
        reason: `the smoke check of ${check.url} failed: no ${check.successes} good answers in a row within ${formatDuration(check.timeoutMs)} (${attempts} requests; the last: ${verdict.why})`,
      };
    }
    await clock.sleep(check.intervalMs, deps.signal);
  }
}
