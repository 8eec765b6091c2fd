import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, INLINE_LIST_BYTES, listOutput, readListFile, type ListFile } from '@tandem/kit';

const keys = (count: number) => Array.from({ length: count }, (_, i) => `docs/page-${String(i).padStart(5, '0')}/index.html`);

test('a list is given inline while its JSON fits, well under the 128 KiB Linux allows an input', async () => {
  expect(INLINE_LIST_BYTES).toBeLessThanOrEqual(128 * 1024 / 2);
  const dir = await mkdtemp(join(tmpdir(), 'list-'));
  const short = keys(100);
  expect(listOutput(short, dir, 'changed-keys')).toBe(short);
  const fits = keys(Math.floor(INLINE_LIST_BYTES / (keys(1)[0].length + 3)));
  expect(Buffer.byteLength(JSON.stringify(fits))).toBeLessThanOrEqual(INLINE_LIST_BYTES);
  expect(Array.isArray(listOutput(fits, dir, 'changed-keys'))).toBe(true);
});

test('a longer list goes to a file in the folder given, named by the output and read back whole', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'list-'));
  const long = keys(3000);
  const output = listOutput(long, dir, 'tandem-changed-keys') as ListFile;
  expect(output).toEqual({ file: expect.stringMatching(new RegExp(`^${dir}/tandem-changed-keys-[0-9a-f-]{36}\\.json$`)), count: 3000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(JSON.stringify(output).length).toBeLessThan(300);
  expect(JSON.parse(await readFile(output.file, 'utf8'))).toEqual(long);
  expect(readListFile(JSON.parse(JSON.stringify(output)), 'changed-keys')).toEqual(long);
});

test.each<[string, unknown]>([
  ['an array', ['a']],
  ['a string', 'a'],
  ['null', null],
  ['an object of another shape', { changed: ['a'] }],
  ['a count that is text', { file: '/x', count: '3', sha256: 'a' }],
])('%s is not a list file', (_name, value) => expect(readListFile(value, 'changed-keys')).toBeUndefined());

test('a list file that is not on this runner, or not what was written, fails naming the input', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'list-'));
  const output = listOutput(keys(3000), dir, 'changed-keys') as ListFile;
  const refusal = (value: ListFile) => {
    try {
      readListFile(value, 'changed-keys');
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const missing = refusal({ ...output, file: join(dir, 'other-job.json') });
  expect(missing).toBeInstanceOf(ConfigurationError);
  expect((missing as Error).message).toBe(`Input 'changed-keys': names a list of 3000 items in ${join(dir, 'other-job.json')}, which is not on this runner: the step that wrote it ran in another job. Run this step in the same job, after it`);
  expect((refusal({ ...output, count: 2999 }) as Error).message).toBe(`Input 'changed-keys': ${output.file} is not the list of 2999 items that was written there`);
  await writeFile(output.file, JSON.stringify(keys(2999).concat('x')));
  expect((refusal(output) as Error).message).toContain('is not the list of 3000 items that was written there');
});
