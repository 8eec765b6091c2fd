// The small process that starts the bundle runs of one jest worker, as spawner.ts asks over its
// IPC channel: a child is forked from this process's few megabytes rather than from the worker's
// heap of up to 1.7 GB (spawner.ts says why that matters). It ends with the worker: when the
// channel closes, it kills what it started and exits.
import { spawn } from 'node:child_process';

const children = new Map();
const send = (message) => {
  if (process.connected) process.send(message);
};

process.on('message', (message) => {
  const { id } = message;
  if (message.op === 'kill') {
    children.get(id)?.kill(message.signal);
    return;
  }
  let child;
  try {
    child = spawn(message.command, message.args, { cwd: message.cwd, env: message.env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // Refused before any process existed (an argument Node rejects): no 'close' will follow.
    send({ id, type: 'error', message: error.message, code: error.code });
    send({ id, type: 'close', code: null, signal: null });
    return;
  }
  children.set(id, child);
  // Decoded here, a character split between two chunks included: the worker keeps text only.
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (data) => send({ id, type: 'stdout', data }));
  child.stderr.on('data', (data) => send({ id, type: 'stderr', data }));
  child.on('error', (error) => send({ id, type: 'error', message: error.message, code: error.code }));
  // 'close' comes after both pipes have ended, so the worker has every chunk before it.
  child.on('close', (code, signal) => {
    children.delete(id);
    send({ id, type: 'close', code, signal });
  });
});

process.on('disconnect', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
});
