// Prints the commands that set the workflows' variables on the repository's GitHub environment,
// from the stack's outputs: `aws cloudformation describe-stacks --stack-name S --output json |
// npx tsx infra/src/variables.ts OWNER/NAME ENVIRONMENT`. With `--promote-from FILE` (staging's
// describe-stacks answer), production's PROMOTE_FROM_* too, naming staging's resources.
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

/**
 * Production's `PROMOTE_FROM_*` from staging's stack outputs: where promote.yml reads a release.
 * The repository's URI is built from the role's account and the stack's region, as ECR names it.
 */
export function promoteFromCommands(stagingOutputs: Output[], repository: string, environment: string): string[] {
  const byKey = new Map(stagingOutputs.map((output) => [output.OutputKey, output.OutputValue]));
  const read = (variable: (typeof WORKFLOW_VARIABLES)[number]) => {
    const value = byKey.get(variable.replaceAll('_', ''));
    if (!value) throw new Error(`--promote-from: the staging stack has no output ${variable.replaceAll('_', '')} (${variable}): is it a tandem-deploy infra stack?`);
    return value;
  };
  const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(read('AWS_ROLE_ARN'))?.[1];
  if (!account) throw new Error(`--promote-from: the staging stack's AWSROLEARN is not an IAM role ARN: ${read('AWS_ROLE_ARN')}`);
  const region = read('AWS_REGION');
  const values = {
    PROMOTE_FROM_REGION: region,
    PROMOTE_FROM_BUCKET: read('FRONTEND_BUCKET'),
    PROMOTE_FROM_ECR_REPOSITORY: `${account}.dkr.ecr.${region}.amazonaws.com/${read('ECR_REPOSITORY')}`,
    PROMOTE_FROM_ECS_CLUSTER: read('ECS_CLUSTER'),
    PROMOTE_FROM_ECS_SERVICE: read('ECS_SERVICE'),
  };
  return Object.entries(values).map(([variable, value]) => set(variable, value, repository, environment));
}

type Described = { Stacks?: Array<{ Outputs?: Output[] }> };
const outputsOf = (json: string): Output[] => (JSON.parse(json) as Described).Stacks?.[0]?.Outputs ?? [];

const set = (variable: string, value: string, repository: string, environment: string) =>
  `gh variable set ${variable} --repo ${quote(repository)} --env ${quote(environment)} --body ${quote(value)}`;

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [repository, environment, flag, stagingFile] = process.argv.slice(2);
  const usage = 'usage: ... | npx tsx infra/src/variables.ts OWNER/NAME ENVIRONMENT [--promote-from STAGING-DESCRIBE-STACKS.json]';
  if (!repository || !environment || (flag && (flag !== '--promote-from' || !stagingFile))) throw new Error(usage);
  const commands = variableCommands(outputsOf(readFileSync(0, 'utf8')), repository, environment);
  if (stagingFile) commands.push(...promoteFromCommands(outputsOf(readFileSync(stagingFile, 'utf8')), repository, environment));
  console.log(commands.join('\n'));
}
