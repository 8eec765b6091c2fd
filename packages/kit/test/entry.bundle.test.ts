import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runBundle } from '@tandem/standins/harness';
import { nccBuildOnce } from '@tandem/standins/ncc-build';

// The kit's own probe action, bundled by the same ncc build as the real actions and run as the
// runner runs it. The build is kept between runs under the hash of its sources and the kit's.
const PROBE = 'test/fixtures/kit-probe';

beforeAll(async () => {
  await nccBuildOnce(`${PROBE}/src/index.ts`, `${PROBE}/dist`, [`${PROBE}/src`, `${PROBE}/tsconfig.json`, 'packages/kit/src', 'packages/kit/package.json']);
}, 120_000);

test('inputs in, outputs, state and summary out', async () => {
  const run = await runBundle(PROBE, { inputs: { greeting: 'hi', count: '3', loud: 'true' } });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.outputs).toEqual({ message: 'HI HI HI', count: '3', parts: '["HI","HI","HI"]' });
  expect(run.state).toEqual({ isPost: 'true', greeting: 'hi' });
  expect(run.summary).toContain('<h2>kit-probe</h2>');
  expect(run.summary).toContain('<td>hi</td><td>3</td>');
  expect(run.stdout).toContain('kit-probe: run.js loaded');
});

test("the action's run is a chunk of its own, which a step with a bad input never loads", async () => {
  const dist = join(REPO_ROOT, PROBE, 'dist');
  const holding = readdirSync(dist).filter((name) => name.endsWith('.js') && readFileSync(join(dist, name), 'utf8').includes('kit-probe: run.js loaded'));
  expect(holding).toEqual([expect.stringMatching(/^\d+\.index\.js$/)]);
  const bad = await runBundle(PROBE, { inputs: { count: '0' } });
  expect(bad.errors).toEqual(["kit-probe: Input 'count': must be at least 1, got 0"]);
  expect(bad.stdout).not.toContain('run.js loaded');
});

test("action.yml's defaults reach the action as the runner passes them", async () => {
  const run = await runBundle(PROBE);
  expect(run.code).toBe(0);
  expect(run.outputs.message).toBe('hello');
});

test('the post step runs with the state the main step saved', async () => {
  const main = await runBundle(PROBE, { inputs: { greeting: 'bye' } });
  const post = await runBundle(PROBE, { postOf: main });
  expect(post.code).toBe(0);
  expect(post.stdout).toContain('post step for bye');
});

test('a secret is masked before it is printed', async () => {
  const run = await runBundle(PROBE, { inputs: { token: 's3cr3t-value' } });
  expect(run.code).toBe(0);
  const maskAt = run.stdout.indexOf('::add-mask::s3cr3t-value');
  const printedAt = run.stdout.indexOf('token is s3cr3t-value');
  expect(maskAt).toBeGreaterThanOrEqual(0);
  expect(printedAt).toBeGreaterThan(maskAt);
});

test.each([
  ['error', 'kit-probe failed: a bug was hit'],
  ['string', 'kit-probe failed: a plain string'],
  ['reject', 'kit-probe failed: undefined was thrown'],
])('a thrown %s fails the step with the action name', async (failWith, message) => {
  const run = await runBundle(PROBE, { inputs: { 'fail-with': failWith } });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([message]);
  expect(run.outputs).toEqual({});
});

test('a run that failed with its result is reported, outputs and summary, then fails the step', async () => {
  const run = await runBundle(PROBE, { inputs: { 'fail-with': 'half-way', greeting: 'hey' } });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['kit-probe failed: stopped half-way']);
  expect(run.outputs).toEqual({ message: 'half', count: '1', parts: '["half"]' });
  expect(run.summary).toContain('<td>hey</td><td>1</td>');
});

test('the stack of a bug goes to debug output only, and only with step debug logging on', async () => {
  const debugging = await runBundle(PROBE, { inputs: { 'fail-with': 'error' }, env: { RUNNER_DEBUG: '1' } });
  expect(debugging.stdout).toMatch(/::debug::Error: a bug was hit%0A\s+at /);
  expect(debugging.errors).toEqual(['kit-probe failed: a bug was hit']);
  const quiet = await runBundle(PROBE, { inputs: { 'fail-with': 'error' } });
  expect(quiet.code).toBe(1);
  expect(quiet.errors).toEqual(['kit-probe failed: a bug was hit']);
  expect(quiet.stdout).not.toContain('::debug::');
});

test.each([
  [{ loud: 'yes' }, "kit-probe: Input 'loud': expected true or false, got 'yes'"],
  [{ count: '9' }, "kit-probe: Input 'count': must be at most 5, got 9"],
  [{ 'fail-with': 'explode' }, "kit-probe: Input 'fail-with': expected one of"],
])('bad input %j is a user mistake, not a bug', async (inputs, message) => {
  const run = await runBundle(PROBE, { inputs });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toContain(message);
  expect(run.stdout).not.toContain('::debug::ConfigurationError');
  expect(run.stdout).not.toContain('run.js loaded');
  expect(run.outputs).toEqual({});
});
