import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { actionManifest, BUNDLE_NODE, REPO_ROOT, runBundle } from '@tandem/standins/harness';

// Every action declares `runs.using: node24`, so the bundles are tested on Node 24, whatever
// node runs jest: scripts/install-node24.sh puts it in .tools/, or BUNDLE_NODE names one.
test('the harness runs bundles on the Node major the actions declare', async () => {
  const declared = new Set(readdirSync(join(REPO_ROOT, 'actions')).map((action) => actionManifest(action).runs.using));
  expect([...declared]).toEqual(['node24']);
  const run = await runBundle('test/fixtures/node-version');
  expect(run.code).toBe(0);
  // On another major, say which node ran and how to get Node 24.
  expect({ node: BUNDLE_NODE, version: run.outputs.version }).toEqual({ node: BUNDLE_NODE, version: expect.stringMatching(/^v24\.\d+\.\d+$/) });
});
