import type { Deployment, Task } from '@aws-sdk/client-ecs';
import type { DeploymentTasks } from './observe.js';

/**
 * A deployment whose tasks are all known and judged: as many running as the service wants (with
 * their addresses, for target health), each HEALTHY where the containers have a health check,
 * none of them newly stopped. Kept with the counts ECS gave at the same poll, so that a later
 * poll can tell from DescribeServices alone that nothing about the tasks changed.
 */
export interface SettledTasks {
  running: Task[];
  desiredCount: number;
  runningCount: number;
  failedTasks: number;
}

export interface SettleInput {
  /** The deployment as the poll's DescribeServices showed it. */
  deployment?: Deployment;
  desiredCount: number;
  /** The deployment's running tasks are needed: target groups or container health checks. */
  needRunning: boolean;
  healthChecked: boolean;
  /** What the poll's task lists said of the deployment. */
  tasks: DeploymentTasks;
}

/** After a poll that listed the tasks: the deployment's settled tasks, or undefined while any is still moving. */
export function settledTasks(input: SettleInput): SettledTasks | undefined {
  const { deployment, desiredCount, tasks } = input;
  if (!deployment || deployment.status !== 'PRIMARY' || desiredCount < 1) return undefined;
  const runningCount = deployment.runningCount ?? 0;
  if (runningCount < desiredCount || tasks.newlyStopped.length > 0) return undefined;
  if (input.needRunning && tasks.running.length < desiredCount) return undefined;
  if (input.healthChecked && tasks.running.filter((task) => task.healthStatus === 'HEALTHY').length < desiredCount) return undefined;
  return { running: tasks.running, desiredCount, runningCount, failedTasks: deployment.failedTasks ?? 0 };
}

/**
 * Whether a poll may judge the deployment on its settled tasks instead of listing them again: ECS
 * still counts the same running and failed tasks and wants as many. A task that stopped, failed
 * or was added moves one of the counts, and the poll lists the tasks again.
 */
export function stillSettled(settled: SettledTasks | undefined, deployment: Deployment | undefined, desiredCount: number): boolean {
  if (!settled || !deployment) return false;
  return desiredCount === settled.desiredCount && (deployment.runningCount ?? 0) === settled.runningCount && (deployment.failedTasks ?? 0) === settled.failedTasks;
}
