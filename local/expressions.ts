// GitHub Actions expressions, read and evaluated by GitHub's own library (@actions/expressions,
// the one behind the Actions language service), so the local run reads deploy.yml and
// rollback.yml the way the runner does: every operator, literal and built-in function
// (contains, startsWith, format, toJSON, ...). The job status functions are not part of that
// library (the runner supplies them), so they are given here from `job.status`.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';

export type Context = Record<string, unknown>;

const STATUS_FUNCTIONS = ['always', 'success', 'failure', 'cancelled'] as const;

function statusFunctions(status: unknown): Map<string, FunctionDefinition> {
  const value: Record<(typeof STATUS_FUNCTIONS)[number], boolean> = {
    always: true,
    success: status !== 'failure',
    failure: status === 'failure',
    cancelled: false,
  };
  return new Map(
    STATUS_FUNCTIONS.map((name) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value[name]) }]),
  );
}

function toData(context: Context): data.Dictionary {
  return JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
}

function toPlain(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer)) as unknown;
}

/** Evaluates one expression (what stands inside ${{ }}, or an `if:` without it). */
export function evaluate(source: string, context: Context): unknown {
  const lexed = new Lexer(source).lex();
  const functions = statusFunctions((context.job as { status?: unknown } | undefined)?.status);
  const tree = new Parser(lexed.tokens, Object.keys(context), [...functions.values()]).parse();
  return toPlain(new Evaluator(tree, toData(context), functions).evaluate());
}

/** The value as the runner writes it into a string: null becomes empty, the rest their text. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Truthiness as the expression language defines it: false, 0, -0, '', null are false. */
export function truthy(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === '' || value === 0);
}

/** Replaces every ${{ }} in a string with its value, as the runner does for `with:` values. */
export function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression: string) => asText(evaluate(expression, context)));
}

/** An `if:` condition: with or without ${{ }}; a job's default is success(). */
export function condition(text: string | undefined, context: Context): boolean {
  if (text === undefined) return truthy(evaluate('success()', context));
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  return truthy(evaluate(inner ? inner[1] : text, context));
}
