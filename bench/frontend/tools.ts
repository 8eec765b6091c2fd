// The tools the benchmark compares, each run as its users run it, against one moto server:
// the action's bundle, `aws s3 sync --delete` (Debian's awscli), `rclone sync --checksum` (Debian's) and
// the floor (floor.mjs). Every one gets the same concurrency.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_NODE, runBundle } from '@tandem/standins/harness';

export interface Measure {
  seconds: number;
  uploaded: number;
  /** The action's own log lines of its steps, for the reader. */
  steps?: string[];
}

// Debian's packages, as the comparison is meant: a Python environment's own `aws` (awscli 1.x from
// PyPI) may come first on PATH and is another program.
export const AWS_CLI = process.env.AWS_CLI ?? (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws');
export const RCLONE = process.env.RCLONE ?? 'rclone';

/** Runs a command to its end; throws with its stderr unless it exits 0. */
async function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.slice(0, 2).join(' ')} failed (${code}): ${stderr.slice(-1500)}`);
  return { seconds, stdout, stderr };
}

/**
 * The bundle starts as on a runner: compiled anew. The test harness keeps V8's compiled code
 * between runs (NODE_COMPILE_CACHE), which no runner has: it made every run 30 ms shorter.
 */
export const AS_ON_A_RUNNER = { NODE_DISABLE_COMPILE_CACHE: '1' };

/** A deploy by the action's bundle (`action`: another copy's folder, as bench/frontend/ab.ts passes). */
export async function actionSync(endpoint: string, bucket: string, dir: string, release: string, concurrency: number, action = 'build-and-sync-frontend'): Promise<Measure> {
  const started = performance.now();
  const run = await runBundle(action, {
    inputs: { bucket, 'source-dir': dir, 'build-command': 'none', 'release-id': release, concurrency: String(concurrency) },
    env: { AWS_ENDPOINT_URL: endpoint, ...AS_ON_A_RUNNER },
    timeoutMs: 1_800_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.code !== 0) throw new Error(`the action failed: ${run.errors.join('; ')}\n${run.stdout.slice(-2000)}`);
  const steps = run.stdout.split('\n').filter((line) => /^(Read the bucket|Hashed|Planned|Published)/.test(line));
  return { seconds, uploaded: Number(run.outputs.uploaded), steps };
}

/** The awscli configuration: path-style addressing, and the same concurrency as the others. */
export async function awsConfig(work: string, concurrency: number): Promise<string> {
  const config = join(work, `aws-config-${concurrency}`);
  await writeFile(config, `[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n    max_concurrent_requests = ${concurrency}\n`);
  return config;
}

export async function cliSync(endpoint: string, bucket: string, dir: string, config: string): Promise<Measure> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
  const run = await timed(AWS_CLI, ['s3', 'sync', dir, `s3://${bucket}/`, '--delete', '--no-progress', '--endpoint-url', endpoint], env);
  return { seconds: run.seconds, uploaded: run.stdout.split('\n').filter((line) => line.startsWith('upload:')).length };
}

/**
 * rclone compares MD5s with --checksum (a fresh build's mtimes say nothing) and lists the bucket
 * in one pass with --fast-list. It refuses to start when AWS_CA_BUNDLE is set (this machine sets
 * it for its proxy), so its environment leaves it out.
 */
export async function rcloneSync(endpoint: string, bucket: string, dir: string, concurrency: number): Promise<Measure> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const flags = ['--checksum', '--fast-list', '--transfers', String(concurrency), '--checkers', String(concurrency), '--stats', '0', '-v', '--s3-provider', 'Other'];
  const remote = ['--s3-endpoint', endpoint, '--s3-access-key-id', 'testing', '--s3-secret-access-key', 'testing', '--s3-region', 'us-east-1', '--s3-force-path-style', '--s3-no-check-bucket'];
  const run = await timed(RCLONE, ['sync', dir, `:s3:${bucket}`, ...flags, ...remote], env);
  return { seconds: run.seconds, uploaded: run.stderr.split('\n').filter((line) => /: Copied \((new|replaced existing)\)/.test(line)).length };
}

export async function floorSync(endpoint: string, bucket: string, dir: string, concurrency: number): Promise<Measure> {
  // The node the action's bundle runs on, so that both start alike.
  const run = await timed(BUNDLE_NODE, [join(import.meta.dirname, 'floor.mjs'), endpoint, bucket, dir, String(concurrency)], { ...process.env, NODE_NO_WARNINGS: '1', ...AS_ON_A_RUNNER });
  return { seconds: run.seconds, uploaded: JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}').uploaded };
}
