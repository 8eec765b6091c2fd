import { setOutputs, writeSummary } from '@tandem/kit';
import { counts, summaryTable, type Check } from '@tandem/storage';
import type { Inputs } from './inputs.js';

export interface Verdict {
  ok: boolean;
  checks: Check[];
  report: Record<string, unknown>;
  /** What the summary's heading names: the container and where its task definition came from. */
  subject: string;
  failOn: Inputs['failOn'];
}

/** The step's outputs and job summary. */
export async function report(verdict: Verdict): Promise<void> {
  const { ok, checks } = verdict;
  const tally = counts(checks);
  setOutputs({ ok, report: verdict.report });
  await writeSummary(`Shared storage: ${ok ? 'every task shares one database and one media store' : 'not shared'}`, [
    { heading: verdict.subject, table: summaryTable(checks), lines: [`${tally.pass} passed, ${tally.warn} warned, ${tally.fail} failed, ${tally.skip} skipped (fail-on: ${verdict.failOn})`] },
  ]);
}
