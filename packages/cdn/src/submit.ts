import { createHash } from 'node:crypto';
import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { awsCallOf, errorName, formatDuration, isNamed, isTransient, type Log } from '@tandem/kit';
import type { CloudFront } from './distribution.js';
import { readInFlight, roomLeft } from './inflight.js';
import { takeBatch } from './plan.js';
import { backoffDelay, type Timing } from './timing.js';

export interface Submitted {
  id: string;
  status: string;
  callerReference: string;
  paths: string[];
}

export interface SubmitRequest {
  client: CloudFront;
  distributionId: string;
  paths: readonly string[];
  /** Stable for one run attempt (run id and attempt), so a retried request is the same invalidation. */
  reference: string;
  /** Epoch milliseconds after which waiting for room or retrying throttling stops. */
  deadline: number;
  timing: Timing;
  log: Log;
  signal?: AbortSignal;
  /** Filled as each invalidation is created, so the caller knows them even when a later one fails. */
  submitted?: Submitted[];
}

/** Throttling, a 5xx, the network and a full distribution pass with time; anything else is a real failure. */
function isRetryable(error: unknown): boolean {
  return isNamed(error, 'TooManyInvalidationsInProgress') || isTransient(error);
}

/**
 * CloudFront returns the existing invalidation, not a new one, when the same reference comes
 * with the same paths: the reference is the run's plus a hash of the batch.
 */
export function callerReference(reference: string, batch: readonly string[]): string {
  return `${reference}-${createHash('sha256').update(batch.join('\n')).digest('hex').slice(0, 16)}`;
}

/**
 * Creates the invalidations, as few as the limits allow: each takes what fits in the room the
 * invalidations in progress leave, and the rest waits for room. TooManyInvalidationsInProgress
 * and throttling are retried with jittered backoff until the deadline.
 */
export async function submitInvalidations(request: SubmitRequest): Promise<Submitted[]> {
  const { client, distributionId } = request;
  const submitted = request.submitted ?? [];
  let remaining = [...request.paths];
  for (let attempt = 0; remaining.length > 0; ) {
    try {
      const inFlight = await readInFlight(client, distributionId);
      const { batch, rest } = takeBatch(remaining, roomLeft(inFlight));
      if (batch.length === 0) {
        const why = `CloudFront already has ${inFlight.files} file paths and ${inFlight.wildcards} wildcard paths in progress on ${distributionId} (${inFlight.invalidations.length} invalidations; its limits are 3000 and 15)`;
        await pause(request, attempt++, why);
        continue;
      }
      submitted.push(await create(request, batch));
      remaining = rest;
      attempt = 0;
    } catch (error) {
      if (request.signal?.aborted) throw cancelled(request, submitted, remaining);
      if (!isRetryable(error)) throw error;
      await pause(request, attempt++, `${callOf(error)} answered ${errorName(error) || 'a server error'}`).catch((thrown: unknown) => {
        throw request.signal?.aborted ? cancelled(request, submitted, remaining) : thrown;
      });
    }
  }
  return submitted;
}

/** The AWS call behind an SDK error, as the kit's makeClient marks it: `CreateInvalidation (CloudFront)`. */
const callOf = (error: unknown) => awsCallOf(error) ?? 'CloudFront';

function cancelled(request: SubmitRequest, submitted: readonly Submitted[], remaining: readonly string[]): Error {
  const reason = request.signal?.reason instanceof Error ? request.signal.reason.message : 'cancelled';
  const created = submitted.length > 0 ? `created ${submitted.map((item) => item.id).join(', ')}` : 'no invalidation created';
  return new Error(`${reason} while submitting invalidations to ${request.distributionId}: ${created}; ${remaining.length} path(s) not submitted. Run the step again to invalidate them`);
}

async function create(request: SubmitRequest, batch: string[]): Promise<Submitted> {
  const reference = callerReference(request.reference, batch);
  const { Invalidation: created } = await request.client.send(
    new CreateInvalidationCommand({
      DistributionId: request.distributionId,
      InvalidationBatch: { CallerReference: reference, Paths: { Quantity: batch.length, Items: batch } },
    }),
  );
  if (!created?.Id) throw new Error(`CloudFront answered CreateInvalidation without an invalidation id for ${request.distributionId}`);
  const status = created.Status ?? 'InProgress';
  request.log.info(`Created invalidation ${created.Id} with ${batch.length} path${batch.length === 1 ? '' : 's'} (${status})`);
  return { id: created.Id, status, callerReference: reference, paths: batch };
}

async function pause(request: SubmitRequest, attempt: number, why: string): Promise<void> {
  const { timing, log, deadline } = request;
  const delay = backoffDelay(attempt, timing.random());
  const left = deadline - timing.now();
  if (delay > left) {
    throw new Error(`${why}; gave up at the submit-timeout deadline after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}. Nothing more was submitted; run again once the invalidations in progress complete, or raise submit-timeout`);
  }
  log.info(`${why}; retrying in ${formatDuration(delay)} (${formatDuration(left)} left before submit-timeout)`);
  await timing.sleep(delay, request.signal);
}
