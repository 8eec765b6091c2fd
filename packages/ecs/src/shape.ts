import leven from 'leven';
import { RegisterTaskDefinitionRequest$, TaskDefinition$ } from '@aws-sdk/client-ecs';
import { resolve } from './registerable.js';

// A task-definition file is checked against the schema the installed @aws-sdk/client-ecs carries
// at runtime (`RegisterTaskDefinitionRequest$`, the static schema its serializer uses), not
// against a hand-written list: the SDK is generated from the ECS API model, so every key and
// nesting it knows (containerDefinitions[].healthCheck, logConfiguration.options, ...) is checked,
// and an SDK upgrade brings new keys with it. The schema's layout: a structure is
// `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount?]` (the first
// requiredCount members are required), a list `[1, ns, name, traits, member]`, a map
// `[2, ns, name, traits, key, value]`; scalars are numbers (0 string, 1 number, 2 boolean,
// 4-7 timestamps), `64 | scalar` a list of them and `128 | scalar` a map of them.

export interface ShapeProblem {
  /** Where in the file: `containerDefinitions[0].enviroment`. */
  path: string;
  problem: string;
}

const LIST = 64;
const MAP = 128;
const SCALAR_NAMES: Record<number, string> = { 0: 'a string', 1: 'a number', 2: 'true or false' };

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'a string' : `a ${typeof value}`} (${JSON.stringify(value)})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The name meant by a misspelt key: same letters in another case, else the nearest by edit distance. */
export function suggestKey(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = names.find((name) => name.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: string | undefined;
  let distance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = leven(lower, name.toLowerCase());
    if (d < distance) [best, distance] = [name, d];
  }
  // One edit in four letters (at least one): "enviroment" finds environment, "image" never finds "name".
  return best && distance <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function checkScalar(value: unknown, code: number, path: string, problems: ShapeProblem[]): void {
  if (code & LIST) {
    if (!Array.isArray(value)) problems.push({ path, problem: `expected a list, got ${kindOf(value)}` });
    else value.forEach((item, index) => checkScalar(item, code & ~LIST, `${path}[${index}]`, problems));
    return;
  }
  if (code & MAP) {
    if (!isRecord(value)) problems.push({ path, problem: `expected an object of names to values, got ${kindOf(value)}` });
    else Object.entries(value).forEach(([key, item]) => checkScalar(item, code & ~MAP, at(path, key), problems));
    return;
  }
  const expected = SCALAR_NAMES[code];
  const ok = code === 0 ? typeof value === 'string' : code === 1 ? typeof value === 'number' && Number.isFinite(value) : code === 2 ? typeof value === 'boolean' : true;
  if (ok) return;
  const hint = code === 0 && typeof value === 'number' ? `: write it in quotes, "${value}"` : '';
  problems.push({ path, problem: `expected ${expected}, got ${kindOf(value)}${hint}` });
}

/** Every way `value` differs from `schema`: unknown keys (with the key probably meant), wrong kinds, missing required keys. */
export function checkShape(value: unknown, schema: unknown, path = '', problems: ShapeProblem[] = []): ShapeProblem[] {
  // JSON null and YAML `~` mean "not set", as RegisterTaskDefinition reads an absent key.
  if (value === null || value === undefined) return problems;
  const shape = resolve(schema);
  if (typeof shape === 'number') {
    checkScalar(value, shape, path, problems);
    return problems;
  }
  if (!Array.isArray(shape)) return problems;
  const kind = shape[0];
  if (kind === 3) {
    if (!isRecord(value)) return [...problems, { path: path || '(the file)', problem: `expected an object, got ${kindOf(value)}` }];
    const names = shape[4] as string[];
    const members = shape[5] as unknown[];
    for (const [key, item] of Object.entries(value)) {
      const index = names.indexOf(key);
      if (index >= 0) {
        checkShape(item, members[index], at(path, key), problems);
        continue;
      }
      const meant = suggestKey(key, names);
      problems.push({ path: at(path, key), problem: `is not a key here${meant ? `: did you mean ${meant}?` : ''} (known: ${names.join(', ')})` });
    }
    const required = typeof shape[6] === 'number' ? names.slice(0, shape[6]) : [];
    for (const name of required) if (value[name] === undefined || value[name] === null) problems.push({ path: at(path, name), problem: 'is required' });
  } else if (kind === 1) {
    if (!Array.isArray(value)) problems.push({ path, problem: `expected a list, got ${kindOf(value)}` });
    else value.forEach((item, index) => checkShape(item, shape[4], `${path}[${index}]`, problems));
  } else if (kind === 2) {
    if (!isRecord(value)) problems.push({ path, problem: `expected an object of names to values, got ${kindOf(value)}` });
    else Object.entries(value).forEach(([key, item]) => checkShape(item, shape[5], at(path, key), problems));
  }
  return problems;
}

function memberNames(schema: unknown): string[] {
  const shape = resolve(schema);
  return Array.isArray(shape) && shape[0] === 3 ? [...(shape[4] as string[])] : [];
}

/**
 * Top-level keys DescribeTaskDefinition answers with that RegisterTaskDefinition does not take
 * (taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt/By,
 * deregisteredAt, ...): both shapes from the SDK. A file pasted from describe-task-definition
 * holds them; they are dropped, and said so.
 */
export function readOnlyKeys(): string[] {
  const request = new Set(memberNames(RegisterTaskDefinitionRequest$));
  return memberNames(TaskDefinition$).filter((name) => !request.has(name));
}

/** The shape of RegisterTaskDefinition's request, for checkShape. */
export const REGISTER_TASK_DEFINITION = RegisterTaskDefinitionRequest$;
