import { GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { formatDuration, PollFailures, type Log } from '@tandem/kit';
import type { CloudFront } from './distribution.js';
import { isCompleted } from './inflight.js';
import type { Timing } from './timing.js';

export interface WaitRequest {
  client: CloudFront;
  distributionId: string;
  ids: readonly string[];
  timeoutMs: number;
  pollMs: number;
  timing: Timing;
  log: Log;
  signal?: AbortSignal;
}

/** The wait ran out: the invalidations go on in CloudFront, and the message names them. */
export class InvalidationTimeout extends Error {
  override name = 'InvalidationTimeout';
  /** `unseen` says why the last polls could not tell, when they failed. */
  constructor(
    readonly distributionId: string,
    readonly pending: string[],
    elapsedMs: number,
    unseen?: string,
  ) {
    super(
      `invalidation ${pending.join(', ')} on ${distributionId} ${unseen ? `not seen to complete (${unseen})` : 'still in progress'} after ${formatDuration(elapsedMs)} (wait-timeout). ` +
        `It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id ${distributionId} --id ${pending[0]}`,
    );
  }
}

/** The job was cancelled while waiting: the invalidations go on in CloudFront, and the message names them. */
export class WaitCancelled extends Error {
  override name = 'WaitCancelled';
  constructor(
    readonly distributionId: string,
    readonly pending: string[],
    elapsedMs: number,
    reason: unknown,
  ) {
    super(
      `${reason instanceof Error ? reason.message : 'cancelled'} while waiting for invalidation ${pending.join(', ')} on ${distributionId} (after ${formatDuration(elapsedMs)}). ` +
        `It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id ${distributionId} --id ${pending[0]}`,
    );
  }
}

/**
 * Polls each invalidation until CloudFront says Completed (in any case) or the timeout passes,
 * logging the elapsed time on every poll. Returns the time it took.
 *
 * Written here rather than with the SDK's `waitUntilInvalidationCompleted`, because that waiter
 * (a) retries every error until its max wait, so expired credentials would spin out the whole
 * wait-timeout instead of stopping at once with the fix (PollFailures tells them apart); (b) backs off from a 20 s minimum, not the
 * user's `poll-interval`; (c) logs nothing while it waits, where a job log must show progress;
 * and (d) waits on one invalidation, where a deploy may have several in one wait.
 */
export async function waitForInvalidations(request: WaitRequest): Promise<number> {
  const started = request.timing.now();
  const pending = new Set(request.ids);
  try {
    return await poll(request, started, pending);
  } catch (error) {
    const { signal } = request;
    if (signal?.aborted) throw new WaitCancelled(request.distributionId, [...pending], request.timing.now() - started, signal.reason);
    throw error;
  }
}

async function poll(request: WaitRequest, started: number, pending: Set<string>): Promise<number> {
  const { distributionId, timing, log } = request;
  // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
  const failures = new PollFailures({ clock: timing, log, deadline: started + request.timeoutMs, signal: request.signal }, () => `invalidation ${[...pending].join(', ')} goes on in CloudFront`);
  for (;;) {
    try {
      for (const id of [...pending]) {
        const { Invalidation: found } = await request.client.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: id }), { abortSignal: request.signal });
        const status = found?.Status ?? '';
        if (isCompleted(status)) pending.delete(id);
        else if (status) log.info(`Invalidation ${id}: ${status} after ${formatDuration(timing.now() - started)}`);
      }
      failures.answered();
    } catch (error) {
      if (failures.failed(error)) throw new InvalidationTimeout(distributionId, [...pending], timing.now() - started, failures.reason());
    }
    const elapsed = timing.now() - started;
    if (pending.size === 0) {
      log.info(`Invalidation${request.ids.length === 1 ? '' : 's'} ${request.ids.join(', ')} completed after ${formatDuration(elapsed)}`);
      return elapsed;
    }
    const left = request.timeoutMs - elapsed;
    if (left <= 0) throw new InvalidationTimeout(distributionId, [...pending], elapsed);
    await timing.sleep(Math.min(request.pollMs, left), request.signal);
  }
}
