import { runAction } from '@tandem/kit';
import { ACTION, readInputs } from './inputs.js';

// The rest of the action, with the AWS SDK, is loaded only once every input was read and checked.
await runAction({ name: ACTION, readInputs: () => readInputs(), load: () => import('./run.js') });
