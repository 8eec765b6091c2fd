import type { CheckResult } from '../src/build-step.js';
import { failedChecksDetail } from '../src/report.js';

const failed = (name: CheckResult['name'], output: string, advice?: string): CheckResult => ({ name, passed: false, ms: 1, output, warnings: [], ...(advice ? { advice } : {}) });
const SETTINGS_ERROR = "Traceback (most recent call last):\n  File \"/app/config/settings/local.py\", line 6, in <module>\nModuleNotFoundError: No module named 'debug_toolbar'";

test('checks that end on the same line are shown once, under all their names, with the advice', () => {
  expect(failedChecksDetail([failed('check --deploy', SETTINGS_ERROR, 'ADVICE'), failed('makemigrations --check', SETTINGS_ERROR), failed('collectstatic', SETTINGS_ERROR)])).toBe(
    `--- check --deploy, makemigrations --check, collectstatic: each ended with the same error ---\n${SETTINGS_ERROR}\nADVICE`,
  );
});

test('checks that failed each their own way are each shown', () => {
  expect(failedChecksDetail([failed('check --deploy', '?: (security.W004) no HSTS', 'ADVICE'), failed('makemigrations --check', 'Migrations for \'shop\':\n  shop/migrations/0002_x.py')])).toBe(
    "--- check --deploy ---\n?: (security.W004) no HSTS\nADVICE\n--- makemigrations --check ---\nMigrations for 'shop':\n  shop/migrations/0002_x.py",
  );
});

test('empty output is never taken for the same error', () => {
  expect(failedChecksDetail([failed('check --deploy', ''), failed('collectstatic', '')])).toBe('--- check --deploy ---\n\n--- collectstatic ---\n');
});
