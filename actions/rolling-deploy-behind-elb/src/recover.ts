import type { RolloutAssessment } from '@tandem/ecs';
import { describeThrown } from '@tandem/kit';
import type { Inputs } from './inputs.js';
import type { Outcome } from './report.js';
import { startDeployment, waitForDeployment, type RolloutContext } from './rollout.js';

export interface Failure {
  failedArn: string;
  previousArn: string;
  assessment: RolloutAssessment;
  circuitBreaker: boolean;
}

/**
 * After a failed rollout: follow ECS's own rollback when it started one; else, with on-failure
 * rollback, return the service to the previous task definition and wait for that too. A
 * cancelled run starts the rollback and does not wait: the runner is about to stop it.
 */
export async function recover(context: RolloutContext, inputs: Inputs, failure: Failure): Promise<Pick<Outcome, 'status' | 'reason'>> {
  const why = failure.assessment.reason;
  const ecs = failure.assessment.ecsRollback;
  const waitFor = async (id: string, who: string): Promise<Pick<Outcome, 'status' | 'reason'>> => {
    const back = await waitForDeployment(
      context,
      { id, taskDefinitionArn: failure.previousArn, previousTaskDefinitionArn: failure.failedArn, circuitBreaker: failure.circuitBreaker },
      inputs.waitTimeoutMs,
      'rollback ',
    ).catch((error: unknown): RolloutAssessment => ({ phase: 'failed', failed: true, reason: describeThrown(error).message }));
    if (!back.failed) {
      context.milestone('rolled back', context.clock.now());
      return { status: 'rolled-back', reason: `${why}. ${who} rolled the service back: ${failure.previousArn} serves again.` };
    }
    return { status: 'failed', reason: `${why}. ${who} rolled back, and that failed too: ${back.reason}` };
  };
  if (ecs) return waitFor(ecs.deploymentId, 'ECS');
  if (inputs.onFailure === 'stop') return { status: 'failed', reason: `${why}. on-failure is stop: the service was left as it is.` };
  // Rolling out what last completed (after a FAILED PRIMARY) leaves nothing older to return to.
  if (failure.previousArn === failure.failedArn) return { status: 'failed', reason: `${why}. ${failure.previousArn} was the last revision to complete a rollout: there is nothing else to return to.` };
  try {
    await context.assertHeld?.(`rolling back to ${failure.previousArn}`);
    const id = await startDeployment(context, failure.previousArn);
    if (context.signal?.aborted) {
      return { status: 'failed', reason: `${why}. Rollback to ${failure.previousArn} started as deployment ${id}; not waited for.` };
    }
    return waitFor(id, 'This action');
  } catch (error) {
    return { status: 'failed', reason: `${why}. The rollback to ${failure.previousArn} could not start: ${describeThrown(error).message}` };
  }
}
