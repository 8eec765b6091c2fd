import { RegisterTaskDefinitionCommand, TagResourceCommand, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { describeThrown, type Log } from '@tandem/kit';
import { migrationTask, runMigration, SERVED_TAG, splitCommand, type Clients, type Clock, type MigrationResult } from '@tandem/ecs';
import type { Inputs } from './inputs.js';
import { migrationContainer, type Plan, type ServicePlan } from './plan.js';

/**
 * The revision each service deploys: registered from its rendered definition, or the existing
 * one rollback-to found. Services that run one revision share its next one.
 */
export async function registerRevisions(clients: Clients, plan: Plan, log: Log): Promise<Map<string, string>> {
  // Registered in parallel: a release's services wait on the slowest registration only.
  const byPrevious = new Map<string, Promise<string>>();
  const arns = plan.services.map((service) => {
    if (service.existing) return Promise.resolve(service.existing.taskDefinition.taskDefinitionArn ?? '');
    const registered = byPrevious.get(service.previousArn) ?? register(clients, service, plan.release, log);
    byPrevious.set(service.previousArn, registered);
    return registered;
  });
  const resolved = await Promise.all(arns);
  return new Map(plan.services.map((service, index) => [service.name, resolved[index]]));
}

async function register(clients: Clients, service: ServicePlan, release: string, log: Log): Promise<string> {
  const answer = await clients.ecs.send(new RegisterTaskDefinitionCommand(service.rendered!.input as unknown as RegisterTaskDefinitionCommandInput));
  const arn = answer.taskDefinition?.taskDefinitionArn;
  if (!arn) throw new Error('RegisterTaskDefinition returned no task definition ARN');
  log.info(`registered ${arn} for release ${release}`);
  return arn;
}

export interface MigrationDeps {
  clients: Clients;
  clock: Clock;
  log: Log;
}

/** The release's one migration: a one-off task of the first service's new revision, placed as that service places its tasks. */
export async function migrateOnce(deps: MigrationDeps, inputs: Inputs, first: ServicePlan, targetArn: string, deadline: number, signal?: AbortSignal): Promise<MigrationResult> {
  const container = migrationContainer(first);
  const migration = await runMigration({
    clients: deps.clients, clock: deps.clock, log: deps.log, pollMs: inputs.pollMs, deadline, signal, run: inputs.run,
    input: migrationTask(first.running.service, inputs.cluster, targetArn, first.container, splitCommand(inputs.migrateCommand)),
    container: container ?? { name: first.container },
  });
  migration.logs.forEach((line) => deps.log.info(`migrate | ${line}`));
  return migration;
}

/** `previous` means the last revision that completed a rollout: this tag says which did. */
export async function markServed(clients: Clients, arns: string[], at: number, log: Log): Promise<void> {
  await Promise.all(
    [...new Set(arns)].map(async (arn) => {
      try {
        await clients.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: SERVED_TAG, value: new Date(at).toISOString() }] }));
      } catch (error) {
        log.warning(`could not tag ${arn} with ${SERVED_TAG} (rollback-to: previous will not find it): ${describeThrown(error).message}`);
      }
    }),
  );
}
