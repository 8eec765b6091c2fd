/** @type {import('jest').Config} */
const shared = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/packages/standins/src/env.ts'],
  // Each worker keeps V8's compiled code of the CommonJS modules its test files load (the file says why).
  runtime: '<rootDir>/packages/standins/src/jest-runtime.cjs',
};

export default {
  testTimeout: 60_000,
  // A worker has 500 ms by default to exit once told to, then it is killed and the run ends with
  // "A worker process has failed to exit gracefully". No handle is left open: two one-line tests,
  // with or without ts-jest, end the same way while the machine is busy, and the worker's last
  // active resources are its own IPC pipe and stdio. The worker simply gets the END message and
  // the CPU to act on it later than 500 ms on a loaded two-core machine. A worker that really
  // hangs on an open handle is still killed and reported, after this long.
  workerGracefulExitTimeout: 10_000,
  // Integration tests start moto, dockerd, a registry or PostgreSQL, and spend much of their time
  // waiting on them (rollouts, retries' backoff, builds in dockerd): more workers than cores fill
  // the two cores while others wait. On a machine whose runs took 15 minutes, four workers took
  // 951 s against 929–1,021 s with three; on one twice as fast (runs of 5-6 minutes, where the
  // waits weigh more), 295 and 344 s against 354, 378 and 384 s, and five 328 s.
  maxWorkers: 4,
  // `npm test` starts jest as `node --single-threaded node_modules/jest/bin/jest.js` (package.json),
  // and jest's workers inherit node's flags: V8 then collects garbage and optimizes code on the
  // thread that needs it, rather than handing that work to four helper threads in each worker.
  // With four workers, moto and dockerd on two cores, those threads found no idle core to run on,
  // and the hand-offs cost CPU of their own: the unit project with four workers took 48.7, 54.5
  // and 49.2 CPU-seconds with the flag against 55.3, 54.8 and 57.9 without (pairs run one after the
  // other; in band 45.0, 41.4 and 39.4 against 50.2, 56.3 and 48.0). `npx jest FILE` still runs,
  // without the flag.
  // No workerIdleMemoryLimit: replacing a worker whose heap has grown (300 MB) did not make the
  // run faster. Full warm runs on one machine, 2026-12-03: 675 s with it, 610, 669 and 674 s
  // without (2,468 tests each, all passed; both cores 98% busy throughout), and each new worker
  // loads its modules again.
  reporters: ['default', '<rootDir>/packages/standins/src/summary-reporter.cjs'],
  // The longest files first, from recorded durations: a fresh clone has no timings of its own.
  testSequencer: '<rootDir>/packages/standins/src/sequencer.mjs',
  // Each run's temporary files in a folder of its own, removed at the end (temp-root-setup.mjs).
  globalSetup: '<rootDir>/packages/standins/src/temp-root-setup.mjs',
  globalTeardown: '<rootDir>/packages/standins/src/temp-root-teardown.mjs',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{actions,packages}/*/test/**/*.test.ts', '<rootDir>/local/test/**/*.test.ts', '<rootDir>/test/*.test.ts', '<rootDir>/infra/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.(moto|bundle|docker)\\.test\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{actions,packages}/*/test/**/*.{moto,docker}.test.ts', '<rootDir>/test/**/*.{moto,docker}.test.ts', '<rootDir>/local/test/**/*.{moto,docker}.test.ts', '<rootDir>/infra/test/**/*.{moto,docker}.test.ts'],
    },
    {
      ...shared,
      displayName: 'bundle',
      testMatch: ['<rootDir>/{actions,packages}/*/test/**/*.bundle.test.ts', '<rootDir>/test/**/*.bundle.test.ts'],
    },
  ],
};
