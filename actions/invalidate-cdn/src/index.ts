import { runAction } from '@tandem/kit';
import { readInputs } from './inputs.js';
import { defaultDeps, run } from './run.js';

await runAction('invalidate-cdn', async (context) => {
  await run(readInputs(), defaultDeps(), context);
});
