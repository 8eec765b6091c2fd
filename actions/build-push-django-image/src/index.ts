import * as core from '@actions/core';
import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { ACTION, CONFIG_STATE, cleanUp, defaultDeps, report, run } from './run.js';

await runAction(
  ACTION,
  async (context) => {
    const inputs = readInputs();
    await report(await run(inputs, defaultDeps(inputs), context));
  },
  async () => cleanUp(core.getState(CONFIG_STATE)),
);
