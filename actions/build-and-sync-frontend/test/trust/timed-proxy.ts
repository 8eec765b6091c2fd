import { listenOnLoopback, passOn, proxyServer } from '@tandem/standins/proxy';

/** One S3 call as it passed the proxy: when it was sent on and when its answer came back. */
export interface TimedCall {
  method: string;
  path: string;
  status: number;
  sentAt: number;
  answeredAt: number;
}

/**
 * A pass-through proxy in front of moto that records every call with its times and status, so two
 * runs' writes can be laid side by side (the fault proxy records the order of calls, not times).
 * `delayMs` holds each request back, to make a run slow enough for another to meet it.
 * `holdAfterWrites` forwards nothing more once that many writes were answered, and settles `held`
 * at the first request it keeps: a kill then lands after exactly that much of the work, whatever
 * the machine's load. `holdBack` keeps the requests it matches until `until` settles, then sends
 * them on: one run's step then waits for another run to reach a point, at any pace.
 */
export async function startTimedProxy(
  upstream: string,
  delayMs = 0,
  holdAfterWrites = Infinity,
  holdBack?: { matches(method: string, path: string): boolean; until: Promise<unknown> },
): Promise<{ endpoint: string; calls: TimedCall[]; held: Promise<void>; stop(): Promise<void> }> {
  const calls: TimedCall[] = [];
  let hold: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (hold = resolve));
  const server = proxyServer(upstream, (req, res, _body, forward) => {
    setTimeout(async () => {
      if (calls.filter(isWriteCall).length >= holdAfterWrites) return hold();
      const [method, path] = [req.method ?? '', decodeURIComponent((req.url ?? '/').split('?')[0])];
      if (holdBack?.matches(method, path)) await holdBack.until;
      const call: TimedCall = { method, path, status: 0, sentAt: Date.now(), answeredAt: 0 };
      forward((answer) => {
        passOn(res)(answer);
        answer.on('end', () => {
          call.status = answer.statusCode ?? 0;
          call.answeredAt = Date.now();
          calls.push(call);
        });
      });
    }, delayMs);
  });
  return { ...(await listenOnLoopback(server)), calls, held };
}

export const isWriteCall = (call: TimedCall) => call.method !== 'GET' && call.method !== 'HEAD';
