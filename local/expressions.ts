// The part of GitHub Actions' expression language the suite's workflows use: literals,
// property paths (vars.X, steps.id.outputs.y, needs.job.outputs.z, inputs.x, github.sha),
// ==, !=, &&, ||, !, parentheses, and the status functions always(), success(), failure().
// Enough to run deploy.yml and rollback.yml locally; anything else is refused by name.

export type Context = Record<string, unknown>;

type Token = { kind: 'string' | 'number' | 'name' | 'op' | 'paren'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][\w.-]*(?:\(\))?)|(==|!=|&&|\|\||!)|([()]))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) throw new Error(`cannot read expression at '${source.slice(at)}'`);
    at = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].slice(1, -1).replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'name', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'op', text: match[4] });
    else tokens.push({ kind: 'paren', text: match[5] });
  }
  return tokens;
}

function lookup(context: Context, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function truthy(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === '' || value === 0);
}

function loose(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Evaluates one expression (what stands inside ${{ }}, or an `if:` without it). */
export function evaluate(source: string, context: Context): unknown {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];

  const primary = (): unknown => {
    const token = take();
    if (!token) throw new Error(`expression ends early: ${source}`);
    if (token.kind === 'paren' && token.text === '(') {
      const value = or();
      if (take()?.text !== ')') throw new Error(`missing ) in ${source}`);
      return value;
    }
    if (token.kind === 'op' && token.text === '!') return !truthy(primary());
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'name') {
      if (token.text === 'true' || token.text === 'false') return token.text === 'true';
      if (token.text === 'null') return null;
      if (token.text.endsWith('()')) {
        const status = lookup(context, 'job.status');
        switch (token.text) {
          case 'always()':
            return true;
          case 'success()':
            return status !== 'failure';
          case 'failure()':
            return status === 'failure';
          case 'cancelled()':
            return false;
          default:
            throw new Error(`function ${token.text} is not supported locally`);
        }
      }
      return lookup(context, token.text);
    }
    throw new Error(`unexpected '${token.text}' in ${source}`);
  };
  const comparison = (): unknown => {
    let left = primary();
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = take().text;
      const right = primary();
      const equal = loose(left).toLowerCase() === loose(right).toLowerCase();
      left = op === '==' ? equal : !equal;
    }
    return left;
  };
  // `a && b` is b when a is truthy, else a; `a || b` is a when a is truthy, else b: left to right.
  const chain = (op: '&&' | '||', operand: () => unknown) => (): unknown => {
    let left = operand();
    while (peek()?.text === op) {
      take();
      const right = operand();
      left = truthy(left) === (op === '&&') ? right : left;
    }
    return left;
  };
  const and = chain('&&', comparison);
  const or = chain('||', and);
  const value = or();
  if (at !== tokens.length) throw new Error(`unexpected '${tokens[at].text}' in ${source}`);
  return value;
}

/** Replaces every ${{ }} in a string with its value, as the runner does for `with:` values. */
export function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression: string) => loose(evaluate(expression, context)));
}

/** An `if:` condition: with or without ${{ }}; a job's default is success(). */
export function condition(text: string | undefined, context: Context): boolean {
  if (text === undefined) return truthy(evaluate('success()', context));
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  return truthy(evaluate(inner ? inner[1] : text, context));
}

export { truthy };
