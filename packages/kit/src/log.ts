import * as core from '@actions/core';

/** What the actions print. The runner's log in production; a recording in tests. */
export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

// The runner reads every stdout line (split at \n, \r\n or a lone \r) as a workflow command when
// it starts with `::` after leading white space, or when it holds `##[` anywhere (the legacy form,
// still parsed). A zero-width space in front of the `::`, and between `##` and `[`, leaves the line
// as it reads but no longer a command. .NET's TrimStart does not remove it.
const ZERO_WIDTH_SPACE = '\u200b';
const LINE_BREAK = /(\r\n|\r|\n)/;
// Wider than .NET's white space on purpose: escaping one line too many does no harm.
const COMMAND_START = /^[\s\u0085\u180e\u200b-\u200d\u2060\ufeff]*::/;

/**
 * Text from users or AWS (file names, S3 keys, ECS events, stopped-task reasons, docker and
 * Django output) made safe to print: no line of it can be read by the runner as a workflow
 * command. Commands the suite issues itself go through @actions/core, which escapes their data.
 */
export function neutralise(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((part, index) => {
      if (index % 2 === 1) return part;
      const line = part.split('##[').join(`##${ZERO_WIDTH_SPACE}[`);
      return COMMAND_START.test(line) ? ZERO_WIDTH_SPACE + line : line;
    })
    .join('');
}

// Every line the suite prints goes through `neutralise`: messages mix the suite's words with
// names and output from outside, so no call site has to remember which is which.
export const runnerLog: Log = {
  info: (message) => core.info(neutralise(message)),
  warning: (message) => core.warning(neutralise(message)),
  debug: (message) => core.debug(neutralise(message)),
};
