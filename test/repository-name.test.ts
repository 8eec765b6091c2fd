import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '@tandem/standins/harness';
import { foreignNames, repositoryOf } from '@tandem/standins/repository-name';

// One repository name in everything users read or copy, and a tag the release process makes.
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; repository: string | { url: string } };
const REPOSITORY = repositoryOf(pkg.repository);
const MAJOR = Number(pkg.version.split('.')[0]);
const ACTIONS = readdirSync(join(REPO_ROOT, 'actions')).filter((name) => existsSync(join(REPO_ROOT, 'actions', name, 'action.yml')));

function documents(): string[] {
  const files = ['README.md', 'CHANGELOG.md', 'SECURITY.md'].map((name) => join(REPO_ROOT, name));
  for (const action of ACTIONS) files.push(join(REPO_ROOT, 'actions', action, 'README.md'), join(REPO_ROOT, 'actions', action, 'action.yml'));
  for (const example of readdirSync(join(REPO_ROOT, 'examples'))) files.push(join(REPO_ROOT, 'examples', example, 'README.md'));
  const workflows = join(REPO_ROOT, '.github', 'workflows');
  for (const name of readdirSync(workflows)) files.push(join(workflows, name));
  return files.filter((file) => existsSync(file));
}

test('package.json names the repository, and its major version is a tag the release workflow moves', () => {
  expect(REPOSITORY).toBe('tandem-deploy/tandem');
  expect(MAJOR).toBeGreaterThanOrEqual(1);
  const release = readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8');
  expect(release).toContain("tags:\n      - 'v[0-9]+.[0-9]+.[0-9]+'");
  expect(readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}]`);
});

test.each(documents().map((file) => [relative(REPO_ROOT, file), file]))('%s names the repository one way', (_, file) => {
  expect(foreignNames(readFileSync(file, 'utf8'), REPOSITORY, MAJOR, ACTIONS)).toEqual([]);
});

test('the workflows users copy call the suite by that name and tag', () => {
  for (const name of ['deploy.yml', 'promote.yml', 'rollback.yml']) {
    const text = readFileSync(join(REPO_ROOT, '.github/workflows', name), 'utf8');
    expect(text).toContain(`uses: ${REPOSITORY}/actions/`);
  }
});

const bad: Array<[string, string]> = [
  ['another owner', 'uses: example/tandem-deploy/actions/invalidate-cdn@v1'],
  ['a local path', '  - uses: ./actions/verify-shared-storage'],
  ['no tag', 'uses: tandem-deploy/tandem/actions/invalidate-cdn'],
  ['a tag no release makes', 'uses: tandem-deploy/tandem/actions/invalidate-cdn@v2'],
  ['a branch', 'uses: tandem-deploy/tandem/actions/invalidate-cdn@main'],
  ['a link to another spelling', 'see https://github.com/tandem/tandem-deploy/issues'],
  ['a link to a fork of the same name', 'https://github.com/someone/tandem'],
];
test.each(bad)('refused: %s', (_, text) => {
  expect(foreignNames(text, 'tandem-deploy/tandem', 1, ['invalidate-cdn', 'verify-shared-storage'])).toHaveLength(1);
});

const good: Array<[string, string]> = [
  ['the name and tag', 'uses: tandem-deploy/tandem/actions/invalidate-cdn@v1'],
  ['a link to the repository', 'https://github.com/tandem-deploy/tandem/security/advisories/new'],
  ['another project\'s action', 'uses: aws-actions/configure-aws-credentials@v6'],
  ['a path that is not an action of the suite', 'uses: actions/checkout@v7'],
];
test.each(good)('accepted: %s', (_, text) => {
  expect(foreignNames(text, 'tandem-deploy/tandem', 1, ['invalidate-cdn', 'verify-shared-storage'])).toEqual([]);
});

test('repository field forms', () => {
  expect(repositoryOf('github:tandem-deploy/tandem')).toBe('tandem-deploy/tandem');
  expect(repositoryOf({ url: 'git+https://github.com/tandem-deploy/tandem.git' })).toBe('tandem-deploy/tandem');
  expect(() => repositoryOf(undefined)).toThrow('package.json repository');
});
