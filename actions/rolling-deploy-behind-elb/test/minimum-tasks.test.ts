import { raisedCount } from '../src/run.js';

test.each([
  // desired now, minimum-tasks, the count UpdateService sets (undefined: left as it is)
  [0, 0, undefined],
  [0, 2, 2],
  [1, 2, 2],
  [2, 2, undefined],
  [5, 2, undefined],
])('a service at %d tasks with minimum-tasks %d is set to %s', (desired, minimum, expected) => {
  expect(raisedCount(desired, minimum)).toBe(expected);
});
