import { createServer } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on right now (but anything may take it next). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, exited?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const early = exited?.();
    if (early) throw new Error(`${what} exited before it was ready: ${early}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms`);
}

/**
 * Starts a server on a port from freePort, and on a new port if another server took that one
 * first. freePort's port is free when it answers, but the server binds it only once it has
 * started (moto takes 0.5-25 s): in between, a server another worker starts can be handed the same
 * port. `start` must tell its own server from another one on the port (each server here answers
 * its ready check with a mark of its own: a registry's realm, moto's Server header) and fail with
 * the server's "address already in use" when it could not bind. Any other failure is thrown.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= attempts || !/address already in use/i.test(String(error))) throw error;
    }
  }
}
