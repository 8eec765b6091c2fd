import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Outputs go to a file for the file's tests, as on a runner, rather than to the test log as the
 * deprecated `::set-output` command: GITHUB_OUTPUT names an empty file from beforeAll to afterAll.
 */
export function useGithubOutput(): void {
  beforeAll(() => {
    process.env.GITHUB_OUTPUT = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'output');
    writeFileSync(process.env.GITHUB_OUTPUT, '');
  });
  afterAll(() => {
    delete process.env.GITHUB_OUTPUT;
  });
}
