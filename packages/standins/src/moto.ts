import childProcess, { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePort, waitFor } from './ports.js';
import { startZygote } from './zygote-start.mjs';

export interface Moto {
  endpoint: string;
  /** Clears every resource (POST /moto-api/reset). The default VPC comes back with new ids. */
  reset(): Promise<void>;
  /** Calls any moto-api path, for state-manager transitions or IAM enforcement. */
  api(path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

const PYTHON = process.env.MOTO_PYTHON ?? 'python3';

/**
 * What to say when the server ended before answering. A Python without moto is found this way,
 * from the server's own ImportError, rather than by a probe before each start: the probe imports
 * moto in a process of its own, 1.1 CPU-seconds (quiet machine) for every server the suite starts.
 */
function whyEnded(stderr: string, ended: string): string {
  const missing = /No module named '([^']+)'/.exec(stderr);
  if (!missing) return ended;
  return `the moto server cannot import '${missing[1]}' in ${PYTHON}. Install moto[server] 5 for it, or set MOTO_PYTHON to a Python that has it.`;
}

/** How startMoto runs the server. */
export interface MotoOptions {
  /** A launcher to run instead of moto's own entry (MOTO_ROLLOUTS, MOTO_S3_IAM). */
  script?: string;
  /** Variables for the server's environment (the launchers' settings). */
  env?: Record<string, string>;
  /**
   * Ends with this process rather than with stop(): the server watches a pipe from this process
   * and keeps nothing here alive (useMoto shares such a server between the files of a worker).
   */
  owned?: boolean;
}

/**
 * Starts a moto server on a free loopback port, through moto-launch.py (the patches every server
 * gets). With `script`, runs that Python file instead of moto's own entry (the rollout launcher
 * wraps moto's ECS model, then calls moto.server.main).
 */
export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  // The mark this server answers with in its Server header (moto-launch.py): its ready check then
  // cannot be answered by another moto of the run that got the same port (onFreePort).
  const mark = randomUUID();
  return onFreePort((port) => startMotoOn(port, mark, options));
}

const ZYGOTE = Symbol.for('@tandem/standins/moto-zygote');

/**
 * The socket of a moto-zygote.py that has moto loaded, or undefined when none could start: each
 * server then loads moto itself, as before. In a jest run (TANDEM_TEST_ROOT, temp-root-setup.mjs)
 * there is one for the run, in the run's folder, started once (about 7 CPU-seconds on a two-core
 * machine): by jest's own process before the workers when the run holds files that use moto,
 * else by the first worker that needs it. The others wait for its socket, which appears only once
 * it is ready. It ends with the run's jest process (TANDEM_TEST_RUN_PID), not with the worker that
 * started it: jest replaces a worker that crashed or outgrew workerIdleMemoryLimit
 * (when one is set), and the zygote serves every worker's servers. A launcher that finds no
 * zygote loads moto itself. Elsewhere (a benchmark, the local run) the process has one of its own, which ends with
 * it. The promise is kept on a core module, as useMoto keeps its servers, so that every file of a
 * worker shares it.
 */
export function motoZygote(): Promise<string | undefined> {
  const holder = childProcess as unknown as Record<symbol, Promise<string | undefined> | undefined>;
  return (holder[ZYGOTE] ??= findOrStartZygote());
}

async function findOrStartZygote(): Promise<string | undefined> {
  const root = process.env.TANDEM_TEST_ROOT;
  const dir = root ? join(root, 'moto-zygote') : mkdtempSync(join(tmpdir(), 'moto-zygote-'));
  const socket = join(dir, 'socket');
  if (root) {
    try {
      mkdirSync(dir);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EEXIST' ? zygoteStartedElsewhere(dir, socket) : undefined;
    }
  }
  const follow = (root && process.env.TANDEM_TEST_RUN_PID) || String(process.pid);
  return startZygote(PYTHON, dir, follow);
}

/** The socket of the zygote another worker started, once it is ready; undefined if it failed. */
function zygoteStartedElsewhere(dir: string, socket: string): Promise<string | undefined> {
  const failed = () => (existsSync(join(dir, 'failed')) ? 'it could not start' : undefined);
  return waitFor('the moto zygote', async () => existsSync(socket), 120_000, failed).then(() => socket, () => undefined);
}

async function startMotoOn(port: number, mark: string, options: MotoOptions): Promise<Moto> {
  const listen = ['-H', '127.0.0.1', '-p', String(port)];
  const args = [MOTO_LAUNCH, ...(options.owned ? ['--owned'] : []), options.script ?? 'moto.server', ...listen];
  const zygote = await motoZygote();
  const env = { ...process.env, ...options.env, TANDEM_SERVER_MARK: mark, ...(zygote ? { TANDEM_MOTO_ZYGOTE: zygote } : {}) };
  const child: ChildProcess = spawn(PYTHON, args, { stdio: [options.owned ? 'pipe' : 'ignore', 'ignore', 'pipe'], env });
  if (options.owned) {
    child.unref();
    (child.stdin as unknown as { unref(): void } | null)?.unref();
    (child.stderr as unknown as { unref(): void } | null)?.unref();
  }
  let stderr = '';
  let exit: string | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    exit = whyEnded(stderr, `code ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  });
  child.on('error', (error) => {
    exit = `${PYTHON} could not be started (${error.message}): set MOTO_PYTHON to a Python that has moto[server] 5`;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // About 0.5 s on a quiet machine; 16-25 s were measured with two cores under a load of 25.
  const ours = async () => {
    const answer = await fetch(`${endpoint}/moto-api/`);
    return answer.status === 200 && (answer.headers.get('server') ?? '').includes(mark);
  };
  await waitFor('moto_server', ours, 90_000, () => exit).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });
  const api = (path: string, body?: unknown) =>
    fetch(`${endpoint}/moto-api/${path}`, {
      method: body === undefined && path === '' ? 'GET' : 'POST',
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    endpoint,
    api,
    async reset() {
      const response = await api('reset', '');
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** Points every SDK client created afterwards in this process at moto, through the SDK's own variable. */
export function useMotoEndpoint(moto: Moto): void {
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
}

/** moto with the ECS rollout lifecycle (and the paging) that moto leaves out: startMoto({ script: MOTO_ROLLOUTS }). */
export const MOTO_ROLLOUTS = join(import.meta.dirname, 'moto-rollouts.py');
/** moto whose S3 authorisation follows AWS where moto 5.2 differs: startMoto({ script: MOTO_S3_IAM }). */
export const MOTO_S3_IAM = join(import.meta.dirname, 'moto-s3-iam.py');
/** Both of those, and ECS services, Fargate task definitions and VPCs from CloudFormation as AWS makes them (moto-cfn-ecs.py). */
export const MOTO_AWS = join(import.meta.dirname, 'moto-aws.py');
const MOTO_LAUNCH = join(import.meta.dirname, 'moto-launch.py');
