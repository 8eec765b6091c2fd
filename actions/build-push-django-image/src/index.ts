import { runAction } from '@tandem/kit';
import { ACTION, readInputs } from './inputs.js';
import { post } from './post.js';

// The rest of the action, with the AWS SDK, is loaded only once every input was read and checked;
// the post step (the run's Docker config removed) needs none of it.
await runAction({ name: ACTION, readInputs: () => readInputs(), load: () => import('./run.js'), post });
