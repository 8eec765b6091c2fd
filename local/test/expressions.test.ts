import { condition, evaluate, interpolate } from '../expressions.js';

const context = {
  vars: { AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/deploy', EMPTY: '' },
  inputs: { tier: 'frontend', release: 'previous' },
  github: { sha: 'abc123' },
  steps: { image: { outputs: { image: 'r/shop@sha256:1' } } },
  needs: { backend: { result: 'failure', outputs: {} } },
  job: { status: 'success' },
};

describe('evaluate', () => {
  test.each([
    ["vars.AWS_ROLE_ARN != ''", true],
    ["vars.EMPTY != ''", false],
    ["vars.MISSING != ''", false],
    ["inputs.tier != 'frontend'", false],
    ["inputs.tier == 'FRONTEND'", true],
    ["vars.AWS_ROLE_ARN != '' && inputs.tier != 'backend'", true],
    ["always() && vars.AWS_ROLE_ARN != '' && needs.backend.result != 'failure'", false],
    ["!(inputs.tier == 'backend')", true],
    ["inputs.tier == 'backend' || inputs.release", 'previous'],
    ['github.sha', 'abc123'],
    ["'it''s'", "it's"],
    ['success()', true],
    ['failure()', false],
    ["contains(vars.AWS_ROLE_ARN, 'role/deploy')", true],
    ["startsWith(github.sha, 'ABC')", true],
    ["format('{0}-{1}', inputs.tier, github.sha)", 'frontend-abc123'],
    ["needs.backend.outputs.missing || 'fallback'", 'fallback'],
    ['1 < 2 && 3 >= 3', true],
  ])('%s', (expression, expected) => expect(evaluate(expression, context)).toEqual(expected));

  test.each(['format("x")', "vars.X ==", "('a'", 'a b', 'nosuchfunction()', 'unknown.context'])('refuses %s', (expression) => {
    expect(() => evaluate(expression, context)).toThrow();
  });
});

test('interpolate fills every ${{ }} and leaves the rest', () => {
  expect(interpolate('image=${{ steps.image.outputs.image }} at ${{github.sha}}', context)).toBe('image=r/shop@sha256:1 at abc123');
  expect(interpolate('${{ vars.MISSING }}', context)).toBe('');
});

test('condition reads if: with or without ${{ }}', () => {
  expect(condition("${{ inputs.tier != 'backend' }}", context)).toBe(true);
  expect(condition("inputs.tier != 'frontend'", context)).toBe(false);
  expect(condition(undefined, context)).toBe(true);
  expect(condition(undefined, { ...context, job: { status: 'failure' } })).toBe(false);
});
