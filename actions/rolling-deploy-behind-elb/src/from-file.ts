import type { Log } from '@tandem/kit';
import type { Inputs } from './inputs.js';
import type { Plan } from './plan.js';

/**
 * With task-definition, what each file changes against the revision its service serves, in the
 * log and (returned, for the summary, under each service's name when there are several) before
 * anything is registered; secret values show as ***.
 */
export function announceFile(inputs: Inputs, plan: Plan, log: Log): string[] | undefined {
  for (const file of inputs.taskDefinitions) {
    if (file.dropped.length > 0) {
      log.warning(`${file.path}: dropped ${file.dropped.join(', ')}: DescribeTaskDefinition answers with these, RegisterTaskDefinition does not take them; remove them from the file`);
    }
  }
  const services = plan.services.filter((one) => one.fromFile && one.rendered);
  if (services.length === 0) return undefined;
  const several = plan.services.length > 1;
  for (const service of services) {
    // The dry run prints the same diff with its plan.
    const what = `${several ? `${service.name}: ` : ''}task definition changes from ${service.fromFile} against ${service.previousArn.split('/').pop()}`;
    if (!inputs.dryRun) log.info(`${what}:\n${service.diff.join('\n') || '(none)'}`);
  }
  if (!several) return services[0].diff;
  return services.flatMap((one) => [`${one.name} (${one.fromFile}):`, ...(one.diff.length ? one.diff.map((line) => `  ${line}`) : ['  (none)'])]);
}
