import { neutralise, runnerLog } from '@tandem/kit';
import { runnerCommands as runnerWouldExecute } from '@tandem/standins/workflow-commands';

test.each([
  ['a file name with a newline', 'uploaded a\n::error title=x::y', 'uploaded a\n\u200b::error title=x::y'],
  ['a carriage return', 'key\r::set-output name=x::y', 'key\r\u200b::set-output name=x::y'],
  ['indented', 'Step 3/9 :\n   ::warning::z', 'Step 3/9 :\n\u200b   ::warning::z'],
  ['stop-commands from a Django check line', '::stop-commands::abc', '\u200b::stop-commands::abc'],
  ['the legacy form anywhere in a line', 'stopped: ##[error]boom', 'stopped: ##\u200b[error]boom'],
  ['ordinary text', 'PUT assets/app.3f2a.js (12 KiB)', 'PUT assets/app.3f2a.js (12 KiB)'],
  ['a colon pair inside a line', 'image: shop::latest', 'image: shop::latest'],
])('%s', (_name, text, expected) => {
  expect(neutralise(text)).toBe(expected);
  expect(runnerWouldExecute(neutralise(text))).toEqual([]);
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
