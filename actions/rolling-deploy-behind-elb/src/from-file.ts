import type { Log } from '@tandem/kit';
import type { Inputs } from './inputs.js';
import type { Plan } from './plan.js';

/**
 * With task-definition, what the file changes against the revision that serves, in the log and
 * (returned, for the summary) before anything is registered; secret values show as ***.
 */
export function announceFile(inputs: Inputs, plan: Plan, log: Log): string[] | undefined {
  const file = inputs.taskDefinition;
  const service = plan.services.find((one) => one.fromFile && one.rendered);
  if (!file || !service) return undefined;
  if (file.dropped.length > 0) {
    log.warning(`${file.path}: dropped ${file.dropped.join(', ')}: DescribeTaskDefinition answers with these, RegisterTaskDefinition does not take them; remove them from the file`);
  }
  // The dry run prints the same diff with its plan.
  if (!inputs.dryRun) log.info(`task definition changes from ${file.path} against ${service.previousArn.split('/').pop()}:\n${service.diff.join('\n') || '(none)'}`);
  return service.diff;
}
