import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { motoZygote, startMoto, type Moto } from '@tandem/standins/moto';
import { freePort } from '@tandem/standins/ports';

// moto servers are forks of one Python that has moto loaded (moto-zygote.py); moto-launch.py
// stands in between, so that what startMoto holds behaves as the server.
const PYTHON = process.env.MOTO_PYTHON ?? 'python3';
const LAUNCH = join(import.meta.dirname, '../src/moto-launch.py');
const ZYGOTE = join(import.meta.dirname, '../src/moto-zygote.py');

const s3 = (moto: Moto) => new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

/** The version id moto draws for a new object in a new versioned bucket. */
async function firstVersionId(moto: Moto): Promise<string | undefined> {
  const client = s3(moto);
  await client.send(new CreateBucketCommand({ Bucket: 'versions' }));
  await client.send(new PutBucketVersioningCommand({ Bucket: 'versions', VersioningConfiguration: { Status: 'Enabled' } }));
  return (await client.send(new PutObjectCommand({ Bucket: 'versions', Key: 'k', Body: 'x' }))).VersionId;
}

/** The processes whose parent is this pid. */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

/** Which of these processes listens on this loopback port (its socket's inode, in /proc/net/tcp). */
function listenerOf(port: number, among: number[]): number | undefined {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const line = readFileSync('/proc/net/tcp', 'utf8').split('\n').find((row) => {
    const fields = row.trim().split(/\s+/);
    return fields[1]?.endsWith(hexPort) && fields[3] === '0A';
  });
  const inode = line?.trim().split(/\s+/)[9];
  if (!inode) return undefined;
  return among.find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`);
    } catch {
      return false;
    }
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (await check()) return;
  }
  throw new Error(`not within ${ms / 1000} s: ${what}`);
}

/** Whether a process runs: a zombie, ended but not yet reaped, does not. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Starts moto-launch.py by hand on a port, as startMoto does, and waits for its server. */
async function launch(env: Record<string, string>, port: number) {
  const child = spawn(PYTHON, [LAUNCH, 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', env: { ...process.env, ...env } });
  const endpoint = `http://127.0.0.1:${port}`;
  await until(() => fetch(`${endpoint}/moto-api/`).then((answer) => answer.ok, () => false), 'the server answers');
  return { child, endpoint };
}

test('the zygote is ready, and two servers it forks keep separate state and draw different ids', async () => {
  const socket = await motoZygote();
  // In a jest run, the run's one zygote, in the run's folder (temp-root-setup.mjs).
  expect(socket).toBe(join(process.env.TANDEM_TEST_ROOT as string, 'moto-zygote', 'socket'));
  const [one, two] = await Promise.all([startMoto(), startMoto()]);
  try {
    const [first, second] = await Promise.all([firstVersionId(one), firstVersionId(two)]);
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(first).not.toBe(second);
    await one.reset();
    await expect(s3(two).send(new PutObjectCommand({ Bucket: 'versions', Key: 'still-there', Body: 'x' }))).resolves.toBeDefined();
  } finally {
    await Promise.all([one.stop(), two.stop()]);
  }
});

test('stop() ends the forked server, and a launcher killed outright takes its server with it', async () => {
  const socket = await motoZygote();
  if (!socket) throw new Error('no zygote');
  // The run's zygote, which any worker may have started: it writes its pid beside its socket.
  const zygote = Number(readFileSync(join(dirname(socket), 'pid'), 'utf8'));
  expect(readFileSync(`/proc/${zygote}/cmdline`, 'utf8')).toContain('moto-zygote.py');

  const stoppedPort = await freePort();
  const stopped = await launch({ TANDEM_MOTO_ZYGOTE: socket }, stoppedPort);
  const server = listenerOf(stoppedPort, childrenOf(zygote));
  if (!server) throw new Error('no child of the zygote listens on the server\'s port');
  // The launcher is a small process of its own; the server is the zygote's child.
  expect(server).not.toBe(stopped.child.pid);
  stopped.child.kill('SIGTERM');
  await once(stopped.child, 'exit');
  await until(() => !childrenOf(zygote).includes(server), 'the server ends with its launcher stopped');

  const killedPort = await freePort();
  const killed = await launch({ TANDEM_MOTO_ZYGOTE: socket }, killedPort);
  const orphan = listenerOf(killedPort, childrenOf(zygote));
  if (!orphan) throw new Error('no child of the zygote listens on the server\'s port');
  killed.child.kill('SIGKILL');
  await until(() => !childrenOf(zygote).includes(orphan), 'the server ends with its launcher killed');
  await until(() => fetch(`${killed.endpoint}/moto-api/`).then(() => false, () => true), 'nothing answers on its port');
});

test('a zygote outlives the process that started it and ends with the process it follows, stopping its servers', async () => {
  // As in a test run: a worker starts the zygote, jest may restart that worker, and the zygote
  // lives on for the other workers' servers until the run's jest process ends.
  const dir = mkdtempSync(join(tmpdir(), 'zygote-life-'));
  const socket = join(dir, 'socket');
  const run = spawn('sleep', ['600'], { stdio: 'ignore' });
  const starter = spawn('sh', ['-c', '"$0" "$1" "$2" "$3" > /dev/null 2>&1 & echo $!', PYTHON, ZYGOTE, socket, String(run.pid)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  starter.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
  await once(starter, 'exit');
  const zygote = Number(said.trim());
  let server: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    await until(() => existsSync(socket), 'the zygote is ready', 120_000);
    expect(running(starter.pid as number)).toBe(false);
    server = await launch({ TANDEM_MOTO_ZYGOTE: socket }, await freePort());
    expect(listenerOf(Number(new URL(server.endpoint).port), childrenOf(zygote))).toBeDefined();

    run.kill('SIGKILL');
    await until(() => !running(zygote), 'the zygote ends with the process it follows');
    await until(() => fetch(`${server?.endpoint}/moto-api/`).then(() => false, () => true), 'its server no longer answers');
    await until(() => server?.child.exitCode !== null, 'the server\'s launcher ends with it');
    expect(existsSync(socket)).toBe(false);
  } finally {
    run.kill('SIGKILL');
    server?.child.kill('SIGKILL');
    if (running(zygote)) process.kill(zygote, 'SIGKILL');
  }
}, 180_000);

test('with no zygote where TANDEM_MOTO_ZYGOTE points, the launcher starts the server itself', async () => {
  const { child, endpoint } = await launch({ TANDEM_MOTO_ZYGOTE: '/nonexistent/moto-zygote.socket' }, await freePort());
  try {
    expect((await fetch(`${endpoint}/moto-api/`)).status).toBe(200);
    expect(childrenOf(child.pid as number)).toEqual([]);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
