/** What one check concluded. `skip` means it did not apply or was switched off, and says why. */
export type CheckResult = 'pass' | 'warn' | 'fail' | 'skip';

export interface Check {
  /** Stable identifier, such as `database-engine`: what `report` consumers key on. */
  id: string;
  result: CheckResult;
  /** What was found, in the user's words. Never a secret value. */
  message: string;
  /** How to put it right; present on every `warn` and `fail`. */
  fix?: string;
}

export type FailOn = 'error' | 'warning';

export const pass = (id: string, message: string): Check => ({ id, result: 'pass', message });
export const skip = (id: string, message: string): Check => ({ id, result: 'skip', message });
export const warn = (id: string, message: string, fix: string): Check => ({ id, result: 'warn', message, fix });
export const fail = (id: string, message: string, fix: string): Check => ({ id, result: 'fail', message, fix });

/** The checks that make the run fail: every `fail`, and every `warn` too with `fail-on: warning`. */
export function blocking(checks: readonly Check[], failOn: FailOn): Check[] {
  return checks.filter((check) => check.result === 'fail' || (failOn === 'warning' && check.result === 'warn'));
}

const MARK: Record<CheckResult, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skip: '➖ skip' };

/** The job-summary table: one row per check, header first. */
export function summaryTable(checks: readonly Check[]): string[][] {
  return [['check', 'result', 'found', 'fix'], ...checks.map((check) => [check.id, MARK[check.result], check.message, check.fix ?? ''])];
}

export function counts(checks: readonly Check[]): Record<CheckResult, number> {
  const tally: Record<CheckResult, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) tally[check.result] += 1;
  return tally;
}
