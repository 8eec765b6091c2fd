import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { actionManifest, REPO_ROOT } from '@tandem/standins/harness';
import { loadWorkflow, suiteAction } from '../local/workflow.js';
import { MAX_SESSION_SECONDS } from '../infra/src/session.js';

// The workflows users copy must only call steps that exist, with inputs those steps declare, and
// read only outputs they declare: a renamed input or output fails here, not in a user's deploy.
const WORKFLOWS = ['deploy.yml', 'promote.yml', 'rollback.yml'];
const ACTIONS = readdirSync(join(REPO_ROOT, 'actions'));

interface Manifest {
  inputs?: Record<string, { required?: boolean; default?: string }>;
  outputs?: Record<string, unknown>;
}

const cases = WORKFLOWS.flatMap((file) => {
  const workflow = loadWorkflow(join(REPO_ROOT, '.github/workflows', file));
  return Object.entries(workflow.jobs).flatMap(([job, spec]) =>
    spec.steps.filter((step) => suiteAction(step.uses)).map((step) => ({ file, job, step, action: suiteAction(step.uses) as string, jobSpec: spec })),
  );
});

test('the workflows call the suite', () => {
  expect(new Set(cases.map((c) => c.action))).toEqual(
    new Set(['build-and-sync-frontend', 'invalidate-cdn', 'build-push-django-image', 'rolling-deploy-behind-elb', 'verify-shared-storage']),
  );
});

test.each(cases.map((c) => [`${c.file} ${c.job}: ${c.step.name ?? c.action}`, c] as const))('%s', (_, { action, step, jobSpec }) => {
  expect(ACTIONS).toContain(action);
  const manifest = actionManifest(action) as unknown as Manifest;
  const declared = Object.keys(manifest.inputs ?? {});
  for (const input of Object.keys(step.with ?? {})) expect(declared).toContain(input);
  for (const [input, spec] of Object.entries(manifest.inputs ?? {})) {
    if (spec.required && spec.default === undefined) expect(Object.keys(step.with ?? {})).toContain(input);
  }
  // Every steps.<id>.outputs.<name> the job reads is an output of that step's action.
  const text = JSON.stringify(jobSpec);
  for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    const producer = jobSpec.steps.find((candidate) => candidate.id === id);
    expect(producer).toBeDefined();
    // A run step's outputs are what its script writes (local/test/workflow.test.ts runs them).
    if (producer?.run !== undefined) continue;
    const producerOutputs = Object.keys((actionManifest(suiteAction(producer?.uses) as string) as unknown as Manifest).outputs ?? {});
    expect(producerOutputs).toContain(output);
  }
});

/** A duration input as the actions read it: 30m, 1h, 90s. */
const minutes = (text: string) => {
  const [, amount, unit] = /^(\d+)([smh])$/.exec(text) ?? [];
  return Number(amount) * { s: 1 / 60, m: 1, h: 60 }[unit as 's' | 'm' | 'h'];
};

// A rollout the job or the credentials give up on goes on in ECS unwatched: each job that rolls
// out may run for its wait-timeout and as long again for a rollback (and 30 minutes more when it
// rolls back to a chosen release, whose image ECR may have archived since: 'previous' served a
// moment ago), and its role session lasts the whole job.
const rollouts = cases.filter((c) => c.action === 'rolling-deploy-behind-elb');

test.each(rollouts.map((c) => [`${c.file} ${c.job}`, c] as const))('%s: the job and its role session last as long as the rollout and its rollback may', (_, { step, jobSpec }) => {
  const job = jobSpec as typeof jobSpec & { 'timeout-minutes'?: number };
  const inputs = step.with ?? {};
  const wait = minutes(String(inputs['wait-timeout'] ?? actionManifest('rolling-deploy-behind-elb').inputs?.['wait-timeout']?.default ?? ''));
  const restore = inputs['rollback-to'] && inputs['rollback-to'] !== 'previous' ? 30 : 0;
  expect(job['timeout-minutes']).toBeGreaterThanOrEqual(restore + 2 * wait);
  const credentials = jobSpec.steps.find((candidate) => candidate.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  const session = Number((credentials?.with as Record<string, unknown> | undefined)?.['role-duration-seconds'] ?? 3600);
  expect(session).toBeGreaterThanOrEqual((job['timeout-minutes'] ?? 360) * 60);
  expect(session).toBeLessThanOrEqual(MAX_SESSION_SECONDS);
});
