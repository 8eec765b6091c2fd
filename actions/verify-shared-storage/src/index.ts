import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { defaultDeps, run } from './run.js';

await runAction('verify-shared-storage', async () => {
  const inputs = readInputs();
  await run(inputs, defaultDeps(inputs));
});
