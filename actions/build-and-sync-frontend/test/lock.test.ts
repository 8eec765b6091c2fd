import { leftByEarlierAttempt } from '../src/lock.js';

const owner = (run: string, attempt: string, job = 'deploy', repository = 'example/shop') => `${repository} run ${run} attempt ${attempt} (build-and-sync-frontend, job ${job})`;

test.each<[string, string, string, boolean]>([
  ['an earlier attempt of the same run and job was killed: take over', owner('7', '1'), owner('7', '2'), true],
  ['the same attempt (a matrix leg, or another step) is alive', owner('7', '2'), owner('7', '2'), false],
  ['a later attempt is not ours to remove', owner('7', '3'), owner('7', '2'), false],
  ['another run', owner('8', '1'), owner('7', '2'), false],
  ['another job of the same run', owner('7', '1', 'publish'), owner('7', '2', 'assets'), false],
  ['another repository', owner('7', '1', 'deploy', 'example/blog'), owner('7', '2'), false],
  ['a local run (no run id)', 'local pid 42 (build-and-sync-frontend)', owner('7', '2'), false],
  ['an unknown writer', 'an unknown writer', owner('7', '2'), false],
])('%s', (_name, holder, me, expected) => {
  expect(leftByEarlierAttempt(holder, me)).toBe(expected);
});
