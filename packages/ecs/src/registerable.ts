import { RegisterTaskDefinitionRequest$ } from '@aws-sdk/client-ecs';

// Which keys RegisterTaskDefinition accepts comes from the SDK's own schema of its input:
// @aws-sdk/client-ecs exports `RegisterTaskDefinitionRequest$`, the static schema its serializer
// uses (`[3 (structure), namespace, name, traits, memberNames, memberSchemas]`, nested members as
// `() => schema` or `[schema, traits]`, lists `[1, ns, name, traits, member]`, maps
// `[2, ns, name, traits, key, value]`). ncc bundles the SDK version from package-lock.json, so the
// key set is fixed when the action is built and follows the SDK when it is upgraded, down to
// nested shapes (containerDefinitions[].*, logConfiguration, healthCheck...). Anything
// DescribeTaskDefinition returns that the request shape lacks (taskDefinitionArn, revision,
// status, requiresAttributes, compatibilities, registeredAt/By, deregisteredAt, keys newer than
// the SDK) is dropped and reported.

type Schema = unknown;

/** A member's schema without its `() => schema` and `[schema, traits]` wrappers. */
export function resolve(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    if (typeof current === 'function') current = (current as () => Schema)();
    else if (Array.isArray(current) && current.length === 2) current = current[0];
    else return current;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function keepShape(value: unknown, schema: Schema, path: string, dropped: string[]): unknown {
  const shape = resolve(schema);
  if (!Array.isArray(shape)) return value;
  const kind = shape[0];
  if (kind === 3 && isRecord(value)) {
    const names = shape[4] as string[];
    const members = shape[5] as Schema[];
    const kept: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const at = names.indexOf(key);
      if (at < 0) dropped.push(`${path}${key}`);
      else if (member !== undefined && member !== null) kept[key] = keepShape(member, members[at], `${path}${key}.`, dropped);
    }
    return kept;
  }
  if (kind === 1 && Array.isArray(value)) {
    return value.map((item, index) => keepShape(item, shape[4], `${path.replace(/\.$/, '')}[${index}].`, dropped));
  }
  if (kind === 2 && isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, keepShape(item, shape[5], `${path}${key}.`, dropped)]));
  }
  return value;
}

/** The top-level keys RegisterTaskDefinition accepts, from the SDK's schema. */
export function registerableKeys(): string[] {
  const shape = resolve(RegisterTaskDefinitionRequest$);
  if (!Array.isArray(shape) || shape[0] !== 3 || !Array.isArray(shape[4]) || !shape[4].includes('containerDefinitions')) {
    throw new Error('the SDK no longer describes RegisterTaskDefinitionRequest as expected: update packages/ecs/src/registerable.ts');
  }
  return [...(shape[4] as string[])];
}

/**
 * What of a described task definition (and anything else) RegisterTaskDefinition accepts, at
 * every level, and the paths of what it does not (`revision`, `containerDefinitions[0].newKey`).
 */
export function registerable(described: Record<string, unknown>): { input: Record<string, unknown>; dropped: string[] } {
  registerableKeys();
  const dropped: string[] = [];
  const input = keepShape(described, RegisterTaskDefinitionRequest$, '', dropped) as Record<string, unknown>;
  return { input, dropped };
}
