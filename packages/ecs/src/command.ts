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
