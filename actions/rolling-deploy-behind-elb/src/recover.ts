import { describeThrown } from '@tandem/kit';
import { recoveryOutcome, recoverySteps, startDeployment, watchRollouts, type MovedService, type RecoveryResult, type RecoveryStep, type WatchedRollout } from '@tandem/ecs';
import type { Inputs } from './inputs.js';
import type { Outcome } from './report.js';
import { watchSettings, type RolloutContext, type ServiceRollout } from './rollout.js';

type Recovered = Pick<Outcome, 'status' | 'reason'>;

/**
 * After a failed release: for every service that moved, follow ECS's own rollback where it
 * started one; else, with on-failure rollback, return the service to what served before. All
 * rollbacks start at once and are watched in one loop. A cancelled run starts the rollbacks and
 * does not wait: the runner is about to stop it.
 */
export async function recover(context: RolloutContext, inputs: Inputs, why: string, moved: MovedService[], rollouts: ServiceRollout[]): Promise<Recovered> {
  const steps = recoverySteps(moved, inputs.onFailure);
  const results = new Map<string, RecoveryResult>();
  for (const step of steps) if (step.action === 'none') results.set(step.service, { service: step.service, by: 'none', why: step.why });
  const watched: WatchedRollout[] = [];
  const of = (service: string) => rollouts.find((one) => one.service === service)!;
  const ours = steps.filter((step): step is Extract<RecoveryStep, { action: 'roll-back' }> => step.action === 'roll-back');
  const held = ours.length ? await (context.assertHeld?.(`rolling back to ${ours.map((step) => step.taskDefinitionArn).join(', ')}`) ?? Promise.resolve()).then(() => undefined, (error: unknown) => error) : undefined;
  await Promise.all(
    steps.map(async (step) => {
      if (step.action === 'none') return;
      const rollout = of(step.service);
      let id: string;
      if (step.action === 'follow-ecs') {
        id = step.deploymentId;
      } else {
        try {
          if (held) throw held;
          id = await startDeployment(context.clients, context.log, context.cluster, { service: step.service, taskDefinitionArn: step.taskDefinitionArn });
        } catch (error) {
          results.set(step.service, { service: step.service, by: 'This action', failure: `The rollback to ${step.taskDefinitionArn} could not start: ${describeThrown(error).message}` });
          return;
        }
        if (context.signal?.aborted) {
          results.set(step.service, { service: step.service, by: 'This action', failure: `Rollback to ${step.taskDefinitionArn} started as deployment ${id}; not waited for.` });
          return;
        }
      }
      watched.push({ service: step.service, deploymentId: id, taskDefinitionArn: step.taskDefinitionArn, previousTaskDefinitionArn: step.failedArn, circuitBreaker: rollout.circuitBreaker, healthChecked: rollout.previousHealthChecked });
    }),
  );
  if (watched.length > 0) {
    const deadline = context.clock.now() + inputs.waitTimeoutMs;
    const back = await watchRollouts(watchSettings(context, deadline, 'rollback '), watched).catch((error: unknown) => {
      const reason = describeThrown(error).message;
      return new Map(watched.map((one) => [one.service, { phase: 'failed' as const, failed: true, reason }]));
    });
    for (const one of watched) {
      const step = steps.find((candidate) => candidate.service === one.service)!;
      const by = step.action === 'follow-ecs' ? 'ECS' : 'This action';
      const assessment = back.get(one.service)!;
      results.set(one.service, assessment.failed ? { service: one.service, by, failure: `${by} rolled back, and that failed too: ${assessment.reason}` } : { service: one.service, by, taskDefinitionArn: one.taskDefinitionArn });
    }
  }
  const ordered = moved.map((one) => results.get(one.service)!);
  const outcome = recoveryOutcome(why, ordered);
  if (outcome.status === 'rolled-back') context.milestone('rolled back', context.clock.now());
  return outcome;
}
