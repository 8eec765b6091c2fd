import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { ACTION, defaultDeps, report, run } from './run.js';

await runAction({ name: ACTION, readInputs: () => readInputs(), defaultDeps, run, report });
