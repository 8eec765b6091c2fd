import { chooseCache, detectBuilder, offersActionsCache, parseBuildxInspect, type BuilderInfo, type CacheKind } from '../src/builder.js';
import type { Docker, DockerResult } from '../src/docker.js';

const classic: BuilderInfo = { builder: 'docker' };
const dockerDriver: BuilderInfo = { builder: 'buildx', name: 'default', driver: 'docker' };
const container: BuilderInfo = { builder: 'buildx', name: 'builder-1', driver: 'docker-container' };
const unknownDriver: BuilderInfo = { builder: 'buildx' };

// (runtime token present?, builder) -> the cache auto picks, and whether a notice says what to add.
test.each<[boolean, BuilderInfo, CacheKind, RegExp | undefined]>([
  [true, classic, 'none', /docker buildx is not installed; for the GitHub Actions cache, add docker\/setup-buildx-action/],
  [false, classic, 'none', undefined],
  [true, dockerDriver, 'none', /builder 'default' uses the docker driver, which cannot export one; .*docker\/setup-buildx-action/],
  [false, dockerDriver, 'none', undefined],
  [true, container, 'gha', undefined],
  [false, container, 'none', undefined],
  [true, unknownDriver, 'gha', undefined],
])('cache auto, token %s, %o -> %s', (token, info, cache, notice) => {
  const choice = chooseCache('auto', info, token);
  expect(choice).toEqual(notice ? { cache, notice: expect.stringMatching(notice) } : { cache });
});

// A cache named explicitly is used where the builder can write it, else refused on the cache input.
test.each<[CacheKind, BuilderInfo, RegExp | undefined]>([
  ['gha', classic, /the gha cache needs docker buildx, which is not installed here: set cache: none/],
  ['registry', classic, /the registry cache needs docker buildx/],
  ['gha', dockerDriver, /builder 'default' uses the docker driver, which cannot export the gha cache/],
  ['registry', dockerDriver, /cannot export the registry cache/],
  ['gha', container, undefined],
  ['registry', container, undefined],
  ['none', classic, undefined],
  ['none', dockerDriver, undefined],
])('cache %s with %o', (wanted, info, refusal) => {
  const choice = chooseCache(wanted, info, true);
  expect(choice).toEqual(refusal ? { input: 'cache', message: expect.stringMatching(refusal) } : { cache: wanted });
});

test('the runner offers the Actions cache with the runtime token and a cache service URL', () => {
  expect(offersActionsCache({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results' })).toBe(true);
  expect(offersActionsCache({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'https://cache' })).toBe(true);
  expect(offersActionsCache({ ACTIONS_RUNTIME_TOKEN: 't' })).toBe(false);
  expect(offersActionsCache({ ACTIONS_RESULTS_URL: 'https://results' })).toBe(false);
});

// docker buildx inspect as buildx 0.13 prints it for the default builder and for setup-buildx-action's.
const DEFAULT_INSPECT = 'Name:   default\nDriver: docker\n\nNodes:\nName:             default\nEndpoint:         default\nStatus:           running\nBuildKit version: v0.8+unknown\nPlatforms:        linux/amd64\n';
const CONTAINER_INSPECT = 'Name:          builder-4f2a\nDriver:        docker-container\nLast Activity: 2026-11-30 01:00:00 +0000 UTC\n\nNodes:\nName:      builder-4f2a0\nEndpoint:  unix:///var/run/docker.sock\nStatus:    running\n';

test('the builder name and driver come from the first lines of docker buildx inspect', () => {
  expect(parseBuildxInspect(DEFAULT_INSPECT)).toEqual({ name: 'default', driver: 'docker' });
  expect(parseBuildxInspect(CONTAINER_INSPECT)).toEqual({ name: 'builder-4f2a', driver: 'docker-container' });
});

function scripted(answers: Record<string, DockerResult>): Docker {
  return async (args) => answers[args.join(' ')] ?? { code: 1, stdout: '', stderr: `docker: unknown command: docker ${args.join(' ')}` };
}

test.each<[string, Record<string, DockerResult>, BuilderInfo]>([
  ['no buildx plugin', {}, classic],
  ['buildx with the default builder', { 'buildx version': { code: 0, stdout: 'github.com/docker/buildx 0.13.1', stderr: '' }, 'buildx inspect': { code: 0, stdout: DEFAULT_INSPECT, stderr: '' } }, dockerDriver],
  ['buildx with a docker-container builder', { 'buildx version': { code: 0, stdout: 'github.com/docker/buildx 0.19.0', stderr: '' }, 'buildx inspect': { code: 0, stdout: CONTAINER_INSPECT, stderr: '' } }, { builder: 'buildx', name: 'builder-4f2a', driver: 'docker-container' }],
  ['buildx whose builder cannot be inspected', { 'buildx version': { code: 0, stdout: 'github.com/docker/buildx 0.19.0', stderr: '' } }, unknownDriver],
])('detectBuilder: %s', async (_name, answers, expected) => {
  expect(await detectBuilder(scripted(answers))).toEqual(expected);
});
