import { realClock, type ActionContext, type Clock } from '@tandem/kit';
import { recordingLog, type RecordingLog } from './log.js';

/** The context runAction gives a run, for calling an action's run() directly: a recording log, the real clock unless a test scripts one. */
export function testContext<C extends Clock = Clock>(given: { log?: RecordingLog; clock?: C; signal?: AbortSignal } = {}): ActionContext & { log: RecordingLog; clock: C } {
  return { signal: given.signal ?? new AbortController().signal, clock: given.clock ?? (realClock as C), log: given.log ?? recordingLog() };
}
