import { runBundle } from '@tandem/standins/harness';
import { useMoto } from '@tandem/standins/use-moto';
import { foreignCommands } from '@tandem/standins/workflow-commands';
import { createBucket, makeSite, s3Client } from '../site.js';

// A file in the React build whose name holds a line break and a workflow command: the plan lines
// print every key, and the runner must not read the second half as `::error`.
const moto = useMoto({ reset: 'file' });
beforeAll(async () => {
  await createBucket(s3Client(), 'shop-site');
});

test.each([
  ['a line break', 'assets/a\n::error title=x::y', 'error title=x::y'],
  ['a carriage return', 'assets/b\r::error title=x::y', 'error title=x::y'],
  ['the legacy form', 'assets/c ##[error]y.js', '[error]y.js'],
])('a build output file name with %s prints no workflow command', async (_name, name, shown) => {
  const site = await makeSite({ 'index.html': '<script src="/assets/index-00000001.js"></script>', 'assets/index-00000001.js': 'console.log(1)', [name]: 'x' });
  const run = await runBundle('build-and-sync-frontend', {
    inputs: { bucket: 'shop-site', 'build-command': 'none', 'source-dir': site, 'release-id': `r-${name.length}-${name.charCodeAt(8)}`, 'dry-run': 'true' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  // The file is in the plan the log shows, as written, and nothing of it is a command.
  expect(run.stdout).toContain(shown);
  expect(foreignCommands(run.stdout)).toEqual([]);
}, 60_000);
