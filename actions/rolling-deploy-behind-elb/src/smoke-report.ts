import { formatDuration, type SummarySection } from '@tandem/kit';
import type { SmokeResult } from '@tandem/ecs';

/** The smoke-check output: JSON a later step can read with fromJSON. */
export function smokeOutput(smoke: SmokeResult | undefined): string | undefined {
  if (!smoke) return undefined;
  return JSON.stringify({ passed: smoke.passed, url: smoke.url, attempts: smoke.attempts, consecutive: smoke.consecutive, seconds: Math.round(smoke.elapsedMs) / 1000 });
}

export function smokeSection(smoke: SmokeResult): SummarySection {
  return {
    heading: 'Smoke check',
    lines: [`<strong>${smoke.passed ? 'passed' : 'failed'}</strong>: ${escape(smoke.reason)}`],
    table: [
      ['', 'value'],
      ['url', escape(smoke.url)],
      ['requests', String(smoke.attempts)],
      ['good answers in a row', String(smoke.consecutive)],
      [smoke.passed ? 'time to pass' : 'time spent', formatDuration(smoke.elapsedMs)],
    ],
  };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
