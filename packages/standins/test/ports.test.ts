import { createServer, type Server } from 'node:net';
import { onFreePort } from '@tandem/standins/ports';

// A server is started on a port freePort found free; another server of the run can take that
// port before the first one binds it. onFreePort then starts it again on another port.

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

test('a port another server took first is given up for a new one', async () => {
  const tried: number[] = [];
  const port = await onFreePort(async (candidate) => {
    tried.push(candidate);
    // The first time, another server takes the port between freePort's answer and the bind.
    if (tried.length === 1) servers.push(await listen(candidate));
    servers.push(await listen(candidate));
    return candidate;
  });
  expect(tried).toHaveLength(2);
  expect(port).toBe(tried[1]);
  expect(tried[1]).not.toBe(tried[0]);
});

test('any other failure is thrown at once, without another start', async () => {
  let starts = 0;
  await expect(
    onFreePort(async () => {
      starts += 1;
      throw new Error('moto_server exited before it was ready: No module named moto');
    }),
  ).rejects.toThrow('No module named moto');
  expect(starts).toBe(1);
});

test('a port taken every time ends with the bind error after the attempts', async () => {
  let starts = 0;
  await expect(
    onFreePort(async (candidate) => {
      starts += 1;
      servers.push(await listen(candidate));
      await listen(candidate);
    }, 3),
  ).rejects.toThrow(/EADDRINUSE|address already in use/i);
  expect(starts).toBe(3);
});
