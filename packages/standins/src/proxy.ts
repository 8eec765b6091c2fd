import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// What the proxies between an action and moto (faults, lost answers, invalidations in progress,
// timings) share: each reads a request whole, decides, and sends it on to moto unchanged.

export interface Listening {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** Ends the server and the connections the SDK keeps alive to it. */
  stop(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1. */
export async function listenOnLoopback(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a request on to `upstream` as it came, and hands upstream's answer to `answered`. */
export type Forward = (answered: (answer: IncomingMessage) => void) => void;

/**
 * A server in front of `upstream` that hands each request, once read whole, to `handle` with its
 * body and a `forward`. A request whose forward fails loses its connection, as a client of AWS
 * sees when a connection breaks.
 */
export function proxyServer(upstream: string, handle: (req: IncomingMessage, res: ServerResponse, body: Buffer, forward: Forward) => void): Server {
  const target = new URL(upstream);
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      handle(req, res, body, (answered) => {
        const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, answered);
        forward.on('error', () => req.socket.destroy());
        forward.end(body);
      });
    });
  });
}

/** Passes upstream's answer to the client unchanged. */
export function passOn(res: ServerResponse): (answer: IncomingMessage) => void {
  return (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  };
}
