import * as core from '@actions/core';
import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { report } from './report.js';
import { ACTION, CONFIG_STATE, cleanUp, defaultDeps, run } from './run.js';

await runAction({ name: ACTION, readInputs: () => readInputs(), defaultDeps, run, report, post: (context) => cleanUp(core.getState(CONFIG_STATE), context.log) });
