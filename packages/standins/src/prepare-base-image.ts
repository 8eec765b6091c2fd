// Makes the Django base image, and the registry seed that holds its layer, ahead of `npm test`:
// `npx tsx packages/standins/src/prepare-base-image.ts`. On a fresh machine the first Docker test
// makes them (debootstrap, about a minute; then a push of the 340 MB layer, which dockerd
// compresses) while the other Docker tests wait; .ci/run makes them in the background while the
// type check, the bundles' build and the lint run instead. A run that finds them made (or being
// made) goes on as before.
import { ensureDocker, startRegistry } from './docker.js';
import { ensureDjangoBaseImage } from './django-image.js';

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
await ensureDocker();
const name = await ensureDjangoBaseImage();
console.log(`${name} ready after ${seconds()} s`);
const registry = await startRegistry({ holding: { image: name, repositories: [] } });
await registry.stop();
console.log(`the registry seed of ${name} ready after ${seconds()} s`);
