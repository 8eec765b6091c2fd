import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const target = new URL(upstream);
  const lost: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
      const lose = matches(req.method ?? 'GET', req.url ?? '/') && !lost.includes(call);
      const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        if (lose) {
          lost.push(call);
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => req.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    lost,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
