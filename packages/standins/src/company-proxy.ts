import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';

// The proxy a self-hosted runner inside a company network must send its traffic through: Squid
// from Debian, on loopback, caching nothing and logging each request it forwards (absolute-form
// requests for http:// endpoints, CONNECT tunnels for https:// ones). Squid keeps clients'
// connections alive as the proxies of companies do; tinyproxy does not, and leaves a reused
// connection hanging after a PUT, which is not what a runner meets.

export interface CompanyProxy {
  /** http://127.0.0.1:PORT, as HTTPS_PROXY or HTTP_PROXY would name it. */
  url: string;
  /** The requests the proxy forwarded so far, as "METHOD URL" ("GET http://127.0.0.1:5000/shop?list-type=2", "CONNECT host:443"). */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startCompanyProxy(): Promise<CompanyProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'company-proxy-'));
  // Squid started as root works as the "proxy" user: its logs must be writable by it.
  await chmod(dir, 0o777);
  const port = await freePort();
  const log = join(dir, 'access.log');
  const config = [
    `http_port 127.0.0.1:${port}`,
    'http_access allow localhost',
    'http_access deny all',
    'cache deny all',
    'strip_query_terms off',
    // Squid's native format: time, elapsed, client, code/status, bytes, method, URL, ...
    `access_log stdio:${log}`,
    `cache_log ${join(dir, 'cache.log')}`,
    'pid_filename none',
    `coredump_dir ${dir}`,
    'shutdown_lifetime 0 seconds',
  ].join('\n');
  await writeFile(join(dir, 'squid.conf'), `${config}\n`);
  // -N: in the foreground, so that it ends with stop().
  const child = spawn('squid', ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let ended: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.on('exit', (code, signal) => (ended = `code ${code ?? signal}: ${stderr.trim()}`));
  child.on('error', (error) => (ended = `squid could not be started (${error.message}): apt-get install squid (scripts/install-test-deps.sh)`));
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  await waitFor('squid', listening, 30_000, () => ended);
  return {
    url: `http://127.0.0.1:${port}`,
    async requests() {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields.length >= 7 && fields[5] !== '-' && fields[6] !== 'error:transaction-end-before-headers')
        .map((fields) => `${fields[5]} ${fields[6]}`);
    },
    async stop() {
      if (ended === undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
