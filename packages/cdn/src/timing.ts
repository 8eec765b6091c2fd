import { realClock, type Clock } from '@tandem/kit';

/** The kit's clock, with a random number for jitter: injectable so tests run scripted timelines. */
export interface Timing extends Clock {
  /** A number in [0, 1), for jitter. */
  random(): number;
}

export const realTiming: Timing = { ...realClock, random: () => Math.random() };

/** Exponential backoff with equal jitter: half the step fixed, half random, capped. */
export function backoffDelay(attempt: number, random: number, baseMs = 5_000, maxMs = 60_000): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + (step / 2) * random);
}
