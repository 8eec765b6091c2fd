import { isWildcard, type Distribution, type InvalidationPlan, type Room, type Submitted } from '@tandem/cdn';
import { formatDuration, setOutputs, writeSummary, type Log } from '@tandem/kit';
import type { Inputs } from './inputs.js';

export interface Outcome {
  distribution: Distribution;
  plan: InvalidationPlan;
  status: 'skipped' | 'dry-run' | 'submitted' | 'in-progress' | 'completed' | 'failed';
  invalidations: Submitted[];
  room?: Room;
  waitedMs?: number;
}

const SHOWN = 20;
const TABLE_ROWS = 200;

const sample = (items: readonly string[]) => items.slice(0, SHOWN).join(', ') + (items.length > SHOWN ? `, … (${items.length - SHOWN} more)` : '');

/** What the plan is and why, in the log. */
export function describePlan(plan: InvalidationPlan, inputs: Inputs, log: Log): void {
  const keys = inputs.changedKeys.length;
  log.info(`${keys} changed key(s), ${inputs.paths.length} explicit path(s) -> ${plan.files} file path(s) and ${plan.wildcards} wildcard path(s) (budget ${inputs.maxPaths})`);
  if (plan.outsidePrefix.length > 0) {
    log.warning(`${plan.outsidePrefix.length} changed key(s) lie outside prefix '${inputs.prefix}' and were left out: ${sample(plan.outsidePrefix)}`);
  }
  if (plan.immutable.length > 0) log.info(`Left out ${plan.immutable.length} key(s) immutable by name: ${sample(plan.immutable)}`);
  for (const { wildcard, replaced } of plan.collapsed) {
    log.info(`Over the budget of ${inputs.maxPaths} paths: ${wildcard} stands for ${replaced.length} path(s)`);
  }
  for (const path of plan.paths.slice(0, TABLE_ROWS)) log.info(`  ${path}`);
  if (plan.paths.length > TABLE_ROWS) log.info(`  … and ${plan.paths.length - TABLE_ROWS} more`);
}

const OUTCOME: Record<Outcome['status'], string> = {
  skipped: 'nothing changed: no invalidation',
  'dry-run': 'dry run: nothing created',
  submitted: 'submitted (not waited for)',
  'in-progress': 'still in progress when the wait ran out',
  completed: 'completed',
  failed: 'failed: no invalidation could be created',
};

export async function summarize(outcome: Outcome): Promise<void> {
  const { plan, distribution } = outcome;
  const invalidationOf = new Map(outcome.invalidations.flatMap((item) => item.paths.map((path) => [path, item.id] as const)));
  const rows = plan.paths.slice(0, TABLE_ROWS).map((path) => [
    `<code>${escapeHtml(path)}</code>`,
    isWildcard(path) ? 'wildcard' : 'file',
    String(plan.sources.get(path)?.length ?? 0),
    invalidationOf.get(path) ?? '—',
  ]);
  const lines = [
    `Distribution <code>${escapeHtml(distribution.id)}</code>${distribution.domainName ? ` (${escapeHtml(distribution.domainName)})` : ''}: <b>${OUTCOME[outcome.status]}</b>`,
    `${plan.files} file path(s), ${plan.wildcards} wildcard path(s); invalidation(s): ${outcome.invalidations.map((item) => item.id).join(', ') || 'none'}`,
  ];
  if (outcome.waitedMs !== undefined) lines.push(`Waited ${formatDuration(outcome.waitedMs)}`);
  if (outcome.room) lines.push(`Room in flight: ${outcome.room.files} file paths, ${outcome.room.wildcards} wildcard paths`);
  if (plan.immutable.length > 0) lines.push(`${plan.immutable.length} key(s) left out as immutable by name`);
  if (plan.outsidePrefix.length > 0) lines.push(`${plan.outsidePrefix.length} key(s) outside the prefix left out`);
  if (plan.paths.length > TABLE_ROWS) lines.push(`… and ${plan.paths.length - TABLE_ROWS} more paths (see the log)`);
  await writeSummary('invalidate-cdn', [
    { heading: 'Outcome', lines },
    ...(rows.length > 0 ? [{ heading: 'Paths', table: [['path', 'kind', 'changed keys', 'invalidation'], ...rows] }] : []),
  ]);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The step's outputs and job summary. */
export async function report(outcome: Outcome): Promise<void> {
  setOutputs({
    'invalidation-id': outcome.invalidations.map((item) => item.id).join(','),
    paths: outcome.plan.paths,
    status: outcome.status,
  });
  await summarize(outcome);
}
