// Runs a workflow file's jobs on this machine the way the runner would for the suite's own
// steps: jobs in `needs` order with their `if:`, the jobs that do not need each other at the same
// time, a matrix job once per combination, its legs at the same time (`fail-fast: false`
// semantics: every leg runs; steps are reported in the order of a run one job and one leg after
// the other, whatever the timing), each `uses: …/actions/<name>@…`
// step through its built bundle (INPUT_* from `with:`, outputs read back from GITHUB_OUTPUT),
// `run:` steps in bash, post steps at the end of the job. Steps of other actions (checkout,
// setup-node, configure-aws-credentials) are provided by the local stack instead and are listed
// as such; configure-aws-credentials' `aws-region` becomes the job's AWS_REGION, as it does there.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { actionManifest, runBundle, type BundleRun } from '@tandem/standins/harness';
import { condition, evaluate, interpolate, type Context } from './expressions.js';
import { runShell } from './shell.js';
import { StepReports, type Slot } from './step-reports.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; 'fail-fast'?: boolean };
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
  /** A matrix job's legs by their name, e.g. "backend (eu-west-1)". */
  legs?: Record<string, JobResult>;
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
  /** The same, for steps whose job's AWS_REGION is the given region (each region's registry). */
  regionOverrides?: Record<string, Record<string, Record<string, string>>>;
  onStep?: (report: StepReport) => void;
  /** Awaited after each step that ran, with the job's region: what the stand-ins do that AWS does by itself. */
  afterStep?: (report: StepReport, region: string) => Promise<void>;
}

const CREDENTIALS_STEP = /^aws-actions\/configure-aws-credentials@/;
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
  const reports = new StepReports(options.onStep);
  const jobs = new Map<string, Promise<JobResult>>();
  // jobOrder puts each job after its needs: a job starts as soon as they have finished, beside
  // the jobs that do not need each other, as on GitHub.
  for (const name of jobOrder(workflow)) {
    const slot = reports.reserve();
    const needed = needsOf(workflow.jobs[name]).map(async (need) => [need, await jobs.get(need)!] as const);
    jobs.set(name, Promise.all(needed).then((needs) => runJobOrLegs(name, workflow.jobs[name], options, Object.fromEntries(needs), slot)));
  }
  const results = await Promise.all(jobs.values());
  return Object.fromEntries([...jobs.keys()].map((name, index) => [name, results[index]]));
}

async function runJobOrLegs(name: string, job: Job, options: WorkflowOptions, needs: Record<string, JobResult>, slot: Slot): Promise<JobResult> {
  try {
    const upstreamFailed = Object.values(needs).some((need) => need.result !== 'success');
    const context = baseContext(options, { needs, job: { status: upstreamFailed ? 'failure' : 'success' } });
    if (!condition(job.if, context)) return { result: 'skipped', outputs: {} };
    const legs = matrixOf(job, context);
    if (!legs) return await runJob(name, job, { ...options, onStep: (report) => slot.add(report) }, context);
    // The legs run at the same time (fail-fast: false semantics: every leg runs to its end).
    const slots = slot.split(legs.length);
    const names = legs.map((matrix) => `${name} (${Object.values(matrix).map(String).join(', ')})`);
    const done = await Promise.all(
      legs.map((matrix, index) =>
        runJob(names[index], job, { ...options, onStep: (report) => slots[index].add(report) }, { ...context, matrix }).finally(() => slots[index].close()),
      ),
    );
    const ran: Record<string, JobResult> = Object.fromEntries(names.map((leg, index) => [leg, done[index]]));
    // As on GitHub: failed when any leg failed; a job output is whatever leg set it last.
    return {
      result: done.some((leg) => leg.result === 'failure') ? 'failure' : 'success',
      outputs: Object.assign({}, ...done.map((leg) => Object.fromEntries(Object.entries(leg.outputs).filter(([, value]) => value !== '')))) as Record<string, string>,
      legs: ran,
    };
  } finally {
    slot.close();
  }
}

/** A matrix's combinations (each key's values, from a list or an expression such as fromJSON). */
export function matrixOf(job: Job, context: Context): Array<Record<string, unknown>> | undefined {
  const matrix = job.strategy?.matrix;
  if (!matrix) return undefined;
  const unsupported = Object.keys(matrix).filter((key) => key === 'include' || key === 'exclude');
  if (unsupported.length) throw new Error(`matrix ${unsupported.join(', ')} is not supported locally`);
  let legs: Array<Record<string, unknown>> = [{}];
  for (const [key, spec] of Object.entries(matrix)) {
    const inner = typeof spec === 'string' ? /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(spec) : null;
    const values = inner ? evaluate(inner[1], context) : spec;
    if (!Array.isArray(values) || values.length === 0) throw new Error(`matrix ${key}: ${JSON.stringify(values)} is not a list of values`);
    legs = legs.flatMap((leg) => values.map((value: unknown) => ({ ...leg, [key]: value })));
  }
  return legs;
}

function baseContext(options: WorkflowOptions, extra: Context): Context {
  return {
    vars: options.vars,
    inputs: options.inputs ?? {},
    github: { sha: options.sha, event_name: options.eventName, token: 'local-token', repository: 'example/shop', ref: 'refs/heads/main' },
    env: {},
    matrix: {},
    ...extra,
  };
}

async function runJob(name: string, job: Job, options: WorkflowOptions, context: Context): Promise<JobResult> {
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const posts: Array<{ action: string; main: BundleRun }> = [];
  const jobEnv: Record<string, string> = { ...options.env };
  for (const [key, value] of Object.entries(job.env ?? {})) jobEnv[key] = interpolate(value, context);
  let status: 'success' | 'failure' = 'success';
  for (const [index, step] of job.steps.entries()) {
    const label = step.name ?? step.uses ?? step.run ?? `step ${index + 1}`;
    const stepContext = { ...context, steps, job: { status }, env: jobEnv };
    const action = suiteAction(step.uses);
    if (!condition(step.if, stepContext)) {
      options.onStep?.({ job: name, step: label, action, status: 'skipped', durationMs: 0, inputs: {} });
      continue;
    }
    const inputs: Record<string, string> = {};
    for (const [key, value] of Object.entries(step.with ?? {})) inputs[key] = interpolate(String(value), stepContext);
    const env = { ...jobEnv };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = interpolate(value, stepContext);
    let run: BundleRun;
    if (action) {
      // What differs on this machine fills in inputs the step leaves out; the step's own win.
      const local = { ...options.overrides?.[action], ...options.regionOverrides?.[jobEnv.AWS_REGION]?.[action] };
      for (const [key, value] of Object.entries(local)) if (!(key in inputs)) inputs[key] = value;
      run = await runBundle(action, { inputs, env, workspace: options.workspace, sha: options.sha, eventName: options.eventName, timeoutMs: 20 * 60_000 });
      if (actionManifest(action).runs.post) posts.push({ action, main: run });
    } else if (step.run !== undefined) {
      run = await runShell(interpolate(step.run, stepContext), { env, workspace: options.workspace });
    } else {
      // The region the credentials step names is the region of every later step, as there.
      if (step.uses && CREDENTIALS_STEP.test(step.uses) && inputs['aws-region']) jobEnv.AWS_REGION = jobEnv.AWS_DEFAULT_REGION = inputs['aws-region'];
      options.onStep?.({ job: name, step: label, status: 'provided', durationMs: 0, inputs });
      continue;
    }
    const outcome = run.code === 0 ? 'success' : 'failure';
    if (step.id) steps[step.id] = { outputs: run.outputs, outcome };
    const report: StepReport = { job: name, step: label, action, status: outcome, durationMs: run.durationMs, inputs, run };
    options.onStep?.(report);
    await options.afterStep?.(report, env.AWS_REGION);
    if (outcome === 'failure') status = 'failure';
  }
  for (const { action, main } of posts.reverse()) {
    const run = await runBundle(action, { postOf: main, env: jobEnv, workspace: options.workspace, sha: options.sha });
    options.onStep?.({ job: name, step: `post ${action}`, action, status: run.code === 0 ? 'success' : 'failure', durationMs: run.durationMs, inputs: {}, run });
  }
  const outputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(job.outputs ?? {})) outputs[key] = interpolate(value, { ...context, steps });
  return { result: status, outputs };
}
