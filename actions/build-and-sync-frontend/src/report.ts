import { formatBytes, formatDuration, listOutput, setOutputs, writeSummary, type ActionContext, type Log } from '@tandem/kit';
import { siteUrl, type PromotedFrom, type PublishResult } from '@tandem/frontend';
import type { Inputs } from './inputs.js';

/** How many foreign keys the log and the summary name: enough to recognise them, never thousands of uploads. */
const FOREIGN_SHOWN = 5;

/**
 * Foreign keys were written by anyone (a visitor's upload): a line break or another control
 * character in one must not start a line of its own in the log, where the runner would read it as
 * a workflow command.
 */
export function printable(key: string): string {
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  return key.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `N objects ... : a, b, c and N more`, for objects under the prefix that are not the site's. */
export function foreignNote(result: PublishResult, inputs: Inputs, format: (key: string) => string = (key) => key): string | undefined {
  const { foreign } = result.plan;
  if (foreign.length === 0) return undefined;
  const shown = foreign.slice(0, FOREIGN_SHOWN).map((name) => format(printable(inputs.prefix + name)));
  const more = foreign.length > FOREIGN_SHOWN ? ` and ${foreign.length - FOREIGN_SHOWN} more` : '';
  return `${foreign.length} object(s) under the prefix that no release of this site wrote, left alone: ${shown.join(', ')}${more}`;
}

/** Every key and what will happen to it; unchanged ones too on a dry run, which exists to show them. */
export function planLines(result: PublishResult, inputs: Inputs): string[] {
  const { plan } = result;
  const key = (name: string) => inputs.prefix + name;
  const lines = [
    ...plan.preserve.map((item) => `keep copy  ${key(item.name)} (a kept release still needs the version being replaced)`),
    ...plan.uploads.map((item) => `${item.reason === 'new' ? 'add       ' : 'replace   '} ${key(item.file.name)} (${formatBytes(item.file.size)}, ${item.file.cacheControl})${item.file.entry ? ' [entry point]' : ''}`),
    ...plan.updates.map((item) => `headers    ${key(item.file.name)} (${item.reason}: ${item.file.contentType}; ${item.file.cacheControl})`),
    ...result.staged.map((item) => `stage      ${key(item.file.name)} (${'etag' in item ? `headers: ${item.reason}` : item.file.entry ? 'entry point' : 'replaces a live file'}; goes live with restore-release: ${result.release})`),
    ...plan.deletes.map((item) => `delete     ${key(item.name)}`),
    ...plan.retained.map((name) => `retain     ${key(name)} (an earlier release still in the skew window needs it)`),
    ...plan.storeDeletes.map((hash) => `delete     ${inputs.releasesPrefix}objects/sha256/${hash} (a stored copy no kept release needs)`),
  ];
  const foreign = foreignNote(result, inputs);
  if (foreign) lines.push(`foreign    ${foreign}`);
  if (inputs.dryRun) lines.push(...plan.unchanged.map((item) => `unchanged  ${key(item.file.name)}`));
  return lines;
}

export function logPlan(result: PublishResult, inputs: Inputs, log: Log): void {
  const { plan } = result;
  const verb = inputs.restoreRelease
    ? `${result.firstPublication ? 'publish staged' : 'restore'} release ${result.release}`
    : `${inputs.publish === 'assets' ? 'stage' : 'publish'} release ${result.release}`;
  log.info(
    `${inputs.dryRun ? 'Dry run: would ' : 'Plan: '}${verb} to s3://${inputs.bucket}/${inputs.prefix}: ` +
      `${plan.uploads.length} to upload, ${plan.updates.length} header updates, ${plan.unchanged.length} unchanged, ` +
      `${plan.deletes.length} to delete, ${plan.retained.length} retained, ${plan.foreign.length} foreign (not this site's, left alone), ` +
      `${plan.storeDeletes.length} stored copies to prune${inputs.publish === 'assets' ? `, ${result.staged.length} staged` : ''} (${result.heads} HeadObject calls)`,
  );
  for (const line of planLines(result, inputs)) log.info(`  ${line}`);
  if (inputs.dryRun) log.info('Dry run: nothing was written.');
}

/** The summary is HTML: a key may hold `<` or `&`. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What a run hands its report: the publication, the inputs it ran with, how long the publication
 * took and how long the build (undefined when nothing was built: a restore).
 */
export type Published = PublishResult & { inputs: Inputs; publishMs: number; buildMs?: number; promotedFrom?: PromotedFrom };

/** `promoted R from s3://bucket/prefix (region)`: the line the log and the summary give a promotion. */
export function promotionLine(release: string, from: PromotedFrom): string {
  return `promoted ${release} from ${siteUrl(from)} (${from.region})${from.release === release ? '' : ` (${from.release} there)`}`;
}

export async function report(published: Published, { log }: Pick<ActionContext, 'log'>): Promise<void> {
  const { inputs } = published;
  const elapsedMs = published.publishMs;
  const promoted = published.promotedFrom && promotionLine(published.release, published.promotedFrom);
  const built = published.buildMs === undefined ? 'no build' : formatDuration(published.buildMs);
  const { plan, applied } = published;
  const bytes = plan.uploads.reduce((sum, item) => sum + item.file.size, 0);
  setOutputs({
    'release-id': published.release,
    uploaded: plan.uploads.length,
    updated: plan.updates.length,
    deleted: plan.deletes.length,
    unchanged: plan.unchanged.length,
    staged: published.staged.length,
    retained: plan.retained.length,
    foreign: plan.foreign.length,
    'changed-keys': listOutput(published.changedKeys, process.env.RUNNER_TEMP, 'tandem-changed-keys'),
    'manifest-key': published.manifestKey,
    'previous-release-id': published.previous ?? '',
    'build-ms': published.buildMs ?? 0,
    'publish-ms': published.publishMs,
    'promoted-from': published.promotedFrom ? siteUrl(published.promotedFrom) : '',
  });
  if (promoted) log.info(`${inputs.dryRun ? 'Dry run: would have ' : ''}${promoted}: nothing built or uploaded from the runner${inputs.dryRun ? '; nothing was written' : ''}`);
  if (!inputs.dryRun && inputs.publish === 'assets') {
    log.info(
      `Staged release ${published.release} in ${formatDuration(elapsedMs)}: ${plan.uploads.length} new assets uploaded (${formatBytes(bytes)}), ` +
        `${published.staged.length} files staged; nothing live changed. Publish it with restore-release: ${published.release}`,
    );
  } else if (!inputs.dryRun) {
    log.info(`${inputs.restoreRelease && !published.firstPublication ? 'Restored' : 'Published'} release ${published.release} in ${formatDuration(elapsedMs)}: ${plan.uploads.length} uploaded (${formatBytes(bytes)}), ${plan.updates.length} updated, ${plan.deletes.length} deleted`);
  }
  const slowest = [...(applied?.timings ?? [])].sort((a, b) => b.ms - a.ms).slice(0, 5);
  await writeSummary(`build-and-sync-frontend${inputs.dryRun ? ' (dry run)' : ''}`, [
    {
      heading: `Release ${published.release}${inputs.restoreRelease ? (published.firstPublication ? ' (staged, now published)' : ' (restored)') : inputs.publish === 'assets' ? ' (staged)' : ''} to s3://${inputs.bucket}/${html(inputs.prefix)}`,
      table: [
        ['uploaded', 'bytes uploaded', 'headers updated', 'unchanged', 'staged', 'deleted', 'retained for skew', 'foreign (left alone)', 'stored copies pruned', 'build time', 'publish time'],
        [
          plan.uploads.length,
          formatBytes(bytes),
          plan.updates.length,
          plan.unchanged.length,
          published.staged.length,
          plan.deletes.length,
          plan.retained.length,
          plan.foreign.length,
          plan.storeDeletes.length,
          built,
          formatDuration(elapsedMs),
        ].map(String),
      ],
      lines: [
        ...(promoted ? [html(promoted)] : []),
        `Release record: <code>s3://${inputs.releasesBucket}/${html(published.manifestKey)}</code>`,
        ...[foreignNote(published, inputs, (key) => `<code>${html(key)}</code>`)].filter((line): line is string => line !== undefined),
      ],
    },
    ...(applied && applied.phases.length > 0
      ? [{ heading: 'Phases', table: [['phase', 'objects', 'time'], ...applied.phases.map((phase) => [phase.phase, String(phase.count), formatDuration(phase.ms)])] }]
      : []),
    ...(slowest.length > 0
      ? [{ heading: 'Slowest', table: [['key', 'what', 'size', 'time'], ...slowest.map((item) => [html(inputs.prefix + item.name), item.what, formatBytes(item.bytes), formatDuration(item.ms)])] }]
      : []),
  ]);
}
