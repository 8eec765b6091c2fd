// The stdout lines GitHub's runner would read as workflow commands, by its two parsers
// (actions/runner ActionCommand): TryParseV2, a line that starts with `::` once leading white
// space is trimmed; TryParse, the legacy form, `##[` anywhere in a line. The runner splits its
// output at \n, \r\n and a lone \r (.NET's ReadLine).
export function runnerCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));
}

/** The commands that are not the runner's own toolkit output: anything but masks, groups, debug lines and outputs. */
export function foreignCommands(stdout: string): string[] {
  return runnerCommands(stdout).filter((line) => !/^::(add-mask|group|endgroup|debug|warning)::/.test(line));
}
