// moto's CloudFormation does not model some of the template's resource types (CloudFront's, the
// IAM OIDC provider, Secrets Manager's): it accepts them without making them, and a Ref or
// Fn::GetAtt naming one gives nothing, which then fails the resources that use it. As
// LOCAL-AWS.md advises, the test makes those through their own API from the template's
// properties; the template moto gets has them taken out and every reference to them replaced by
// what that API returned.

type Json = unknown;
export interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
}
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, Json>;
  [section: string]: Json;
}

export const UNMODELLED = /^AWS::(CloudFront::|IAM::OIDCProvider$|SecretsManager::)/;

/** Logical id -> the value of `Ref` and of each attribute read with Fn::GetAtt. */
export type Made = Record<string, Record<string, string>>;

export function unmodelled(template: Template): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => UNMODELLED.test(resource.Type));
}

export function withoutUnmodelled(template: Template, made: Made): Template {
  const removed = new Set(unmodelled(template).map(([id]) => id));
  const valueOf = (id: string, attribute: string): string => {
    const value = made[id]?.[attribute];
    if (value === undefined) throw new Error(`the template reads ${id}.${attribute}, which the test did not make`);
    return value;
  };
  const replace = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(replace);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, Json>;
    if (typeof object.Ref === 'string' && removed.has(object.Ref)) return valueOf(object.Ref, 'Ref');
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && removed.has(String(getAtt[0]))) return valueOf(String(getAtt[0]), String(getAtt[1]));
    return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, replace(inner)]));
  };
  const kept = Object.entries(template.Resources).filter(([id]) => !removed.has(id));
  return { ...template, Resources: Object.fromEntries(kept.map(([id, resource]) => [id, replace(resource) as Resource])), Outputs: replace(template.Outputs) as Template['Outputs'] };
}
