import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, PublishResult } from '@tandem/frontend';
import { recordingLog } from '@tandem/standins/log';
import { foreignNote, printable, report } from '../src/report.js';
import { inputs } from './site.js';

const resultWith = (foreign: string[]) => ({ plan: { foreign } as unknown as Plan }) as PublishResult;

test.each([
  ['a plain key', 'media/upload-1.jpg', 'media/upload-1.jpg'],
  ['a line break that would start a workflow command', 'media/a\n::error::owned', 'media/a\\x0a::error::owned'],
  ['a carriage return and a tab', 'a\rb\tc', 'a\\x0db\\x09c'],
  ['unicode stays', 'médias/🍰.jpg', 'médias/🍰.jpg'],
])('printable: %s', (_name, key, shown) => {
  expect(printable(key)).toBe(shown);
});

test('the foreign note counts every foreign object and names the first five, prefix included', () => {
  const keys = Array.from({ length: 7 }, (_, i) => `upload-${i}.jpg`);
  const note = foreignNote(resultWith(keys), inputs({ bucket: 'shop-site', prefix: 'web' }));
  expect(note).toBe('7 object(s) under the prefix that no release of this site wrote, left alone: web/upload-0.jpg, web/upload-1.jpg, web/upload-2.jpg, web/upload-3.jpg, web/upload-4.jpg and 2 more');
  expect(foreignNote(resultWith([]), inputs({ bucket: 'shop-site' }))).toBeUndefined();
  expect(foreignNote(resultWith(['x\n::warning::y']), inputs({ bucket: 'shop-site' }))).not.toContain('\n');
});

describe('the job summary and outputs', () => {
  const emptyPlan: Plan = { preserve: [], uploads: [], updates: [], unchanged: [], deletes: [], retained: [], foreign: [], storeDeletes: [], missing: [] };
  const result: PublishResult = { release: 'r1', plan: emptyPlan, manifestKey: '_releases/manifests/r1.json', changedKeys: [], heads: 0, staged: [], firstPublication: false };
  let dir: string;
  const saved = { summary: process.env.GITHUB_STEP_SUMMARY, output: process.env.GITHUB_OUTPUT };
  // @actions/core keeps the summary file's path once it has seen it: one folder for every case.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-'));
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
    process.env.GITHUB_OUTPUT = join(dir, 'output');
  });
  beforeEach(async () => {
    await writeFile(join(dir, 'summary'), '');
    await writeFile(join(dir, 'output'), '');
  });
  afterAll(() => {
    process.env.GITHUB_STEP_SUMMARY = saved.summary;
    process.env.GITHUB_OUTPUT = saved.output;
  });

  test.each([
    ['a build of 83.4 s next to the publish time', 83_400, '<td>1m 23s</td><td>2.5s</td>', '83400'],
    ['nothing built (a restore, or build-command: none)', undefined, '<td>no build</td><td>2.5s</td>', '0'],
  ])('%s', async (_name, buildMs, cells, output) => {
    await report({ ...result, inputs: inputs({ bucket: 'shop-site' }), buildMs, publishMs: 2_500 }, { log: recordingLog() });
    const summary = await readFile(join(dir, 'summary'), 'utf8');
    expect(summary).toContain('<th>build time</th><th>publish time</th>');
    expect(summary).toContain(cells);
    const outputs = await readFile(join(dir, 'output'), 'utf8');
    expect(outputs).toMatch(new RegExp(`build-ms<<(\\S+)\\n${output}\\n`));
    expect(outputs).toMatch(/publish-ms<<(\S+)\n2500\n/);
  });

  test('a promotion: the summary line and the promoted-from output name the source; empty otherwise', async () => {
    const log = recordingLog();
    const from = { bucket: 'shop-staging', prefix: 'web/', region: 'us-east-1', release: 'r1' };
    await report({ ...result, promotedFrom: from, inputs: inputs({ bucket: 'shop-site', 'promote-from': 'shop-staging/web', 'promote-from-region': 'us-east-1' }), publishMs: 2_500 }, { log });
    expect(await readFile(join(dir, 'summary'), 'utf8')).toContain('promoted r1 from s3://shop-staging/web/ (us-east-1)');
    expect(await readFile(join(dir, 'output'), 'utf8')).toMatch(/promoted-from<<(\S+)\ns3:\/\/shop-staging\/web\/\n/);
    expect(log.text()).toContain('promoted r1 from s3://shop-staging/web/ (us-east-1): nothing built or uploaded from the runner');
    await writeFile(join(dir, 'output'), '');
    await report({ ...result, inputs: inputs({ bucket: 'shop-site' }), publishMs: 2_500 }, { log: recordingLog() });
    expect(await readFile(join(dir, 'output'), 'utf8')).toMatch(/promoted-from<<(\S+)\n\n/);
  });
});
