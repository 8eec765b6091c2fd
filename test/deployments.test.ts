import { join } from 'node:path';
import { REPO_ROOT } from '@tandem/standins/harness';
import { condition, interpolate } from '../local/expressions.js';
import { loadWorkflow, suiteAction } from '../local/workflow.js';

// One GitHub deployment record per environment per run of the workflows users copy. GitHub files
// one for every job that runs with `environment:` (unless `deployment: false`), and
// rolling-deploy-behind-elb files one more when its github-deployment input is true.
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string; deployment?: boolean | string };
  steps: Array<{ uses?: string; with?: Record<string, string> }>;
}

function records(file: string, inputs: Record<string, string>): Record<string, number> {
  const { jobs } = loadWorkflow(join(REPO_ROOT, '.github/workflows', file)) as unknown as { jobs: Record<string, Job> };
  const results: Record<string, { result: string }> = {};
  const count: Record<string, number> = {};
  const add = (environment: string) => (count[environment] = (count[environment] ?? 0) + 1);
  for (const [id, job] of Object.entries(jobs)) {
    const needs = Object.fromEntries([job.needs ?? []].flat().map((need) => [need, results[need]]));
    const context = { vars: { AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/deploy' }, inputs, needs, job: { status: 'success' } };
    const runs = condition(job.if, context);
    results[id] = { result: runs ? 'success' : 'skipped' };
    if (!runs) continue;
    const environment = typeof job.environment === 'string' ? { name: job.environment } : job.environment;
    const deployment = environment?.deployment ?? true;
    // rollback.yml names its environment from an input.
    if (environment && (typeof deployment === 'boolean' ? deployment : condition(deployment, context))) add(interpolate(environment.name, context));
    for (const step of job.steps) {
      if (suiteAction(step.uses) === 'rolling-deploy-behind-elb' && step.with?.['github-deployment'] === 'true') add(step.with.environment);
    }
  }
  return count;
}

test('deploy.yml: one staging deployment record per push', () => {
  expect(records('deploy.yml', {})).toEqual({ staging: 1 });
});

test.each(['rollback-region', 'rollback-all'])('promote.yml, %s: one production deployment record, whatever the regions', (policy) => {
  expect(records('promote.yml', { release: 'current', regions: 'eu-west-1,us-west-2', 'on-region-failure': policy })).toEqual({ production: 1 });
});

test.each([
  ['both', 'production'],
  ['backend', 'production'],
  ['frontend', 'production'],
  ['both', 'staging'],
  ['frontend', 'staging'],
])('rollback.yml, tier %s of %s: one deployment record for that environment', (tier, environment) => {
  expect(records('rollback.yml', { tier, release: 'previous', environment, regions: '' })).toEqual({ [environment]: 1 });
});
