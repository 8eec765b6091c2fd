import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { siteClient, socketsFor } from '../src/bucket.js';

// The client opens as many connections as the run's concurrency asks for: at 64, the SDK's own
// agent (50 sockets) held 14 requests back in its queue while p-limit counted them as running.
describe('siteClient sockets', () => {
  test.each([
    [1, 50],
    [16, 65],
    [64, 257],
  ])('concurrency %i may use %i sockets', (concurrency, sockets) => {
    expect(socketsFor(concurrency)).toBe(sockets);
  });

  test('64 concurrent requests reach the server at once', async () => {
    const waiting: ServerResponse[] = [];
    let most = 0;
    const answerAll = () => waiting.splice(0).forEach((response) => response.writeHead(200, { ETag: '"0"', 'Content-Length': '0' }).end());
    const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
      waiting.push(response);
      most = Math.max(most, waiting.length);
      if (waiting.length === 64) answerAll();
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    // Requests the agent queues never arrive while the others are held: answer them after a while,
    // long enough that 64 signed requests arrive on a loaded machine.
    const release = setTimeout(function again() {
      answerAll();
      release.refresh();
    }, 10_000);
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    // The SDK reads the endpoint and the credentials from the environment when a call is made.
    const s3 = siteClient({ region: 'us-east-1', maxAttempts: 1 }, 'test', 64);
    try {
      await Promise.all(Array.from({ length: 64 }, (_, i) => s3.send(new HeadObjectCommand({ Bucket: 'site', Key: `file-${i}` }))));
    } finally {
      clearTimeout(release);
      process.env = saved;
      s3.destroy();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
    expect(most).toBe(64);
  }, 60_000);
});
