import { formatDuration, setOutputs, writeSummary, type SummarySection } from '@tandem/kit';
import type { ImageCheck, SmokeResult } from '@tandem/ecs';
import { smokeOutput, smokeSection } from './smoke-report.js';

export type Status = 'completed' | 'rolled-back' | 'failed';

export interface Outcome {
  /** The service deployed, as the summary names it. */
  service: string;
  status?: Status;
  /** Why, in one sentence: shown in the summary and the failure message. */
  reason: string;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  deploymentId?: string;
  release: string;
  /** The environment the release was promoted from, when it was. */
  promotedFrom?: string;
  started: number;
  finished: number;
  timeline: Array<{ step: string; at: number }>;
  imageChecks: ImageCheck[];
  warnings: string[];
  diff?: string[];
  dryRun?: boolean;
  /** Every service of the release (the first is the one the single-service fields describe). */
  services?: ServiceOutcome[];
  plan?: string[];
  /** The smoke check after the rollout, when one ran. */
  smoke?: SmokeResult;
}

export interface ServiceOutcome {
  service: string;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  deploymentId?: string;
}

/** The step's outputs and job summary, for a deploy that completed and for one that did not. */
export async function report(outcome: Outcome): Promise<void> {
  reportOutputs(outcome);
  await reportSummary(outcome.service, outcome);
}

export function reportOutputs(outcome: Outcome): void {
  setOutputs({
    'task-definition-arn': outcome.taskDefinitionArn,
    'previous-task-definition-arn': outcome.previousTaskDefinitionArn,
    'deployment-id': outcome.deploymentId,
    'release-id': outcome.release,
    status: outcome.status,
    duration: outcome.dryRun ? undefined : String(Math.round((outcome.finished - outcome.started) / 1000)),
    'smoke-check': smokeOutput(outcome.smoke),
  });
}

/** The timeline with the time since the start and since the step before. */
export function timelineRows(outcome: Pick<Outcome, 'timeline' | 'started'>): string[][] {
  let last = outcome.started;
  const rows = [['step', 'at', 'took']];
  for (const { step, at } of outcome.timeline) {
    rows.push([step, `+${formatDuration(at - outcome.started)}`, formatDuration(at - last)]);
    last = at;
  }
  return rows;
}

export async function reportSummary(service: string, outcome: Outcome): Promise<void> {
  const sections: SummarySection[] = [];
  const headline = outcome.dryRun ? '<strong>dry run</strong>: nothing was changed' : `<strong>${outcome.status}</strong> in ${formatDuration(outcome.finished - outcome.started)}`;
  sections.push({
    heading: 'Result',
    lines: [headline, escape(outcome.reason)],
    table: [
      ['', 'value'],
      ['release', outcome.release],
      ...(outcome.promotedFrom ? [['promoted from', escape(outcome.promotedFrom)]] : []),
      ['task definition', outcome.taskDefinitionArn ?? '(none registered)'],
      ['previous task definition', outcome.previousTaskDefinitionArn ?? ''],
      ['deployment', outcome.deploymentId ?? ''],
    ],
  });
  if ((outcome.services?.length ?? 0) > 1) {
    const rows = (outcome.services ?? []).map((one) => [one.service, one.taskDefinitionArn ?? '(none registered)', one.previousTaskDefinitionArn ?? '', one.deploymentId ?? '']);
    sections.push({ heading: 'Services', table: [['service', 'task definition', 'previous task definition', 'deployment'], ...rows] });
  }
  if (outcome.timeline.length > 0) sections.push({ heading: 'Timeline', table: timelineRows(outcome) });
  if (outcome.smoke) sections.push(smokeSection(outcome.smoke));
  if (outcome.plan?.length) sections.push({ heading: 'Plan', lines: outcome.plan.map((line) => `- ${line}`) });
  if (outcome.diff) sections.push({ heading: 'Task definition changes', lines: [outcome.diff.length ? `<pre>${escape(outcome.diff.join('\n'))}</pre>` : 'none'] });
  sections.push({ heading: 'Images', table: [['image', 'check'], ...outcome.imageChecks.map((check) => [check.image, check.detail])] });
  if (outcome.warnings.length > 0) sections.push({ heading: 'Warnings', lines: outcome.warnings.map((warning) => `- ${escape(warning)}`) });
  await writeSummary(`rolling-deploy-behind-elb: ${service}`, sections);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
