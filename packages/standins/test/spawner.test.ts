import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnLight } from '@tandem/standins/spawner';

const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** Runs a shell script through the spawner host, with its output collected. */
async function sh(script: string, options: { cwd?: string; env?: Record<string, string>; onStdout?(text: string): void } = {}) {
  let stdout = '';
  let stderr = '';
  const child = spawnLight('sh', ['-c', script], {
    cwd: options.cwd ?? tmpdir(),
    env: { PATH, ...options.env },
    onStdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    onStderr: (text) => (stderr += text),
  });
  return { child, done: child.closed.then((end) => ({ ...end, stdout, stderr })) };
}

test('the child gets its folder and environment, and its output and exit code come back', async () => {
  const folder = await realpath(await mkdtemp(join(tmpdir(), 'spawner-')));
  const { done } = await sh('printf "%s\\n" "$GREETING"; pwd; echo warning >&2; exit 3', { cwd: folder, env: { GREETING: 'hello there' } });
  expect(await done).toEqual({ code: 3, signal: null, stdout: `hello there\n${folder}\n`, stderr: 'warning\n' });
});

test('a character whose bytes arrive in two writes comes back whole', async () => {
  const { done } = await sh("printf '\\303'; sleep 0.2; printf '\\251 fin'");
  expect((await done).stdout).toBe('\u00e9 fin');
});

test('the child is forked from the host, one host for the worker, not from the worker itself', async () => {
  const first = await (await sh('echo $PPID')).done;
  const second = await (await sh('echo $PPID')).done;
  expect(Number(first.stdout)).toBeGreaterThan(0);
  expect(first.stdout).not.toBe(`${process.pid}\n`);
  expect(second.stdout).toBe(first.stdout);
});

test('kill sends the signal, and the end says which', async () => {
  const { child, done } = await sh('echo started; exec sleep 30', { onStdout: () => child.kill('SIGTERM') });
  expect(await done).toMatchObject({ code: null, signal: 'SIGTERM', stdout: 'started\n' });
});

test('a command that does not exist is refused with its error', async () => {
  const child = spawnLight('no-such-command-here', [], { cwd: tmpdir(), env: { PATH } });
  await expect(child.closed).rejects.toMatchObject({ code: 'ENOENT' });
});

test('a command Node refuses before starting it (a NUL byte in its name) is refused too, not left waiting', async () => {
  const child = spawnLight('sh\u0000', [], { cwd: tmpdir(), env: { PATH } });
  await expect(child.closed).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
});

test('a host that ends while its child runs fails that run, and the next run gets a new host', async () => {
  let pids: string[] = [];
  const { done } = await sh('echo $PPID $$; exec sleep 5', {
    onStdout: (text) => {
      pids = text.trim().split(' ');
      process.kill(Number(pids[0]), 'SIGKILL');
    },
  });
  await expect(done).rejects.toThrow(/the spawner host ended \(SIGKILL\) while its children ran/);
  process.kill(Number(pids[1]), 'SIGKILL');
  const next = await (await sh('echo $PPID')).done;
  expect(next.code).toBe(0);
  expect(next.stdout).not.toBe(`${pids[0]}\n`);
});
