import * as core from '@actions/core';
import { ConfigurationError, describeThrown } from './errors.js';

export interface ActionContext {
  /** Aborted when the runner cancels the job (it sends SIGINT, then SIGTERM). */
  signal: AbortSignal;
}

export type ActionStep = (context: ActionContext) => Promise<void>;

/**
 * The one entry point of every action. Runs `main`, or `post` when the runner calls the same
 * bundle again as the post step. Whatever is thrown (an Error, a string, a rejected promise with
 * no reason) fails the step with the action's name; the stack goes to debug output.
 */
export async function runAction(name: string, main: ActionStep, post?: ActionStep): Promise<void> {
  const controller = new AbortController();
  const cancel = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) core.warning(`${name}: received ${signal}, cancelling`);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  try {
    const isPost = core.getState('isPost') === 'true';
    if (!isPost) core.saveState('isPost', 'true');
    const step = isPost ? post : main;
    if (step) await step({ signal: controller.signal });
  } catch (thrown) {
    reportFailure(name, thrown);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

export function reportFailure(name: string, thrown: unknown): void {
  const { message, stack } = describeThrown(thrown);
  if (thrown instanceof ConfigurationError) {
    core.setFailed(`${name}: ${message}`);
  } else {
    if (stack) core.debug(stack);
    const kind = thrown instanceof Error && thrown.name && thrown.name !== 'Error' ? `${thrown.name}: ` : '';
    core.setFailed(`${name} failed: ${kind}${message}`);
  }
}
