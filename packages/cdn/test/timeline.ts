import type { Timing } from '../src/timing.js';

/** A clock that moves only when the code under test sleeps, recording each sleep. */
export function scriptedTiming(start = 1_700_000_000_000): Timing & { sleeps: number[]; elapsed(): number } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    elapsed: () => now - start,
  };
}
