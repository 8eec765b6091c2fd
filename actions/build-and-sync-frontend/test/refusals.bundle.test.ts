import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { appWorkspace, s3Client, snapshot } from './site.js';

// Refusals that need a build in a workspace, each after a release went live: the step fails,
// names the input, writes no output and leaves the bucket as it was. Inputs refused for what
// they say are in trust/bad-input.bundle.test.ts's catalogue, where every AWS call is checked too.
// The release is deployed once (moto is reset once, for the file), and each refusal gets a copy
// of the workspace it was built in: a refused step changes nothing, and each test checks so.

const ACTION = 'build-and-sync-frontend';
const BUCKET = 'shop-site';
const moto = useMoto({ buckets: [BUCKET], reset: 'file' });

function deploy(dir: string, inputs: Record<string, string>, version: string) {
  return runBundle(ACTION, {
    workspace: dir,
    inputs: { bucket: BUCKET, 'working-directory': 'app', ...inputs },
    env: { AWS_ENDPOINT_URL: moto.endpoint, BUILD_VERSION: version },
  });
}

let built: string;
let before: Awaited<ReturnType<typeof snapshot>>;
beforeAll(async () => {
  built = await appWorkspace();
  const live = await deploy(built, {}, '1');
  expect(live.errors).toEqual([]);
  expect(live.code).toBe(0);
  before = await snapshot(s3Client(), BUCKET);
  expect(Object.keys(before)).toContain('index.html');
});

test.each<[string, Record<string, string>, string, ((dir: string) => Promise<void>)?]>([
  ['a missing source dir', { 'build-command': 'none', 'source-dir': 'nope' }, "Input 'source-dir':", undefined],
  ['an empty source dir', { 'build-command': 'true', 'source-dir': 'empty' }, 'is empty: refusing to publish an empty site', (d) => mkdir(join(d, 'app/empty'))],
  ['no index.html', { 'build-command': 'rm dist/index.html' }, 'no build output found', undefined],
  ['no index.html in a given source dir', { 'build-command': 'rm dist/index.html', 'source-dir': 'dist' }, 'has no index.html', undefined],
  ['a symlink out of the source dir', { 'build-command': 'ln -s /etc dist/etc' }, 'outside the source directory', undefined],
  ['more deletions than max-deletes', { 'build-command': 'rm -r dist && mkdir dist && echo hi > dist/index.html', 'max-deletes': '0', 'keep-releases': '1', 'prune-after': '0s' }, "Input 'max-deletes': the plan would delete", undefined],
  [
    'a failing build, its last lines in the error without colours',
    { 'build-command': "printf 'vite building for production...\\n\\033[31mx Build failed in 40ms\\033[39m\\n' && echo 'src/App.jsx (12:4): Unexpected token' >&2 && exit 3" },
    "exited with code 3; nothing was published. Its last lines:\nvite building for production...\nx Build failed in 40ms\nsrc/App.jsx (12:4): Unexpected token",
    undefined,
  ],
])('%s', async (_name, inputs, message, prepare) => {
  const dir = await appWorkspace(built);
  await prepare?.(dir);
  const run = await deploy(dir, { 'release-id': 'r2', ...inputs }, '2');
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toContain(message);
  expect(run.outputs).toEqual({});
  expect(await snapshot(s3Client(), BUCKET)).toEqual(before);
});
