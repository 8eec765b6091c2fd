import { listenOnLoopback, passOn, proxyServer } from '@tandem/standins/proxy';

// The fault proxy answers faults instead of forwarding, so moto never sees a faulted call. The
// harder fault is the other one: the call reaches AWS and changes something, then the answer is
// lost (a connection reset on the way back) and the SDK sends the call again. This proxy forwards
// every call and, the first time a call matches, drops the connection after moto has answered.

export interface LostAnswers {
  endpoint: string;
  /** `METHOD /path` of each call whose answer was dropped. */
  lost: string[];
  stop(): Promise<void>;
}

export async function startLostAnswersProxy(upstream: string, matches: (method: string, path: string) => boolean): Promise<LostAnswers> {
  const lost: string[] = [];
  const server = proxyServer(upstream, (req, res, _body, forward) => {
    const call = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    const lose = matches(req.method ?? 'GET', req.url ?? '/') && !lost.includes(call);
    forward((answer) => {
      if (!lose) return passOn(res)(answer);
      lost.push(call);
      answer.resume();
      answer.on('end', () => req.socket.destroy());
    });
  });
  return { ...(await listenOnLoopback(server)), lost };
}
