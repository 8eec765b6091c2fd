// One ncc build: an ESM bundle with its source map and licenses file.
// The bundle is written to a fresh folder beside the target and swapped in only when ncc
// succeeded, so a failed build (ncc type-checks the program) leaves the committed bundle as it was.
//
// Packages are resolved by their `module` entry (their ES module build) before `main`. The AWS
// SDK's `main` build is one file per client, evaluated whole when the action starts; its ES build
// is a module per command and loads each credential provider with import(), which the bundle
// keeps as a chunk file (<id>.index.js) loaded only when that provider is asked. The bundles are
// 6-13% smaller, and starting one took 3-18% less CPU on Node 24 (20-30 interleaved runs per
// action). ncc's CLI has no option for it, so each build runs ncc's API in a child process (two
// bundles build in parallel) and writes what the CLI writes: index.js, its map and the assets.
// licenses.txt is written here, from the source maps of the entry and of every chunk (each
// package that has code in them, with its license file): ncc's license plugin writes one file per
// chunk under the one name it is given, so the last chunk's overwrote the others', and it left
// out packages whose code only a chunk holds (@aws-sdk/token-providers).
// undici (0.9 MB of source, 40% of a bundle) comes in through @actions/http-client, which
// @actions/core imports for getIDToken. http-client calls it only in getAgentDispatcher (fetch
// through a proxy), which only @actions/github uses, and @actions/github fetches with it. So a
// bundle is first built with undici left out (the import becomes Node's own 'node:module', where
// ProxyAgent is undefined and never reached) and built again with it when any of its sources
// other than http-client imports undici, or @actions/github is in it (rolling-deploy-behind-elb).
// Starting invalidate-cdn took 0.290 s of CPU rather than 0.356 s (median of 30 interleaved runs
// on Node 24, stopping at the first input check) and its index.js is 1.37 MB rather than 2.30 MB.
// ncc's persistent cache (~/.cache/ncc/<hash of the working folder>) is off: it is keyed by the
// entry's path and ncc's version only, so a build could take module resolutions cached by an
// earlier build with other options. That happened: a checkout built in a folder where an older
// commit had been built before got two bundles resolved by `main`, without their chunks.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { escapeToAscii } from './ascii.mjs';

const root = resolve(import.meta.dirname, '..');

export function build(entry, outDir) {
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [import.meta.filename, entry, staging], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
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

/** In the child: ncc's API (as the CLI's --source-map --quiet), the files the CLI writes, and licenses.txt. */
async function write(entry, outDir) {
  const ncc = createRequire(import.meta.url)('@vercel/ncc');
  const compile = (externals) => ncc(resolve(root, entry), { sourceMap: true, quiet: true, mainFields: ['module', 'main'], cache: false, externals });
  let built = await compile({ undici: 'node:module' });
  if (needsUndici(built)) built = await compile({});
  const { code, map, assets, symlinks } = built;
  const file = (name, source, mode) => {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), source, { mode });
  };
  // Every JavaScript file in ASCII, its map moved to match (scripts/ascii.mjs says why).
  const main = escapeToAscii(code, map, join(outDir, 'index.js'));
  file('index.js', main.code);
  if (main.map) file('index.js.map', main.map);
  for (const [name, asset] of Object.entries(assets)) {
    if (name.endsWith('.js.map') && assets[name.slice(0, -'.map'.length)]) continue;
    if (!name.endsWith('.js')) {
      file(name, asset.source, asset.permissions);
      continue;
    }
    const mapAsset = assets[`${name}.map`];
    const chunk = escapeToAscii(asset.source.toString(), mapAsset?.source.toString(), join(outDir, name));
    file(name, chunk.code, asset.permissions);
    if (chunk.map) file(`${name}.map`, chunk.map, mapAsset.permissions);
  }
  file('licenses.txt', licenses(sourceMaps(built).flatMap((parsed) => parsed.sources)));
  for (const [name, target] of Object.entries(symlinks ?? {})) symlinkSync(target, join(outDir, name));
}

/** The parsed source maps of a build: the entry's and every chunk's. */
function sourceMaps({ map, assets }) {
  const texts = [map, ...Object.entries(assets).filter(([name]) => name.endsWith('.js.map')).map(([, asset]) => asset.source.toString())];
  return texts.filter(Boolean).map((text) => JSON.parse(text));
}

/** Whether a build made without undici has code that may reach it (see the top of this file). */
function needsUndici(built) {
  return sourceMaps(built).some(({ sources, sourcesContent = [] }) => sources.some((source, i) => /node_modules\/@actions\/github\//.test(source)
    || (!/node_modules\/@actions\/http-client\//.test(source) && /(?:from|import|require)\s*\(?\s*['"]undici['"]/.test(sourcesContent[i] ?? ''))));
}

/** The licenses of the packages the sources come from, by name: name, license, the package's license file. */
function licenses(sources) {
  const folders = new Set();
  for (const source of sources) {
    // A source is named from the repository's root behind ../ (ncc's sourceMapBasePrefix). The
    // package is the one under the last node_modules/ (a nested copy has its own license); a
    // source under none is this repository's own code.
    const folder = /^(?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+\//.exec(source.replace(/^(\.\.?\/)+/, ''));
    if (folder) folders.add(join(root, folder[0]));
  }
  const entries = [...folders].map((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const text = readdirSync(folder).sort().find((name) => /^(licen[cs]e|copying)(\..*)?$/i.test(name));
    return [manifest.name, manifest.license, text && readFileSync(join(folder, text), 'utf8').trim()].filter(Boolean).join('\n');
  });
  // By name (each entry starts with it), and a package's copies with the same text once.
  const sorted = [...new Set(entries)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((entry) => `${entry}\n`).join('\n');
}

if (process.argv[1] === import.meta.filename) {
  const [entry, outDir] = process.argv.slice(2);
  await write(entry, outDir);
}
