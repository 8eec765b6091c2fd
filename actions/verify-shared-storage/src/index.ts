import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { report } from './report.js';
import { ACTION, defaultDeps, run } from './run.js';

await runAction({ name: ACTION, readInputs: () => readInputs(), defaultDeps, run, report });
