import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { ACTION, defaultDeps, run } from './run.js';

await runAction(ACTION, async (context) => {
  const inputs = readInputs();
  await run(inputs, defaultDeps(inputs), context);
});
