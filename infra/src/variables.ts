// Prints the commands that set the workflows' variables on the repository's GitHub environment,
// from the stack's outputs: `aws cloudformation describe-stacks --stack-name S --output json |
// npx tsx infra/src/variables.ts OWNER/NAME ENVIRONMENT`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPTIONAL_WORKFLOW_VARIABLES, WORKFLOW_VARIABLES } from './stack.js';

interface Output {
  OutputKey?: string;
  OutputValue?: string;
}

/** One `gh variable set` per workflow variable; an output missing from the stack is refused. */
export function variableCommands(outputs: Output[], repository: string, environment: string): string[] {
  const byKey = new Map(outputs.map((output) => [output.OutputKey, output.OutputValue]));
  const required = WORKFLOW_VARIABLES.map((variable) => {
    // Output keys are alphanumeric in CloudFormation: AWS_ROLE_ARN is the output AWSROLEARN.
    const value = byKey.get(variable.replaceAll('_', ''));
    if (!value) throw new Error(`the stack has no output ${variable.replaceAll('_', '')} (${variable}): is it a tandem-deploy infra stack?`);
    return set(variable, value, repository, environment);
  });
  // ECS_WORKER_SERVICE only when the stack has a worker; deploy.yml deploys web alone without it.
  const optional = OPTIONAL_WORKFLOW_VARIABLES.flatMap((variable) => {
    const value = byKey.get(variable.replaceAll('_', ''));
    return value ? [set(variable, value, repository, environment)] : [];
  });
  return [...required, ...optional];
}

const set = (variable: string, value: string, repository: string, environment: string) =>
  `gh variable set ${variable} --repo ${quote(repository)} --env ${quote(environment)} --body ${quote(value)}`;

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [repository, environment] = process.argv.slice(2);
  if (!repository || !environment) throw new Error('usage: ... | npx tsx infra/src/variables.ts OWNER/NAME ENVIRONMENT');
  const described = JSON.parse(readFileSync(0, 'utf8')) as { Stacks?: Array<{ Outputs?: Output[] }> };
  console.log(variableCommands(described.Stacks?.[0]?.Outputs ?? [], repository, environment).join('\n'));
}
