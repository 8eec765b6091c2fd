// How the documents users copy from name this repository: every step that calls one of the
// suite's actions must say `<owner>/<repo>/actions/<action>@v<major>`, with the one repository
// name package.json gives and the major tag the release workflow moves.

const ACTION_PATH = /(?:uses:\s*)?(\.\/actions\/[\w-]+|[\w.-]+\/[\w.-]+\/actions\/[\w-]+(?:@[\w.-]+)?)/g;
const GITHUB_LINK = /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?(?=[/\s)"'#]|$)/g;

export interface NameProblem {
  line: number;
  found: string;
  expected: string;
}

/** The owner/name of a package.json `repository` (a string or `{ url }`), e.g. tandem-deploy/tandem. */
export function repositoryOf(repository: string | { url?: string } | undefined): string {
  const url = typeof repository === 'string' ? repository : repository?.url ?? '';
  const match = /^(?:github:)?([\w.-]+\/[\w.-]+?)$/.exec(url) ?? /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url);
  if (!match) throw new Error(`package.json repository does not name a GitHub repository: ${JSON.stringify(repository)}`);
  return match[1];
}

/**
 * Every reference in `text` to one of `actions` (by path) that is not `repository/actions/<name>@v<major>`,
 * and every GitHub link to a repository named like the suite's that is not `repository`.
 */
export function foreignNames(text: string, repository: string, major: number, actions: string[]): NameProblem[] {
  const problems: NameProblem[] = [];
  const [, repoName] = repository.split('/');
  text.split('\n').forEach((content, index) => {
    for (const [, reference] of content.matchAll(ACTION_PATH)) {
      const action = reference.replace(/@.*$/, '').split('/').pop() as string;
      if (!actions.includes(action)) continue;
      const expected = `${repository}/actions/${action}@v${major}`;
      if (reference !== expected) problems.push({ line: index + 1, found: reference, expected });
    }
    for (const [, linked] of content.matchAll(GITHUB_LINK)) {
      const named = linked.split('/')[1];
      if (linked !== repository && (named === repoName || /tandem/i.test(linked))) problems.push({ line: index + 1, found: `github.com/${linked}`, expected: `github.com/${repository}` });
    }
  });
  return problems;
}
