import * as core from '@actions/core';
import prettyBytes from 'pretty-bytes';
import prettyMs from 'pretty-ms';

export type OutputValue = string | number | boolean | readonly unknown[] | Record<string, unknown>;

/** Writes every output; arrays and objects as JSON, the form the next step's fromJSON reads. */
export function setOutputs(outputs: Record<string, OutputValue | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    core.setOutput(name, typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}

export interface SummarySection {
  heading: string;
  /** Rows of cells; the first row is the header. */
  table?: string[][];
  lines?: string[];
}

export async function writeSummary(title: string, sections: SummarySection[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const summary = core.summary.addHeading(title, 2);
  for (const section of sections) {
    summary.addHeading(section.heading, 3);
    if (section.table && section.table.length > 0) {
      const [header, ...rows] = section.table;
      summary.addTable([header.map((data) => ({ data, header: true })), ...rows]);
    }
    for (const line of section.lines ?? []) summary.addRaw(line, true);
  }
  await summary.write();
}

export async function group<T>(name: string, work: () => Promise<T>): Promise<T> {
  return core.group(name, work);
}

/** A duration as people read it: 12ms, 1.5s, 1m 35s, 1h. */
export function formatDuration(ms: number): string {
  // Tenths of a second while they matter (1.5s); whole seconds once there are minutes (1m 35s).
  return prettyMs(Math.max(0, ms), { secondsDecimalDigits: ms < 60_000 ? 1 : 0 });
}

/**
 * A size in binary units, as the AWS console and `du -h` give them, to three significant digits:
 * 1023 B, 1 KiB, 32.7 MiB, 245 MiB. No fraction-digit options: those make pretty-bytes format with
 * Intl, whose first use loads ICU's number data (12 ms of a 0.6 s deploy).
 */
export function formatBytes(bytes: number): string {
  return prettyBytes(bytes, { binary: true });
}
