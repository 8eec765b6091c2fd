import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '@tandem/standins/harness';

// The release workflow's pieces: the notes come from CHANGELOG.md's section for the tag, and a
// tag without notes is refused before anything is published.
const notes = (version: string, changelog?: string) =>
  spawnSync('bash', [join(REPO_ROOT, 'scripts/release-notes.sh'), version, ...(changelog ? [changelog] : [])], { encoding: 'utf8' });

test('notes of the version package.json declares come from CHANGELOG.md', () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = notes(version);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('### Added');
  expect(result.stdout).not.toContain(`## [${version}]`);
});

test.each([
  ['one section among others', '## [1.1.0]\n- newer\n\n## [1.0.0]\n- first\n', '1.0.0', 0, '- first'],
  ['the newest section stops at the next', '## [1.1.0]\n- newer\n## [1.0.0]\n- first\n', '1.1.0', 0, '- newer'],
  ['no such version', '## [1.0.0]\n- first\n', '1.0.1', 1, ''],
  ['a prefix of another version', '## [1.0.10]\n- ten\n', '1.0.1', 1, ''],
  ['an empty section', '## [1.0.0]\n\n## [0.9.0]\n- old\n', '1.0.0', 1, ''],
])('%s', (_, changelog, version, status, expected) => {
  const file = join(mkdtempSync(join(tmpdir(), 'changelog-')), 'CHANGELOG.md');
  writeFileSync(file, changelog);
  const result = notes(version, file);
  expect(result.status).toBe(status);
  expect(result.stdout.trim()).toBe(expected);
  if (status !== 0) expect(result.stderr).toContain(`no notes under '## [${version}]'`);
});

test('the release workflow runs on vX.Y.Z tags, runs ci.yml, and moves the major tag', () => {
  const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8'));
  expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
  expect(workflow.jobs.test.uses).toBe('./.github/workflows/ci.yml');
  expect(workflow.jobs.publish.needs).toBe('test');
  const script = JSON.stringify(workflow.jobs.publish.steps);
  for (const part of ['git status --porcelain', 'release-notes.sh', 'gh release create', 'git push --force origin \\"refs/tags/$major\\"']) expect(script).toContain(part);
  const ci = parse(readFileSync(join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8'));
  expect(Object.keys(ci.on)).toContain('workflow_call');
  expect(JSON.stringify(ci.jobs.test.steps)).toContain('bash .ci/run');
});
