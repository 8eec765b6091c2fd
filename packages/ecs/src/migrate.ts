import { DescribeTasksCommand, RunTaskCommand, StopTaskCommand, type ContainerDefinition, type DescribeTasksCommandOutput, type RunTaskCommandInput, type Service, type Task } from '@aws-sdk/client-ecs';
import { describeThrown, pause, PollFailures, type Clock, type Log } from '@tandem/kit';
import type { Clients } from './clients.js';
import { runTaskFailureHint } from './event-hints.js';
import { containerLogs, stoppedTaskLine } from './observe.js';
import { stopHint } from './stop-hints.js';

/** RunTask's input for a one-off task of the new revision, placed exactly as the service places its tasks. */
export function migrationTask(service: Service, cluster: string, taskDefinitionArn: string, container: string, command: string[]): RunTaskCommandInput {
  const strategy = service.capacityProviderStrategy ?? [];
  const fargate = service.launchType === 'FARGATE' || strategy.some((item) => /^FARGATE/.test(item.capacityProvider ?? ''));
  // The revision's own constraints go with it; the service's must be given, or the task may land
  // on an instance the service keeps its tasks off (another architecture, say). Fargate takes
  // neither constraints nor strategies.
  const constraints = fargate ? [] : (service.placementConstraints ?? []);
  const placement = fargate ? [] : (service.placementStrategy ?? []);
  return {
    cluster,
    taskDefinition: taskDefinitionArn,
    count: 1,
    startedBy: 'tandem-deploy/migrate',
    ...(strategy.length > 0 ? { capacityProviderStrategy: strategy } : service.launchType ? { launchType: service.launchType } : {}),
    ...(service.platformVersion && (service.launchType === 'FARGATE' || strategy.length > 0) ? { platformVersion: service.platformVersion } : {}),
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    ...(constraints.length > 0 ? { placementConstraints: constraints } : {}),
    ...(placement.length > 0 ? { placementStrategy: placement } : {}),
    overrides: { containerOverrides: [{ name: container, command }] },
  };
}

export interface MigrationResult {
  ok: boolean;
  taskArn?: string;
  reason: string;
  logs: string[];
}

export interface MigrationOptions {
  clients: Clients;
  clock: Clock;
  log: Log;
  input: RunTaskCommandInput;
  container: ContainerDefinition;
  pollMs: number;
  deadline: number;
  signal?: AbortSignal;
  /** Which run this is (`owner/repo run 42 attempt 1`): StopTask's reason names it. */
  run: string;
}

/** StopTask's reason may hold at most 255 characters (ECS API reference). */
const STOP_REASON_LIMIT = 255;

/**
 * Stops a migration the deploy no longer waits for, so that it cannot run on after the lock is
 * released beside the next deploy's. Says in words what happened, for the step's reason.
 */
async function stopMigration(options: MigrationOptions, taskArn: string, why: string): Promise<string> {
  const reason = `stopped by ${options.run}: ${why}`.slice(0, STOP_REASON_LIMIT);
  const id = taskArn.split('/').pop();
  try {
    await options.clients.ecs.send(new StopTaskCommand({ cluster: options.input.cluster, task: taskArn, reason }));
    options.log.info(`migration task ${id} stopped: ${reason}`);
    return `the migration task was stopped (StopTask)`;
  } catch (error) {
    const message = describeThrown(error).message;
    options.log.warning(`could not stop migration task ${id}, it may still be running: ${message}`);
    return `the migration task could not be stopped and may still be running (${message})`;
  }
}

/**
 * Runs the migration once and waits for it to stop. Success is exit code 0 of its container.
 * A migration not waited to the end (timeout, cancellation, a failed call) is stopped first.
 */
export async function runMigration(options: MigrationOptions): Promise<MigrationResult> {
  const { clients, clock, log, input } = options;
  const started = await clients.ecs.send(new RunTaskCommand(input));
  const taskArn = started.tasks?.[0]?.taskArn;
  if (!taskArn) {
    const failures = (started.failures ?? []).map((failure) => `${failure.reason ?? ''}${failure.detail ? ` (${failure.detail})` : ''}`).join('; ');
    const hint = (started.failures ?? []).map((failure) => runTaskFailureHint(failure.reason ?? '')).find(Boolean);
    return { ok: false, reason: `ECS did not start the migration task: ${failures || 'no task and no failure returned'}${hint ? `: ${hint}` : ''}`, logs: [] };
  }
  log.info(`migration task ${taskArn.split('/').pop()} started: ${(input.overrides?.containerOverrides?.[0]?.command ?? []).join(' ')}`);
  let task: Task | undefined;
  const abandon = async (why: string): Promise<MigrationResult> => ({ ok: false, taskArn, reason: `${why}: ${await stopMigration(options, taskArn, why)}`, logs: [] });
  // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
  const polls = new PollFailures({ clock, log, deadline: options.deadline, signal: options.signal }, () => `migration task ${taskArn} goes on in ECS`);
  try {
    for (;;) {
      let described: DescribeTasksCommandOutput;
      try {
        described = await clients.ecs.send(new DescribeTasksCommand({ cluster: input.cluster, tasks: [taskArn] }));
      } catch (error) {
        if (polls.failed(error)) return await abandon(`migration task ${taskArn} was not seen to stop within wait-timeout: ${polls.reason()}`);
        await pause(clock, options.pollMs, options.signal);
        continue;
      }
      polls.answered();
      task = described.tasks?.[0];
      if (task?.lastStatus === 'STOPPED') break;
      if (options.signal?.aborted) return await abandon(`the workflow was cancelled while migration task ${taskArn} was ${task?.lastStatus}`);
      if (clock.now() >= options.deadline) return await abandon(`migration task ${taskArn} did not stop within wait-timeout (last status ${task?.lastStatus})`);
      // A cancellation ends the sleep; the loop then stops the migration task itself.
      await pause(clock, options.pollMs, options.signal);
    }
  } catch (error) {
    await stopMigration(options, taskArn, `the deploy failed while waiting for the migration: ${describeThrown(error).message}`);
    throw error;
  }
  const name = options.container.name;
  const container = task.containers?.find((candidate) => candidate.name === name);
  const logs = await containerLogs(clients, options.container, taskArn, log, { limit: 100, what: "the migration's logs" });
  if (container?.exitCode === 0) return { ok: true, taskArn, reason: `migration exited 0`, logs };
  const exit = container?.exitCode !== undefined ? `exited ${container.exitCode}` : 'did not run';
  const hint = stopHint(task);
  return { ok: false, taskArn, reason: `migration ${exit}: ${stoppedTaskLine(task)}${hint ? `. The way out: ${hint}` : ''}`, logs };
}
