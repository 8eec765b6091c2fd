import { cancellableClock, pause, realClock, sleep, type Clock } from '@tandem/kit';

const cancelled = new Error('cancelled by SIGTERM');

test('a sleep ends after its time', async () => {
  const started = Date.now();
  await sleep(20);
  expect(Date.now() - started).toBeGreaterThanOrEqual(15);
});

test('a sleep rejects with the abort reason when cancelled during it', async () => {
  const controller = new AbortController();
  const sleeping = sleep(60_000, controller.signal);
  controller.abort(cancelled);
  await expect(sleeping).rejects.toBe(cancelled);
});

test('a sleep on a signal already aborted rejects at once', async () => {
  await expect(realClock.sleep(60_000, AbortSignal.abort(cancelled))).rejects.toBe(cancelled);
});

test("the run's clock ends a sleep on the run's cancellation, and on the caller's own signal", async () => {
  const run = new AbortController();
  const clock = cancellableClock(realClock, run.signal);
  const own = new AbortController();
  const first = clock.sleep(60_000, own.signal);
  own.abort(new Error('own'));
  await expect(first).rejects.toThrow('own');
  const second = clock.sleep(60_000);
  run.abort(cancelled);
  await expect(second).rejects.toBe(cancelled);
});

test('pause ends early without throwing when cancelled, and passes other failures on', async () => {
  const controller = new AbortController();
  const paused = pause(realClock, 60_000, controller.signal);
  controller.abort(cancelled);
  await expect(paused).resolves.toBeUndefined();
  const broken: Clock = { now: () => 0, sleep: async () => Promise.reject(new Error('clock broke')) };
  await expect(pause(broken, 1, new AbortController().signal)).rejects.toThrow('clock broke');
});
