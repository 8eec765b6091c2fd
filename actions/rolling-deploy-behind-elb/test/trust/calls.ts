import type { FaultProxy } from '@tandem/standins/faults';

/** One AWS call seen by a proxy, labelled with the run that made it. */
export interface LabelledCall {
  run: string;
  call: string;
}

/**
 * Records each proxy's calls into one shared list, in the order the calls reached the proxies
 * (one Node process, so the order across proxies is exact): which run made which call, when.
 */
export function labelCalls(proxy: FaultProxy, run: string, into: LabelledCall[]): void {
  const push = proxy.calls.push.bind(proxy.calls);
  proxy.calls.push = (...calls: string[]) => {
    for (const call of calls) into.push({ run, call });
    return push(...calls);
  };
}

/** ECS calls that change the service or its task definitions. */
export const ECS_WRITE = /^(RegisterTaskDefinition|UpdateService|TagResource|RunTask)$/;
