import { neutralise, runnerLog } from '@tandem/kit';
import { runnerCommands as runnerWouldExecute } from '@tandem/standins/workflow-commands';

// Each row is the text as neutralise prints it, with MARK where the zero-width space goes; the
// text given is the same without it.
const MARK = '\u200b';
test.each([
  ['a file name with a newline', `uploaded a\n${MARK}::error title=x::y`],
  ['a carriage return', `key\r${MARK}::set-output name=x::y`],
  ['indented', `Step 3/9 :\n${MARK}   ::warning::z`],
  ['stop-commands from a Django check line', `${MARK}::stop-commands::abc`],
  ['the legacy form anywhere in a line', `stopped: ##${MARK}[error]boom`],
  ['ordinary text', 'PUT assets/app.3f2a.js (12 KiB)'],
  ['a colon pair inside a line', 'image: shop::latest'],
])('%s', (_name, printed) => {
  const text = printed.replaceAll(MARK, '');
  expect(neutralise(text)).toBe(printed);
  expect(runnerWouldExecute(printed)).toEqual([]);
});

test('runnerLog.info prints foreign text that the runner cannot execute; its own commands still work', () => {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    runnerLog.info('Django: a\n::error title=x::y\r##[add-mask]z');
    runnerLog.warning('event: ::error::nope');
  } finally {
    process.stdout.write = write;
  }
  const stdout = written.join('');
  expect(runnerWouldExecute(stdout)).toEqual(['::warning::event: ::error::nope']);
});
