// A pure module: the inputs read it before the rest of the action (and the AWS SDK) is loaded.

/** `python manage.py migrate --noinput`, or a JSON array, to the argv ECS runs. Quotes group words. */
export function splitCommand(command: string): string[] {
  const text = command.trim();
  if (text.startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) throw new Error('a JSON command must be an array of strings');
    return parsed;
  }
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2] ?? match[3]);
  }
  return words;
}

const OPERATORS = new Set(['&&', '||', '|', ';', '&', '>', '>>', '<', '2>&1', '2>', '|&']);
const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|dash|ash|zsh)$/;

/**
 * What in an argv only a shell would understand: ECS starts the command's first word with the
 * rest as its arguments, and no shell reads `&&`, `;`, a redirect or `$VAR` in between, so
 * `python manage.py migrate --noinput && python manage.py collectstatic --noinput` would hand
 * migrate eight arguments and fail. Undefined for a plain command, or one that runs a shell
 * with `-c` itself. The fix given keeps the user's words.
 */
export function shellProblem(argv: readonly string[]): string | undefined {
  if (SHELLS.test(argv[0] ?? '') && argv.slice(1).some((word) => /^-[a-z]*c[a-z]*$/.test(word))) return undefined;
  const forShell = (part: string) => OPERATORS.has(part) || /;$/.test(part) || /^\$\{?[A-Za-z_]/.test(part) || part.includes('$(') || part.includes('`');
  const word = argv.find(forShell);
  if (word === undefined) return undefined;
  // The shell's words stay bare for sh to read; any other word with a character sh would read is single-quoted.
  const line = argv.map((part) => (forShell(part) || /^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'"'"'`)}'`)).join(' ');
  // Within the input's double quotes only '"' and '\\' are escaped (splitCommand's reading).
  return (
    `holds '${word}', which only a shell understands, and ECS runs the command without one: its words would reach ${argv[0]} as arguments. ` +
    `Run it through the image's shell: sh -c "${line.replace(/["\\]/g, '\\$&')}"`
  );
}
