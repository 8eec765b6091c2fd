import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { policies, README_NAMES } from './policy.js';

// The README's IAM policy blocks are the policies least-privilege.moto.test.ts proves: same
// documents, same order (deploy, migrate-command additions, rollback-to, dry run, lock-bucket, container instances, archived images).

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## IAM policy'), readme.indexOf('\n## ', readme.indexOf('## IAM policy') + 1));
const blocks = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1]) as unknown);

test('the README shows exactly the tested policies, in order', () => {
  const expected = policies(README_NAMES);
  expect(blocks).toEqual([expected.deploy, expected.migrate, expected.rollback, expected.dryRun, expected.lock, expected.instances, expected.restore]);
});
