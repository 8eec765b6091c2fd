// A bundle's characters outside ASCII written as \u escapes, with its source map moved to match.
//
// Node reads a module's source as UTF-8 into a V8 string. One character outside ASCII anywhere in
// the file (an ellipsis in a message, a dash in a library's comment) makes the whole file a
// two-byte string: twice the memory, a slower decode, and a slower scan for the parser. Every
// bundle had some. Escaping them keeps each program as it was: a \u escape is the same character
// in a string, a regular expression, an identifier or a template's value, and a comment means
// nothing. The one place where it would not be the same is a tagged template's raw text, which a
// tag can read; a bundle with such a character there fails the build instead.
import { parse } from 'acorn';
import { ancestor } from 'acorn-walk';
import { decode, encode } from '@jridgewell/sourcemap-codec';

// A unit outside ASCII, and the backslashes before it: an odd number makes it an identity escape
// (`\é` is `é` in a string or a regular expression), whose backslash the \u escape replaces.
const OUTSIDE_ASCII = /(\\*)([\u0080-\uffff])/g;

/** `code` with every UTF-16 unit outside ASCII escaped, and `map` (a source map's JSON) moved to match. */
export function escapeToAscii(code, map, name = 'bundle') {
  if (!/[\u0080-\uffff]/.test(code)) return { code, map };
  refuseTaggedTemplates(code, name);
  const shifts = [];
  const escaped = code.replace(OUTSIDE_ASCII, (match, backslashes, unit, offset) => {
    const identity = backslashes.length % 2 === 1;
    shifts.push({ offset: offset + backslashes.length, extra: identity ? 4 : 5 });
    return `${identity ? backslashes.slice(1) : backslashes}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return { code: escaped, map: map === undefined ? undefined : shiftMap(code, map, shifts) };
}

/** Fails when a character outside ASCII is in a tagged template, whose tag may read the raw text. */
function refuseTaggedTemplates(code, name) {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowReturnOutsideFunction: true });
  ancestor(program, {
    TemplateElement(node, _state, ancestors) {
      const template = ancestors[ancestors.length - 2];
      const tagged = ancestors[ancestors.length - 3]?.type === 'TaggedTemplateExpression' && ancestors[ancestors.length - 3].quasi === template;
      if (tagged && /[\u0080-\uffff]/.test(node.value.raw)) {
        throw new Error(`${name}: a tagged template at offset ${node.start} holds characters outside ASCII, which escaping would change for its tag`);
      }
    },
  });
}

/** The map with each generated column after an escaped unit moved right by the characters its escape added. */
function shiftMap(code, mapText, shifts) {
  const map = JSON.parse(mapText);
  const lines = decode(map.mappings);
  // The escaped units' columns, by line.
  const byLine = new Map();
  let line = 0;
  let lineStart = 0;
  let next = code.indexOf('\n');
  for (const { offset, extra } of shifts) {
    while (next !== -1 && next < offset) {
      line += 1;
      lineStart = next + 1;
      next = code.indexOf('\n', lineStart);
    }
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push({ column: offset - lineStart, extra });
  }
  for (const [index, escapes] of byLine) {
    for (const segment of lines[index] ?? []) {
      segment[0] += escapes.reduce((sum, { column, extra }) => (column < segment[0] ? sum + extra : sum), 0);
    }
  }
  map.mappings = encode(lines);
  return JSON.stringify(map);
}
