import childProcess from 'node:child_process';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '@tandem/kit';
import { startMoto, type Moto, type MotoOptions } from './moto.js';

export interface UseMotoOptions {
  /** A launcher instead of moto's own server (MOTO_ROLLOUTS, MOTO_S3_IAM). */
  script?: string;
  /** The launcher's settings. Servers are shared only between files that ask for the same ones. */
  env?: Record<string, string>;
  /** Points the SDK of the test process at moto (AWS_ENDPOINT_URL) while the file runs. Default true. */
  endpoint?: boolean;
  /** 'each' (default): moto is reset before every test; 'file': once, before the file's first test. */
  reset?: 'each' | 'file';
  /** Buckets made after every reset, before the file's own beforeEach. */
  buckets?: string[];
}

export interface SharedMoto extends Moto {
  /** An S3 client on this moto, with the kit's settings and `maxAttempts` (default 3). */
  s3(maxAttempts?: number): S3Client;
}

type Servers = Map<string, Promise<Moto>>;
const SERVERS = Symbol.for('@tandem/standins/moto-servers');

// Jest gives every test file its own module registry, so a cache kept in a module would start a
// server per file (2-25 s each on a loaded two-core machine). The core modules are the worker
// process's own and shared by all the files it runs: the servers are kept on one of them. Files
// of one worker run one after another, so each file has the server to itself.
function servers(): Servers {
  const holder = childProcess as unknown as Record<symbol, Servers | undefined>;
  return (holder[SERVERS] ??= new Map());
}

async function sharedServer(options: MotoOptions): Promise<Moto> {
  const key = JSON.stringify([options.script ?? '', Object.entries(options.env ?? {}).sort()]);
  const known = servers().get(key);
  if (known) {
    const moto = await known.catch(() => undefined);
    if (moto && (await moto.api('').then((response) => response.ok, () => false))) return moto;
  }
  const started = startMoto({ ...options, owned: true });
  servers().set(key, started);
  return started;
}

/**
 * The worker's moto server for these options, left as a new one would be: reset, IAM enforcement
 * off (an earlier file may have turned it on), no state-manager transition held. For files that
 * start moto in their own beforeAll rather than through useMoto; its stop() is a no-op, since the
 * server is the worker's and ends with it.
 */
export async function sharedMoto(options: MotoOptions = {}): Promise<Moto> {
  const server = await sharedServer({ script: options.script, env: options.env });
  await server.api('reset-auth', String(1_000_000_000));
  await server.api('state-manager/unset-transition', { model_name: 'ecs::task' });
  await server.reset();
  return { endpoint: server.endpoint, reset: () => server.reset(), api: (path, body) => server.api(path, body), stop: async () => undefined };
}

function s3Client(endpoint: string, maxAttempts: number): S3Client {
  return new S3Client({ ...awsClientConfig({ region: 'us-east-1', maxAttempts }, 'test'), endpoint });
}

/**
 * What every file that talks to moto needs, as jest hooks: the worker's moto server for these
 * options (started once per worker, ended with it), left as a new one would be before the file's
 * first test (reset, IAM enforcement off, no state-manager transition), reset again before each
 * test unless `reset: 'file'`, the named buckets made, and AWS_ENDPOINT_URL set for the file.
 * The returned moto's stop() is a no-op: the server is the worker's.
 */
export function useMoto(options: UseMotoOptions = {}): SharedMoto {
  let server: Moto | undefined;
  const current = (): Moto => {
    if (!server) throw new Error('useMoto: moto is used before its beforeAll ran');
    return server;
  };
  const makeBuckets = async () => {
    if (!options.buckets?.length) return;
    const s3 = s3Client(current().endpoint, 3);
    for (const bucket of options.buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  };
  beforeAll(async () => {
    server = await sharedMoto({ script: options.script, env: options.env });
    if (options.endpoint !== false) process.env.AWS_ENDPOINT_URL = server.endpoint;
    if (options.reset === 'file') await makeBuckets();
  }, 120_000);
  if (options.reset !== 'file') {
    beforeEach(async () => {
      // A test that turned enforcement on and failed before turning it off leaves it on.
      await current().api('reset-auth', String(1_000_000_000));
      await current().reset();
      await makeBuckets();
    });
  }
  afterAll(() => {
    if (options.endpoint !== false) delete process.env.AWS_ENDPOINT_URL;
  });
  return {
    get endpoint() {
      return current().endpoint;
    },
    reset: () => current().reset(),
    api: (path, body) => current().api(path, body),
    stop: async () => undefined,
    s3: (maxAttempts = 3) => s3Client(current().endpoint, maxAttempts),
  };
}
