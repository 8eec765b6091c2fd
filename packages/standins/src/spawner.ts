// Starts a child process through a small host process (spawner-host.mjs), one per jest worker,
// rather than from the worker itself.
//
// Why: libuv forks on Linux, and a fork costs the parent in proportion to its memory: the kernel
// copies its page tables, and every page the parent writes afterwards faults once to be copied.
// A jest worker's heap grows to 0.4-1.7 GB over a run (Node 20 keeps each test file's context),
// and the four workers start about a thousand processes in a full run, 552 of them bundle runs.
// Measured in a full run, the spawn call alone took a worker 10 ms of CPU on average (17 ms at a
// 690 MB RSS); a Node 20 process of 945 MB that forks /bin/true and then allocates and writes as
// a test does spent about 40 ms more per fork than one that does not (40 forks each), the page
// faults after the fork weighing four times the fork itself. Forked from the host's few
// megabytes, a child costs the worker only the messages that carry its output.
//
// The host is forked once per worker, kept on a core module (shared by every test file of the
// worker, as motoZygote is), and holds the worker's event loop open only while a child runs.
import childProcess, { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const HOST = join(import.meta.dirname, 'spawner-host.mjs');
const KEY = Symbol.for('@tandem/standins/spawner');

type HostMessage =
  | { id: number; type: 'stdout' | 'stderr'; data: string }
  | { id: number; type: 'error'; message: string; code?: string }
  | { id: number; type: 'close'; code: number | null; signal: NodeJS.Signals | null };

interface Pending {
  onOutput(stream: 'stdout' | 'stderr', data: string): void;
  onError(error: Error): void;
  onClose(code: number | null, signal: NodeJS.Signals | null): void;
}

interface Host {
  process: ChildProcess;
  pending: Map<number, Pending>;
  next: number;
}

export interface LightChild {
  /** Ends with the child: its exit code, or null and the signal that ended it. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export interface LightSpawnOptions {
  cwd: string;
  env: Record<string, string>;
  onStdout?(text: string): void;
  onStderr?(text: string): void;
}

function hold(host: Host): void {
  host.process.ref();
  host.process.channel?.ref();
}

function release(host: Host): void {
  host.process.unref();
  host.process.channel?.unref();
}

function startHost(): Host {
  // No flags of the worker's (its --experimental-vm-modules, --single-threaded): the host only
  // passes messages. Its stderr is the worker's, for the unexpected.
  const child = fork(HOST, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const host: Host = { process: child, pending: new Map(), next: 1 };
  child.on('message', (message: HostMessage) => {
    const entry = host.pending.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'stdout':
      case 'stderr':
        entry.onOutput(message.type, message.data);
        break;
      case 'error':
        entry.onError(Object.assign(new Error(message.message), { code: message.code }));
        break;
      case 'close':
        host.pending.delete(message.id);
        if (host.pending.size === 0) release(host);
        entry.onClose(message.code, message.signal);
    }
  });
  child.on('exit', (code, signal) => {
    if (holder()[KEY] === host) holder()[KEY] = undefined;
    const error = new Error(`the spawner host ended (${signal ?? `exit code ${code}`}) while its children ran`);
    const entries = [...host.pending.values()];
    host.pending.clear();
    for (const entry of entries) entry.onError(error);
  });
  release(host);
  return host;
}

const holder = () => childProcess as unknown as Record<symbol, Host | undefined>;

/**
 * Runs `command` with `args`, stdin closed and stdout and stderr read as text, from the worker's
 * spawner host: the child sees the same environment, folder and pipes as one spawned here.
 */
export function spawnLight(command: string, args: string[], options: LightSpawnOptions): LightChild {
  const host = (holder()[KEY] ??= startHost());
  const id = host.next++;
  let failure: Error | undefined;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    host.pending.set(id, {
      onOutput: (stream, data) => (stream === 'stdout' ? options.onStdout : options.onStderr)?.(data),
      // A child that could not start also closes: its error is the answer then.
      onError: (error) => {
        failure ??= error;
        if (!host.pending.has(id)) reject(failure);
      },
      onClose: (code, signal) => (failure ? reject(failure) : resolve({ code, signal })),
    });
  });
  hold(host);
  host.process.send({ id, op: 'spawn', command, args, cwd: options.cwd, env: options.env });
  return {
    closed,
    kill: (signal) => {
      if (host.pending.has(id)) host.process.send({ id, op: 'kill', signal });
    },
  };
}
