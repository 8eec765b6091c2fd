// Runs a workflow file's jobs on this machine the way the runner would for the suite's own
// steps: jobs in `needs` order with their `if:`, each `uses: …/actions/<name>@…` step through
// its built bundle (INPUT_* from `with:`, outputs read back from GITHUB_OUTPUT), post steps at
// the end of the job. Steps of other actions (checkout, setup-node, configure-aws-credentials)
// are provided by the local stack instead and are listed as such.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { actionManifest, runBundle, type BundleRun } from '@tandem/standins/harness';
import { condition, interpolate, type Context } from './expressions.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  outputs?: Record<string, string>;
}
interface Workflow {
  name: string;
  jobs: Record<string, Job>;
}

export interface StepReport {
  job: string;
  step: string;
  action?: string;
  status: 'success' | 'failure' | 'skipped' | 'provided';
  durationMs: number;
  inputs: Record<string, string>;
  run?: BundleRun;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
}

export interface WorkflowOptions {
  vars: Record<string, string>;
  inputs?: Record<string, string>;
  sha: string;
  eventName: string;
  workspace: string;
  /** Environment for every step: the stand-ins' endpoints and credentials. */
  env: Record<string, string>;
  /** Inputs added to a given action's steps, for what differs on this machine (a local registry). */
  overrides?: Record<string, Record<string, string>>;
  onStep?: (report: StepReport) => void;
}

const SUITE_STEP = /^[\w.-]+\/[\w.-]+\/actions\/([\w-]+)@[\w.-]+$|^\.\/actions\/([\w-]+)$/;

export function suiteAction(uses: string | undefined): string | undefined {
  const match = uses ? SUITE_STEP.exec(uses) : null;
  return match ? match[1] ?? match[2] : undefined;
}

export function loadWorkflow(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow;
}

function jobOrder(workflow: Workflow): string[] {
  const order: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`jobs depend on each other in a cycle: ${[...path, name].join(' -> ')}`);
    for (const need of needsOf(workflow.jobs[name])) visit(need, [...path, name]);
    order.push(name);
  };
  Object.keys(workflow.jobs).forEach((name) => visit(name, []));
  return order;
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

export async function runWorkflow(file: string, options: WorkflowOptions): Promise<Record<string, JobResult>> {
  const workflow = loadWorkflow(file);
  const results: Record<string, JobResult> = {};
  for (const name of jobOrder(workflow)) {
    const job = workflow.jobs[name];
    const needs = Object.fromEntries(needsOf(job).map((need) => [need, results[need]]));
    const upstreamFailed = Object.values(needs).some((need) => need.result !== 'success');
    const context = baseContext(options, { needs, job: { status: upstreamFailed ? 'failure' : 'success' } });
    if (!condition(job.if, context)) {
      results[name] = { result: 'skipped', outputs: {} };
      continue;
    }
    results[name] = await runJob(name, job, options, context);
  }
  return results;
}

function baseContext(options: WorkflowOptions, extra: Context): Context {
  return {
    vars: options.vars,
    inputs: options.inputs ?? {},
    github: { sha: options.sha, event_name: options.eventName, token: 'local-token', repository: 'example/shop', ref: 'refs/heads/main' },
    env: {},
    ...extra,
  };
}

async function runJob(name: string, job: Job, options: WorkflowOptions, context: Context): Promise<JobResult> {
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const posts: Array<{ action: string; main: BundleRun }> = [];
  let status: 'success' | 'failure' = 'success';
  for (const [index, step] of job.steps.entries()) {
    const label = step.name ?? step.uses ?? step.run ?? `step ${index + 1}`;
    const stepContext = { ...context, steps, job: { status } };
    const action = suiteAction(step.uses);
    if (!condition(step.if, stepContext)) {
      options.onStep?.({ job: name, step: label, action, status: 'skipped', durationMs: 0, inputs: {} });
      continue;
    }
    if (!action) {
      if (step.run) throw new Error(`job ${name}: run steps are not supported locally (${label})`);
      options.onStep?.({ job: name, step: label, status: 'provided', durationMs: 0, inputs: {} });
      continue;
    }
    const inputs: Record<string, string> = { ...options.overrides?.[action] };
    for (const [key, value] of Object.entries(step.with ?? {})) inputs[key] = interpolate(String(value), stepContext);
    const run = await runBundle(action, { inputs, env: options.env, workspace: options.workspace, sha: options.sha, eventName: options.eventName, timeoutMs: 20 * 60_000 });
    const outcome = run.code === 0 ? 'success' : 'failure';
    if (step.id) steps[step.id] = { outputs: run.outputs, outcome };
    if (actionManifest(action).runs.post) posts.push({ action, main: run });
    options.onStep?.({ job: name, step: label, action, status: outcome, durationMs: run.durationMs, inputs, run });
    if (outcome === 'failure') status = 'failure';
  }
  for (const { action, main } of posts.reverse()) {
    const run = await runBundle(action, { postOf: main, env: options.env, workspace: options.workspace, sha: options.sha });
    options.onStep?.({ job: name, step: `post ${action}`, action, status: run.code === 0 ? 'success' : 'failure', durationMs: run.durationMs, inputs: {}, run });
  }
  const outputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(job.outputs ?? {})) outputs[key] = interpolate(value, { ...context, steps });
  return { result: status, outputs };
}
