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

/** Turns anything thrown (an Error, a string, undefined, an object) into a message and a stack. */
export function describeThrown(thrown: unknown): { message: string; stack?: string } {
  if (thrown instanceof Error) {
    const callName = awsCallName(thrown);
    const base = thrown.message || thrown.name || 'unknown error';
    const attempts = (thrown as { $metadata?: { attempts?: unknown } }).$metadata?.attempts;
    // The SDK counts the attempts of the call; more than one means its retries ran out.
    const spent = callName && typeof attempts === 'number' && attempts > 1 ? ` after ${attempts} attempts` : '';
    const message = callName && !base.includes(callName) ? `${callName}${spent}: ${base}` : base;
    return { message, stack: thrown.stack };
  }
  if (typeof thrown === 'string') return { message: thrown || 'an empty string was thrown' };
  if (thrown === undefined || thrown === null) return { message: `${String(thrown)} was thrown` };
  try {
    return { message: JSON.stringify(thrown) };
  } catch {
    return { message: String(thrown) };
  }
}

/** The AWS operation behind an SDK error, when the error carries it (set by the kit's middleware). */
function awsCallName(error: Error): string | undefined {
  const call = (error as { $awsCall?: unknown }).$awsCall;
  return typeof call === 'string' ? call : undefined;
}
