// Builds dist/<action>/ for every actions/<action>/src/index.ts with ncc: one bundle per action,
// with a source map and a licenses file. Adding an action means adding a folder.
// Usage: npm run package [-- name ...]
import { existsSync, readdirSync } from 'node:fs';
import { build } from './ncc.mjs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions'))
  .filter((name) => existsSync(join(root, 'actions', name, 'src', 'index.ts')))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
for (const name of wanted) if (!actions.includes(name)) throw new Error(`no action named ${name} (actions/${name}/src/index.ts)`);

const queue = [...actions];
const started = Date.now();
async function worker() {
  for (let name = queue.shift(); name; name = queue.shift()) {
    const t0 = Date.now();
    await build(join('actions', name, 'src', 'index.ts'), join('dist', name));
    console.log(`dist/${name}/index.js built in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}
await Promise.all(Array.from({ length: Math.min(2, cpus().length) }, worker));
console.log(`${actions.length} bundle(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
