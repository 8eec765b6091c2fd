import { attemptsMade, awsCallOf, grantOf } from './aws-errors.js';

/**
 * A mistake the user can fix in the workflow file: a bad input, a missing resource they named,
 * a plan the action refuses to carry out. Told apart from bugs so the message can say what to
 * change instead of printing a stack trace.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(
    message: string,
    /** The input that is wrong, when one is. */
    readonly input?: string,
  ) {
    super(input ? `Input '${input}': ${message}` : message);
  }
}

/**
 * Turns anything thrown (an Error, a string, undefined, an object) into a message. Not the stack:
 * reading an Error's stack in a bundle parses the bundle's source map (about 0.3 s), which only a
 * bug's report needs.
 */
export function describeThrown(thrown: unknown): { message: string } {
  if (thrown instanceof Error) {
    const callName = awsCallOf(thrown);
    const base = thrown.message || thrown.name || 'unknown error';
    const attempts = attemptsMade(thrown);
    // The SDK counts the attempts of the call; more than one means its retries ran out.
    const spent = callName && attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
    const named = callName && !base.includes(callName) ? `${callName}${spent}: ${base}` : base;
    const grant = grantOf(thrown);
    const message = grant && !named.includes(grant) ? `${named}: ${grant}` : named;
    return { message };
  }
  if (typeof thrown === 'string') return { message: thrown || 'an empty string was thrown' };
  if (thrown === undefined || thrown === null) return { message: `${String(thrown)} was thrown` };
  try {
    return { message: JSON.stringify(thrown) };
  } catch {
    return { message: String(thrown) };
  }
}
