// One ncc build: a single ESM bundle with its source map and licenses file.
// The bundle is written to a fresh folder beside the target and swapped in only when ncc
// succeeded, so a failed build (ncc type-checks the program) leaves the committed bundle as it was.
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export function build(entry, outDir) {
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  return new Promise((done, fail) => {
    const args = [join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', entry, '-o', staging, '--source-map', '--license', 'licenses.txt', '--quiet'];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    child.on('close', (code) => {
      if (code !== 0) {
        rmSync(staging, { recursive: true, force: true });
        fail(new Error(`ncc failed for ${entry} (exit ${code})`));
        return;
      }
      if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
      renameSync(staging, outDir);
      done();
    });
  });
}
