import * as core from '@actions/core';

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

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest ? `${minutes}m${rest}s` : `${minutes}m`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
