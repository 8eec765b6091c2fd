import * as core from '@actions/core';
import { cancellableClock, realClock, type Clock } from './clock.js';
import { ConfigurationError, describeThrown } from './errors.js';
import { runnerLog, type Log } from './log.js';

/** What every run gets from the skeleton, the same for every action. */
export interface ActionContext {
  /** Aborted when the runner cancels the job (it sends SIGINT, then SIGTERM). */
  signal: AbortSignal;
  /** Its sleeps end, rejecting with the abort reason, when the job is cancelled. */
  clock: Clock;
  log: Log;
}

/** One action: how it reads its inputs, and the rest of it, loaded once they are read. */
export interface ActionDefinition<Inputs, Deps, Result> {
  name: string;
  /** Reads and checks every input; a bad one throws a ConfigurationError before any AWS call. */
  readInputs(): Inputs;
  /**
   * The rest of the action, imported only when the inputs were read (`() => import('./run.js')`):
   * the bundle's entry chunk holds @actions/core and the input readers, and the AWS SDK and the
   * action's code are a chunk of their own. A step with a bad input never loads them: it fails in
   * 0.16-0.26 CPU-seconds on Node 24, where loading all of it took 0.24-0.39 (the five actions,
   * each the mean of 8 runs with the compile cache).
   */
  load(): Promise<ActionParts<Inputs, Deps, Result>>;
  /** The post step, when the action has one: the runner calls the same bundle again for it. */
  post?(context: ActionContext): Promise<void>;
}

/** What an action does once its inputs are read: the module that `load` imports. */
export interface ActionParts<Inputs, Deps, Result> {
  defaultDeps(inputs: Inputs): Deps;
  run(inputs: Inputs, deps: Deps, context: ActionContext): Promise<Result>;
  /** Outputs and job summary; also for a failed run that attached its result (failedWith). */
  report(result: Result, context: ActionContext): Promise<void> | void;
}

const RESULT = Symbol('tandem-deploy.result');

/**
 * The error a run fails with, carrying what it did so far: the skeleton reports that result
 * (outputs, summary) before failing the step. The error keeps its class and message.
 */
export function failedWith<Result>(thrown: unknown, result: Result): Error {
  const error = thrown instanceof Error ? thrown : new Error(describeThrown(thrown).message);
  Object.defineProperty(error, RESULT, { value: result, enumerable: false });
  return error;
}

/** The result a failed run attached with failedWith, for a test that calls run and report itself. */
export function resultOf<Result>(thrown: unknown): Result | undefined {
  return attachedResult(thrown)?.result as Result | undefined;
}

function attachedResult(thrown: unknown): { result: unknown } | undefined {
  return thrown instanceof Error && RESULT in thrown ? { result: (thrown as Error & { [RESULT]: unknown })[RESULT] } : undefined;
}

/**
 * The one entry point of every action. Reads the inputs, loads the rest of the action, builds the
 * default dependencies, runs and reports, or runs `post` when the runner calls the same bundle
 * again as the post step.
 * Whatever is thrown (an Error, a string, a rejected promise with no reason) fails the step with
 * the action's name; with step debug logging on, the stack goes to debug output.
 */
export async function runAction<Inputs, Deps, Result>(action: ActionDefinition<Inputs, Deps, Result>): Promise<void> {
  const controller = new AbortController();
  const cancel = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) core.warning(`${action.name}: received ${signal}, cancelling`);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  const context: ActionContext = { signal: controller.signal, clock: cancellableClock(realClock, controller.signal), log: runnerLog };
  let parts: ActionParts<Inputs, Deps, Result> | undefined;
  try {
    const isPost = core.getState('isPost') === 'true';
    if (!isPost) core.saveState('isPost', 'true');
    if (isPost) {
      await action.post?.(context);
      return;
    }
    const inputs = action.readInputs();
    parts = await action.load();
    const result = await parts.run(inputs, parts.defaultDeps(inputs), context);
    await parts.report(result, context);
  } catch (thrown) {
    const attached = attachedResult(thrown);
    const loaded = parts;
    if (attached && loaded) await reportQuietly(action.name, () => loaded.report(attached.result as Result, context));
    reportFailure(action.name, thrown);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

/** A failed run's report must not hide why it failed: a report that fails too is a warning. */
async function reportQuietly(name: string, report: () => Promise<void> | void): Promise<void> {
  try {
    await report();
  } catch (error) {
    core.warning(`${name}: could not write the report: ${describeThrown(error).message}`);
  }
}

export function reportFailure(name: string, thrown: unknown): void {
  const { message } = describeThrown(thrown);
  if (thrown instanceof ConfigurationError) {
    core.setFailed(`${name}: ${message}`);
  } else {
    // The runner keeps ::debug:: lines only with step debug logging on (RUNNER_DEBUG=1), so only
    // then is the stack formatted: through the bundle's source map, which is read and parsed first.
    const stack = core.isDebug() && thrown instanceof Error ? thrown.stack : undefined;
    if (stack) core.debug(stack);
    const kind = thrown instanceof Error && thrown.name && thrown.name !== 'Error' ? `${thrown.name}: ` : '';
    core.setFailed(`${name} failed: ${kind}${message}`);
  }
}
