import { formatBytes, formatDuration, setOutputs, writeSummary } from '@tandem/kit';
import type { CheckResult } from './build-step.js';

export interface Outcome {
  image: string;
  digest: string;
  tags: string[];
  built: boolean;
  pushed: boolean;
  size?: number;
  buildMs?: number;
  builder?: string;
  checks: CheckResult[];
  repositoryCreated: boolean;
  /** The job-private Docker config holding the registry login, until the post step removes it. */
  dockerConfig: string;
  /** With promote-from: the source image by digest. */
  promotedFrom?: string;
}

export function writeOutputs(outcome: Outcome): void {
  setOutputs({ image: outcome.image, digest: outcome.digest, tags: outcome.tags, built: outcome.built, 'docker-config': outcome.dockerConfig, 'promoted-from': outcome.promotedFrom ?? '' });
}

function checkCell(checks: CheckResult[]): string {
  if (checks.length === 0) return 'not run';
  const mark = (check: CheckResult) => (!check.passed ? '❌' : check.warnings.length || check.left ? '⚠️' : '✅');
  const note = (check: CheckResult) =>
    check.left ? `: left to the deploy: ${check.left}` : check.passed && check.warnings.length ? `: ${check.warnings.length} warning(s) let through: ${check.warnings.join('; ')}` : '';
  return checks.map((check) => `${mark(check)} ${check.name} (${formatDuration(check.ms)})${note(check)}`).join('<br>');
}

function imageWas(outcome: Outcome): string {
  if (outcome.promotedFrom) return outcome.pushed ? 'promoted: copied by digest from the source environment' : 'promoted earlier: this repository already held the digest under every tag';
  if (outcome.built) return outcome.pushed ? 'built and pushed' : 'built, not pushed (push: false)';
  return 'reused: this commit was already in the registry';
}

export async function writeReport(outcome: Outcome): Promise<void> {
  const table = [
    ['', ''],
    ['image', `\`${outcome.image}\``],
    ['digest', outcome.digest ? `\`${outcome.digest}\`` : 'not pushed'],
    ['tags', outcome.tags.map((tag) => `\`${tag}\``).join(', ')],
    ['size', outcome.size === undefined ? 'unknown' : `${formatBytes(outcome.size)} (compressed, in the registry)`],
    ['image was', imageWas(outcome)],
    ['build time', outcome.buildMs === undefined ? 'no build' : `${formatDuration(outcome.buildMs)} (${outcome.builder})`],
    ['Django checks', outcome.built ? checkCell(outcome.checks) : outcome.promotedFrom ? 'ran when the source environment built the image' : 'ran when the image was built'],
  ];
  if (outcome.promotedFrom) table.splice(2, 0, ['promoted from', `\`${outcome.promotedFrom}\` (same digest, nothing built)`]);
  if (outcome.repositoryCreated) table.push(['repository', 'created (scan on push, untagged images expire)']);
  await writeSummary('build-push-django-image', [{ heading: 'Image', table }]);
}

const lastLine = (output: string) => output.trim().split('\n').pop()?.trim() ?? '';

/**
 * The error's account of the failed checks: each one's output and advice, but one output for
 * checks that ended on the same line, as all three do when the settings do not load.
 */
export function failedChecksDetail(failed: CheckResult[]): string {
  const groups: Array<{ names: string[]; check: CheckResult; advice: string[] }> = [];
  for (const check of failed) {
    const last = lastLine(check.output);
    const same = last ? groups.find((group) => lastLine(group.check.output) === last) : undefined;
    if (same) same.names.push(check.name);
    else groups.push({ names: [check.name], check, advice: [] });
    if (check.advice) (same ?? groups[groups.length - 1]).advice.push(check.advice);
  }
  return groups
    .map(({ names, check, advice }) => [`--- ${names.join(', ')}${names.length > 1 ? ': each ended with the same error ---' : ' ---'}`, check.output, ...advice].join('\n'))
    .join('\n');
}

export async function writeFailedChecks(image: string, checks: CheckResult[]): Promise<void> {
  const failed = checks.filter((check) => !check.passed);
  await writeSummary('build-push-django-image', [
    {
      heading: 'Django checks failed: nothing was pushed',
      table: [['check', 'result'], ...checks.map((check) => [check.name, check.left ? '⚠️ left to the deploy' : check.passed ? (check.warnings.length ? `⚠️ passed with ${check.warnings.length} warning(s)` : '✅ passed') : '❌ failed'])],
      lines: failed.map((check) => `<details><summary>${check.name}</summary>\n\n\`\`\`\n${check.output}\n\`\`\`\n</details>${check.advice ? `\n\n${check.advice.replace(/\n/g, '<br>')}` : ''}`),
    },
    { heading: 'Image', lines: [`built locally as \`${image}\``] },
  ]);
}

/** The step's outputs and job summary. */
export async function report(outcome: Outcome): Promise<void> {
  writeOutputs(outcome);
  await writeReport(outcome);
}
