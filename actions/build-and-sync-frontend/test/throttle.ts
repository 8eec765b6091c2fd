// A loopback proxy in front of moto that answers the first `count` uploads with 503 SlowDown,
// exactly as S3 does past its request rate (moto never throttles), and forwards everything else.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Throttle {
  endpoint: string;
  throttled: number;
  forwarded: number;
  close(): Promise<void>;
}

const SLOW_DOWN = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>TEST</RequestId></Error>';

export async function throttlingProxy(target: string, count: number): Promise<Throttle> {
  const upstream = new URL(target);
  const state = { throttled: 0, forwarded: 0 };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      if (incoming.method === 'PUT' && state.throttled < count) {
        state.throttled += 1;
        outgoing.writeHead(503, { 'Content-Type': 'application/xml', 'x-amz-request-id': 'TEST' });
        outgoing.end(SLOW_DOWN);
        return;
      }
      state.forwarded += 1;
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get throttled() {
      return state.throttled;
    },
    get forwarded() {
      return state.forwarded;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
