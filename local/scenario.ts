// The shop's releases as the workflows ship them: a workspace laid out like a user's repository
// (frontend/ with the React app, backend/ with the Django project), deploy.yml to staging for
// each release, promote.yml to production, rollback.yml by hand on either. Shared by the local
// demo and the end-to-end tests.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@tandem/standins/harness';
import { productionOverrides, type Production } from './production.js';
import type { LocalStack, Shop } from './stack.js';
import { localOverrides } from './stack.js';
import { recordPushes } from './pushes.js';
import { runWorkflow, type JobResult, type StepReport } from './workflow.js';

export const DEPLOY = join(REPO_ROOT, '.github/workflows/deploy.yml');
export const ROLLBACK = join(REPO_ROOT, '.github/workflows/rollback.yml');
export const PROMOTE = join(REPO_ROOT, '.github/workflows/promote.yml');

/** A commit id for each release: what GITHUB_SHA would be. */
export function releaseSha(n: number): string {
  return `${String(n).repeat(8)}${'0'.repeat(32)}`.slice(0, 40);
}

export async function prepareWorkspace(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'shop-repo-'));
  const skip = (source: string) => !/\/(node_modules|dist)(\/|$)/.test(source);
  await cp(join(REPO_ROOT, 'examples/react'), join(workspace, 'frontend'), { recursive: true, filter: skip });
  await cp(join(REPO_ROOT, 'examples/django'), join(workspace, 'backend'), { recursive: true, filter: skip });
  return workspace;
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  await writeFile(file, text.replace(from, to));
}

/** The second release changes one React component and one Django view. */
export async function changeForSecondRelease(workspace: string): Promise<void> {
  await edit(join(workspace, 'frontend/src/release.js'), "'Spring collection'", "'Summer collection'");
  await edit(join(workspace, 'backend/catalog/views.py'), '"price": str(product.price),', '"price": str(product.price),\n        "currency": "EUR",');
}

export interface RunContext {
  stack: LocalStack;
  shop: Shop;
  workspace: string;
  /** Production, for promote.yml and production's rollbacks. */
  production?: Production;
  onStep?: (workflow: string, report: StepReport) => void;
}

function productionOf(context: RunContext): Production {
  if (!context.production) throw new Error('this run has no production environment: createProduction first');
  return context.production;
}

export interface PromoteOptions {
  release?: string;
  regions?: string;
  onRegionFailure?: 'rollback-region' | 'rollback-all';
  /** A region whose rollout fails: its image comes from the registry whose images fail their tasks. */
  failingRegion?: string;
  /** Production variables to change for this run. */
  vars?: Record<string, string>;
}

/** promote.yml, as "Run workflow" with these inputs starts it. */
export function promote(context: RunContext, options: PromoteOptions = {}): Promise<Record<string, JobResult>> {
  const production = productionOf(context);
  const release = options.release ?? 'current';
  return runWorkflow(PROMOTE, {
    vars: { ...production.vars, ...options.vars },
    inputs: { release, regions: options.regions ?? '', 'on-region-failure': options.onRegionFailure ?? 'rollback-region' },
    sha: 'e'.repeat(40),
    eventName: 'workflow_dispatch',
    workspace: context.workspace,
    env: context.stack.env,
    afterStep: recordPushes(context.stack),
    ...productionOverrides(context.stack, options.failingRegion),
    onStep: (report) => context.onStep?.(`promote ${release.slice(0, 8)}`, report),
  });
}

export function deploy(context: RunContext, sha: string, vars: Record<string, string> = {}): Promise<Record<string, JobResult>> {
  return runWorkflow(DEPLOY, {
    vars: { ...context.shop.vars, ...vars },
    sha,
    eventName: 'push',
    workspace: context.workspace,
    env: context.stack.env,
    afterStep: recordPushes(context.stack),
    overrides: localOverrides(context.stack),
    onStep: (report) => context.onStep?.(`deploy ${sha.slice(0, 7)}`, report),
  });
}

export function rollback(
  context: RunContext,
  release: string,
  tier: 'both' | 'frontend' | 'backend',
  environment: 'staging' | 'production' = 'staging',
): Promise<Record<string, JobResult>> {
  const production = environment === 'production' ? productionOf(context) : undefined;
  return runWorkflow(ROLLBACK, {
    vars: production ? production.vars : context.shop.vars,
    inputs: { release, tier, environment, regions: '' },
    sha: 'f'.repeat(40),
    eventName: 'workflow_dispatch',
    workspace: context.workspace,
    env: context.stack.env,
    afterStep: recordPushes(context.stack),
    ...(production ? productionOverrides(context.stack) : { overrides: localOverrides(context.stack) }),
    onStep: (report) => context.onStep?.(`rollback ${environment === 'staging' ? '' : `${environment} `}to ${release.slice(0, 8)}`, report),
  });
}
