// Starts the run's moto zygote (moto-zygote.py) in a folder that holds its socket, its log and,
// when it ended before it was ready, a file named `failed`. Shared by moto.ts (the first worker
// that needs moto starts it) and temp-root-setup.mjs (jest's own process starts it before the
// workers, when the run holds files that use moto; sequencer.mjs tells it so): the workers then
// find the folder there and wait for the socket, which appears only once the zygote is ready.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MOTO_ZYGOTE = join(import.meta.dirname, 'moto-zygote.py');

/**
 * Spawns the zygote with `python`, to end with process `follow`. Resolves with its socket once it
 * is ready, or with undefined (and a `failed` file in `dir`) when it ended first. It is held by
 * this process until ready, then let go.
 */
export function startZygote(python, dir, follow) {
  const socket = join(dir, 'socket');
  return new Promise((resolve) => {
    // Its errors go to a file beside its socket: it may outlive the process that started it, and
    // a jest worker's stderr pipe held open by it would keep jest's own process from ever seeing
    // that worker's end.
    const log = openSync(join(dir, 'log'), 'a');
    const zygote = spawn(python, [MOTO_ZYGOTE, socket, follow], { stdio: ['ignore', 'pipe', log] });
    closeSync(log);
    let ready = false;
    // Before it is ready, the workers waiting for it are told; after, a launcher that finds no
    // zygote loads moto itself.
    const failed = () => {
      if (ready) return;
      // What it said on the way out, where a worker's own stderr would have shown it.
      const said = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n').slice(-5).join('\n');
      console.warn(`the moto zygote could not start; each moto server loads moto itself${said ? `:\n${said}` : ''}`);
      writeFileSync(join(dir, 'failed'), '');
      resolve(undefined);
    };
    zygote.on('error', failed);
    zygote.on('exit', failed);
    let said = '';
    zygote.stdout.on('data', (chunk) => {
      said += chunk.toString();
      if (ready || !said.includes('ready\n')) return;
      ready = true;
      zygote.unref();
      zygote.stdout.unref();
      resolve(socket);
    });
  });
}
