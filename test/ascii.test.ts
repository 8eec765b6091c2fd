import { runInNewContext } from 'node:vm';
import { decode } from '@jridgewell/sourcemap-codec';
import { escapeToAscii } from '../scripts/ascii.mjs';

// The bundles' characters outside ASCII become \u escapes (scripts/ascii.mjs), so that Node keeps
// each bundle's source as a one-byte string. Each program must mean what it meant.
const evaluate = (code: string): unknown => runInNewContext(code);

test.each([
  ['a string', `'caf\u00e9 \u2026 \u2014'`],
  ['a string with an emoji (two UTF-16 units)', `"\u2705 done \u{1F680}"`],
  ['a template', 'const n = 2; `${n} \u2026 left`'],
  ['a regular expression', `/^[\u00e0-\u00ff]+\u2026$/.test('\u00e9\u00e8\u2026')`],
  ['a unicode regular expression with an emoji in a class', `/^[\u{1F680}\u{1F600}]$/u.test('\u{1F600}')`],
  ['a regular expression with an emoji, no u flag', `/\u{1F680}/.test('x\u{1F680}')`],
  ['an identifier', `const caf\u00e9 = 3; caf\u00e9 * 2`],
  ['a comment', `// callback\u2014that\n/* \u2026 */ 7`],
  ['an identity escape in a string', `'\\\u00e9'`],
  ['an escaped backslash before the character', `'\\\\\u00e9'`],
  ['a string property name', `({ 'n\u00e9': 1 })['n\u00e9']`],
])('%s means the same once escaped, and is ASCII', (_name, code) => {
  const escaped = escapeToAscii(code, undefined).code;
  expect(escaped).not.toMatch(/[\u0080-\uffff]/);
  expect(evaluate(escaped)).toEqual(evaluate(code));
});

test('a file already in ASCII comes back as it was, map and all', () => {
  const map = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' });
  expect(escapeToAscii('const a = 1;\n', map)).toEqual({ code: 'const a = 1;\n', map });
});

test('a tagged template holding such a character fails, naming the file: its tag may read the raw text', () => {
  expect(() => escapeToAscii('String.raw`\u2026`', undefined, 'dist/x/index.js')).toThrow(/dist\/x\/index\.js: a tagged template/);
  // An untagged template, or a tagged one in ASCII beside it, is fine.
  expect(escapeToAscii('String.raw`a`; `\u2026`', undefined).code).toBe('String.raw`a`; `\\u2026`');
});

test('the source map follows: a column after an escape moves by the characters the escape added', () => {
  // Line 0: `x('…', y)` has segments at columns 0 (x), 2 (the string) and 7 (y); line 1 is untouched.
  const code = "x('\u2026', y)\nz()";
  const map = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA,EAAE,KAAK;AACA' });
  const result = escapeToAscii(code, map);
  expect(result.code).toBe("x('\\u2026', y)\nz()");
  const lines = decode((JSON.parse(result.map ?? '{}') as { mappings: string }).mappings);
  expect(lines.map((line) => line.map((segment) => segment[0]))).toEqual([[0, 2, 12], [0]]);
  expect(result.code.split('\n')[0].indexOf('y')).toBe(12);
});
