import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@tandem/standins/harness';
import { loadWorkflow, matrixOf, runWorkflow, type StepReport } from '../workflow.js';
import { runShell } from '../shell.js';

// The local runner's matrix, run steps and regions, on a workflow of run steps alone (no AWS),
// and the regions step of promote.yml and rollback.yml as the runner runs it.
const WORKFLOW = `
name: regions
on: workflow_dispatch
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      regions: \${{ steps.list.outputs.regions }}
    steps:
      - id: list
        env:
          LIST: \${{ inputs.regions }}
        run: echo "regions=$(printf '%s' "$LIST" | jq -Rc 'split(",")')" >> "$GITHUB_OUTPUT"
  backend:
    needs: [plan]
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        region: \${{ fromJSON(needs.plan.outputs.regions) }}
    outputs:
      seen: \${{ steps.where.outputs.region }}
    steps:
      - uses: aws-actions/configure-aws-credentials@v6
        with:
          aws-region: \${{ matrix.region }}
      - id: where
        run: |
          echo "region=$AWS_REGION" >> "$GITHUB_OUTPUT"
          if [ "$AWS_REGION" = "$FAILING" ]; then echo "::error::$AWS_REGION failed"; exit 1; fi
  after:
    needs: [backend]
    if: always() && needs.backend.result == 'failure'
    runs-on: ubuntu-latest
    steps:
      - run: echo after
`;

async function run(regions: string, failing = '') {
  const dir = await mkdtemp(join(tmpdir(), 'workflow-'));
  const file = join(dir, 'regions.yml');
  await writeFile(file, WORKFLOW);
  const steps: StepReport[] = [];
  const jobs = await runWorkflow(file, { vars: {}, inputs: { regions }, sha: 'a'.repeat(40), eventName: 'workflow_dispatch', workspace: dir, env: { FAILING: failing }, onStep: (step) => steps.push(step) });
  return { jobs, steps };
}

test('a matrix from an earlier job output runs once per region, each with its region', async () => {
  const { jobs, steps } = await run('eu-west-1,us-west-2');
  expect(Object.keys(jobs.backend.legs ?? {})).toEqual(['backend (eu-west-1)', 'backend (us-west-2)']);
  expect(jobs.backend.result).toBe('success');
  expect(steps.filter((step) => step.step === 'where' || step.job.startsWith('backend (')).map((step) => `${step.job}: ${step.status}`)).toEqual([
    'backend (eu-west-1): provided',
    'backend (eu-west-1): success',
    'backend (us-west-2): provided',
    'backend (us-west-2): success',
  ]);
  expect(jobs.backend.legs?.['backend (us-west-2)'].outputs.seen).toBe('us-west-2');
  expect(jobs.backend.legs?.['backend (eu-west-1)'].outputs.seen).toBe('eu-west-1');
  expect(jobs.after.result).toBe('skipped');
});

test('one failing leg fails the job, the other legs still run, and a job on failure() runs', async () => {
  const { jobs, steps } = await run('eu-west-1,us-west-2', 'eu-west-1');
  expect(jobs.backend.result).toBe('failure');
  expect(jobs.backend.legs?.['backend (eu-west-1)'].result).toBe('failure');
  expect(jobs.backend.legs?.['backend (us-west-2)'].result).toBe('success');
  expect(steps.find((step) => step.job === 'backend (eu-west-1)' && step.status === 'failure')?.run?.errors).toEqual(['eu-west-1 failed']);
  expect(jobs.after.result).toBe('success');
});

test('a matrix that is not a list is refused, naming its key', () => {
  const job = { steps: [], strategy: { matrix: { region: '${{ fromJSON(needs.plan.outputs.regions) }}' } } };
  expect(() => matrixOf(job, { needs: { plan: { outputs: { regions: '"eu-west-1"' } } } })).toThrow('matrix region: "eu-west-1" is not a list of values');
  expect(matrixOf({ steps: [] }, {})).toBeUndefined();
});

/** The regions step of a workflow's job, run as the runner runs it with REGIONS set. */
const runRegionsStep = (file: string, job: string, regions: string) => {
  const step = loadWorkflow(join(REPO_ROOT, '.github/workflows', file)).jobs[job].steps.find((candidate) => candidate.id === 'regions');
  if (!step?.run) throw new Error(`${file} ${job} has no regions step`);
  return runShell(step.run, { env: { REGIONS: regions }, workspace: tmpdir() });
};

describe.each([
  ['promote.yml', 'frontend'],
  ['rollback.yml', 'regions'],
])('the regions step of %s', (file, job) => {
  // What the step ends with: the regions it lists, or the error it stops on (and no output).
  const lists = (regions: string) => ({ code: 0, regions });
  const refused = (error: string) => ({ code: 1, error: expect.stringContaining(error) as string });
  test.each([
    ['["eu-west-1", "us-west-2"]', lists('["eu-west-1","us-west-2"]')],
    ["['eu-west-1','us-west-2']", lists('["eu-west-1","us-west-2"]')],
    ['eu-west-1, us-west-2,eu-west-1', lists('["eu-west-1","us-west-2"]')],
    ['eu-west-1\nap-southeast-2', lists('["eu-west-1","ap-southeast-2"]')],
    ['us-gov-west-1', lists('["us-gov-west-1"]')],
    ['', refused('regions: none given')],
    ['[]', refused('regions: none given')],
    ['eu-west-1,Europe', refused("regions: 'Europe' is not an AWS region name such as eu-west-1")],
    ['eu-west-1;us-west-2', refused("regions: 'eu-west-1;us-west-2' is not an AWS region name")],
  ])('REGIONS=%j', async (regions, expected) => {
    const run = await runRegionsStep(file, job, regions);
    // toEqual passes over undefined members: a listing run has no error, a refused one no output.
    expect({ code: run.code, regions: run.outputs.regions, error: run.errors[0] }).toEqual(expected);
  });
});

test('afterStep is awaited after each step that ran, with the region the credentials step set', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'workflow-'));
  const file = join(dir, 'regions.yml');
  await writeFile(file, WORKFLOW);
  const after: string[] = [];
  const reported: string[] = [];
  const afterStep = async (report: StepReport, region: string) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    after.push(`${report.job} ${report.status}: ${region}`);
  };
  const onStep = (report: StepReport) => reported.push(`${report.job} ${report.status}`);
  await runWorkflow(file, { vars: {}, inputs: { regions: 'eu-west-1,us-west-2' }, sha: 'a'.repeat(40), eventName: 'workflow_dispatch', workspace: dir, env: {}, onStep, afterStep });
  // Had runWorkflow not awaited them, the delayed pushes would come after this point. The
  // provided credentials step has no afterStep (and the plan job no region); the legs run at the
  // same time, so their afterStep calls come in either order. (onStep reports are held back to the job-by-job order
  // and so may go out after a later leg's afterStep.)
  expect(after.sort()).toEqual(['backend (eu-west-1) success: eu-west-1', 'backend (us-west-2) success: us-west-2', 'plan success: undefined']);
  expect(reported.filter((line) => line.startsWith('backend ('))).toEqual([
    'backend (eu-west-1) provided',
    'backend (eu-west-1) success',
    'backend (us-west-2) provided',
    'backend (us-west-2) success',
  ]);
});

// Each leg, and a job the legs' job does not need, writes its mark, then waits (30 s at most) for
// the others': run one after the other, the first would wait in vain and fail.
const MEETING = `
name: meeting
on: workflow_dispatch
jobs:
  legs:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        side: [left, right]
    steps:
      - run: |
          touch "$MEET/leg-\${{ matrix.side }}"
          for i in $(seq 300); do [ -e "$MEET/leg-left" ] && [ -e "$MEET/leg-right" ] && [ -e "$MEET/alone" ] && exit 0; sleep 0.1; done; exit 1
  alone:
    runs-on: ubuntu-latest
    steps:
      - run: |
          touch "$MEET/alone"
          for i in $(seq 300); do [ -e "$MEET/leg-left" ] && [ -e "$MEET/leg-right" ] && exit 0; sleep 0.1; done; exit 1
  after:
    needs: [legs, alone]
    runs-on: ubuntu-latest
    steps:
      - run: '[ -e "$MEET/alone" ] && [ -e "$MEET/leg-right" ]'
`;

test('matrix legs, and jobs that do not need each other, run at the same time; steps are reported job by job, leg by leg', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'workflow-'));
  const file = join(dir, 'meeting.yml');
  await writeFile(file, MEETING);
  const seen: string[] = [];
  const jobs = await runWorkflow(file, { vars: {}, sha: 'a'.repeat(40), eventName: 'workflow_dispatch', workspace: dir, env: { MEET: dir }, onStep: (report) => seen.push(`${report.job} ${report.status}`) });
  expect(Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.result]))).toEqual({ legs: 'success', alone: 'success', after: 'success' });
  expect(seen).toEqual(['legs (left) success', 'legs (right) success', 'alone success', 'after success']);
});
