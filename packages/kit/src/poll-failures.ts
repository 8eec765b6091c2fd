import { errorName, isExpiredCredentials, isTransient } from './aws-errors.js';
import type { Clock } from './clock.js';
import { describeThrown } from './errors.js';
import type { Log } from './log.js';
import { formatDuration } from './report.js';

/** What of a wait its failed polls need. */
export interface PollFailuresSettings {
  clock: Clock;
  log: Log;
  deadline: number;
  signal?: AbortSignal;
}

/**
 * The failed polls of a wait (a rollout's, a migration's, a restore's, an invalidation's). A wait
 * of half an hour meets failures that a poll later may not: throttling while other deploys poll
 * the same account, a 5xx, a dropped connection. The SDK retries each call a few times within
 * seconds; a poll whose call still failed tells nothing of what the wait waits on, which goes on in
 * AWS whatever the poll got. Ending the wait there would roll back a release that may be healthy,
 * or stop a migration half-way. So the wait polls again, on its usual grid, until its deadline,
 * and the log says when the polls began to fail and when AWS answered again. What a later poll
 * cannot mend ends the wait at once: credentials that expired (with the way out), a grant refused,
 * a thing that is gone.
 */
export class PollFailures {
  private since?: number;
  private polls = 0;
  private last = '';

  /** `going` says what goes on without the wait, and where (`deployment ecs-svc/1 of web goes on in ECS`). */
  constructor(
    private readonly settings: PollFailuresSettings,
    private readonly going: () => string,
  ) {}

  /**
   * After a poll that threw: false when the wait polls again, true when its deadline has passed
   * with every poll since failing (`reason()` says how long). Throws what no later poll can mend.
   */
  failed(error: unknown): boolean {
    const { clock, log } = this.settings;
    if (this.settings.signal?.aborted) throw error;
    if (isExpiredCredentials(error)) {
      throw new Error(
        `the AWS credentials expired during the wait (${errorName(error)}): ${this.going()}, unwatched, and nothing more can be done with these credentials. ` +
          "Give the role a longer session (role-duration-seconds of aws-actions/configure-aws-credentials, within the role's maximum session duration) or a shorter wait-timeout",
        { cause: error },
      );
    }
    if (!isTransient(error)) throw error;
    this.since ??= clock.now();
    this.polls += 1;
    this.last = describeThrown(error).message;
    if (this.polls === 1) log.info(`a poll failed (${this.last}); ${this.going()} whatever the poll got: polling again`);
    else log.debug(`${this.polls} polls in a row failed: ${this.last}`);
    return clock.now() >= this.settings.deadline;
  }

  /** Why the wait ended with its polls failing: for how long, how many, and the last error. */
  reason(): string {
    const over = formatDuration(this.settings.clock.now() - (this.since ?? this.settings.clock.now()));
    return `every poll failed for the last ${over} (${this.polls} poll${this.polls === 1 ? '' : 's'}; the last: ${this.last})`;
  }

  /** After a poll that was answered: says so when the polls before it were not. */
  answered(): void {
    if (this.polls === 0 || this.since === undefined) return;
    this.settings.log.info(`AWS answered again, after ${this.polls} failed poll${this.polls === 1 ? '' : 's'} over ${formatDuration(this.settings.clock.now() - this.since)}`);
    this.polls = 0;
    this.since = undefined;
  }
}
