// One ncc build: a single ESM bundle with its source map and licenses file.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export function build(entry, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', entry, '-o', outDir, '--source-map', '--license', 'licenses.txt', '--quiet'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`ncc failed for ${entry} (exit ${code})`))));
  });
}

