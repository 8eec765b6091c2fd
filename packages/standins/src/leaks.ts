import type { BundleRun } from './harness.js';

export interface Leak {
  secret: string;
  where: 'stdout' | 'stderr' | 'outputs' | 'summary' | 'env' | 'state';
  context: string;
}

function around(text: string, at: number, length: number): string {
  return text.slice(Math.max(0, at - 40), at + length + 40).replace(/\n/g, '\\n');
}

/**
 * Every place a secret shows in what a step wrote. The runner masks a value in its log only from
 * the moment the step prints `::add-mask::<value>`: an occurrence in stdout before that, in
 * stderr, or in any file (outputs, summary, GITHUB_ENV, GITHUB_STATE) is a leak.
 */
export function findLeaks(run: BundleRun, secrets: string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets.filter((value) => value.length >= 4)) {
    const maskCommand = `::add-mask::${secret}`;
    const maskedFrom = run.stdout.indexOf(maskCommand);
    let at = run.stdout.indexOf(secret);
    while (at >= 0) {
      const isTheMaskCommand = run.stdout.startsWith(maskCommand, at - '::add-mask::'.length);
      if (!isTheMaskCommand && (maskedFrom < 0 || at < maskedFrom)) leaks.push({ secret, where: 'stdout', context: around(run.stdout, at, secret.length) });
      at = run.stdout.indexOf(secret, at + 1);
    }
    const files: Array<[Leak['where'], string]> = [
      ['stderr', run.stderr],
      ['outputs', run.files.output],
      ['summary', run.files.summary],
      ['env', run.files.env],
      ['state', run.files.state],
    ];
    for (const [where, text] of files) {
      const found = text.indexOf(secret);
      if (found >= 0) leaks.push({ secret, where, context: around(text, found, secret.length) });
    }
  }
  return leaks;
}
