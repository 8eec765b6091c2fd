import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the actions see it, passed in so that tests and benchmarks run scripted timelines
 * without waiting. Every sleep has one cancel semantics: it rejects with the signal's reason as
 * soon as the signal aborts (at once when it already has).
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    // node:timers rejects with its own AbortError; the reason says who cancelled and why.
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

export const realClock: Clock = { now: () => Date.now(), sleep };

/** A clock whose sleeps also end when `cancel` aborts: the run's cancellation reaches every wait. */
export function cancellableClock(clock: Clock, cancel: AbortSignal): Clock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => clock.sleep(ms, signal ? AbortSignal.any([signal, cancel]) : cancel),
  };
}

/**
 * For a poll loop that cleans up after a cancellation itself (stops a task, rolls back): the
 * sleep ends early and the loop, which checks the signal next, decides what to do.
 */
export async function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
