// Makes the Django base image ahead of `npm test`: `npx tsx packages/standins/src/prepare-base-image.ts`.
// On a fresh machine the first Docker test makes it (debootstrap, about a minute) while the other
// Docker tests wait for it; .ci/run makes it in the background while the type check, the bundles'
// build and the lint run instead. A run that finds it made (or being made) goes on as before.
import { ensureDocker } from './docker.js';
import { ensureDjangoBaseImage } from './django-image.js';

const started = Date.now();
await ensureDocker();
const name = await ensureDjangoBaseImage();
console.log(`${name} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
