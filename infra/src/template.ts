/**
 * CloudFormation takes a template body of at most 51,200 bytes (`aws cloudformation deploy`
 * without an S3 bucket), and CDK's indented JSON of this stack is larger. One line per section
 * entry (each resource, output, parameter) stays under it and still diffs per resource.
 */
export const TEMPLATE_BODY_LIMIT = 51_200;

export function compact(template: Record<string, unknown>): string {
  const sections = Object.entries(template).map(([key, value]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    const entries = Object.entries(value).map(([name, entry]) => `${JSON.stringify(name)}:${JSON.stringify(entry)}`);
    return `${JSON.stringify(key)}:{\n${entries.join(',\n')}\n}`;
  });
  return `{\n${sections.join(',\n')}\n}\n`;
}
