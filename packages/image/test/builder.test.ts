import { chooseCache, detectBuilder, imageStoreOf, offersActionsCache, parseBuildxInspect, type BuilderInfo, type CacheKind } from '../src/builder.js';
import type { Docker, DockerResult } from '../src/docker.js';

const classic: BuilderInfo = { builder: 'docker' };
const dockerDriver: BuilderInfo = { builder: 'buildx', name: 'default', driver: 'docker', imageStore: 'classic' };
// The docker driver on the containerd image store exports the local, registry and gha caches (Docker's cache backends page).
const containerdStore: BuilderInfo = { builder: 'buildx', name: 'default', driver: 'docker', imageStore: 'containerd' };
const container: BuilderInfo = { builder: 'buildx', name: 'builder-1', driver: 'docker-container' };
const unknownDriver: BuilderInfo = { builder: 'buildx' };

// (runtime token present?, builder) -> the cache auto picks, and whether a notice says what to add.
test.each<[boolean, BuilderInfo, CacheKind, RegExp | undefined]>([
  [true, classic, 'none', /docker buildx is not installed; for the GitHub Actions cache, add docker\/setup-buildx-action/],
  [false, classic, 'none', undefined],
  [true, dockerDriver, 'none', /builder 'default' uses the docker driver on Docker's classic image store, which cannot export one; .*docker\/setup-buildx-action.*containerd image store/],
  [false, dockerDriver, 'none', undefined],
  [true, containerdStore, 'gha', undefined],
  [false, containerdStore, 'none', undefined],
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
  ['gha', dockerDriver, /builder 'default' uses the docker driver on Docker's classic image store, which cannot export the gha cache/],
  ['registry', dockerDriver, /cannot export the registry cache: set cache: none, add docker\/setup-buildx-action .*, or turn on the Docker Engine's containerd image store/],
  ['gha', containerdStore, undefined],
  ['registry', containerdStore, undefined],
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

// docker info --format '{{json .DriverStatus}}': Docker 20.10's overlay2, and Docker 28.5's containerd image store.
const CLASSIC_STATUS = '[["Backing Filesystem","extfs"],["Supports d_type","true"],["Native Overlay Diff","true"],["userxattr","false"]]';
const CONTAINERD_STATUS = '[["driver-type","io.containerd.snapshotter.v1"]]';

test.each([
  [CLASSIC_STATUS, 'classic'],
  [CONTAINERD_STATUS, 'containerd'],
  ['null', 'classic'],
  ['not json', 'classic'],
])('imageStoreOf(%s) is %s', (status, store) => {
  expect(imageStoreOf(status)).toBe(store);
});

const ok = (stdout: string): DockerResult => ({ code: 0, stdout, stderr: '' });
const BUILDX = { 'buildx version': ok('github.com/docker/buildx 0.13.1'), 'buildx inspect': ok(DEFAULT_INSPECT) };
const INFO = 'info --format {{json .DriverStatus}}';

test.each<[string, Record<string, DockerResult>, BuilderInfo]>([
  ['no buildx plugin', {}, classic],
  ['buildx with the default builder', { ...BUILDX, [INFO]: ok(`${CLASSIC_STATUS}\n`) }, dockerDriver],
  ['buildx with the default builder on the containerd image store', { ...BUILDX, [INFO]: ok(`${CONTAINERD_STATUS}\n`) }, containerdStore],
  ['buildx with the default builder, docker info failing', BUILDX, dockerDriver],
  ['buildx with a docker-container builder', { 'buildx version': { code: 0, stdout: 'github.com/docker/buildx 0.19.0', stderr: '' }, 'buildx inspect': { code: 0, stdout: CONTAINER_INSPECT, stderr: '' } }, { builder: 'buildx', name: 'builder-4f2a', driver: 'docker-container' }],
  ['buildx whose builder cannot be inspected', { 'buildx version': { code: 0, stdout: 'github.com/docker/buildx 0.19.0', stderr: '' } }, unknownDriver],
])('detectBuilder: %s', async (_name, answers, expected) => {
  expect(await detectBuilder(scripted(answers))).toEqual(expected);
});
