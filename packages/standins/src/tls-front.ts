import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';

// An https:// endpoint for moto, as AWS's endpoints are: TLS on loopback with a certificate made
// here (openssl), each connection passed on to moto as it is. A run that trusts the certificate
// (NODE_EXTRA_CA_CERTS=caFile) reaches it the way it reaches AWS, through a proxy's CONNECT tunnel
// when HTTPS_PROXY names one.

export interface TlsFront {
  /** https://127.0.0.1:PORT */
  endpoint: string;
  /** The certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  stop(): Promise<void>;
}

export async function startTlsFront(upstream: string): Promise<TlsFront> {
  const dir = await mkdtemp(join(tmpdir(), 'tls-front-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr || made.error?.message}`);
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  const server = createServer({ key: await readFile(key), cert: await readFile(cert) }, (client) => {
    const onward = connect(Number(target.port), target.hostname);
    for (const socket of [client, onward]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(onward).pipe(client);
    client.on('error', () => onward.destroy());
    onward.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caFile: cert,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
