// Writes packages/standins/src/test-durations.json, the seconds each test file took, from the
// results of a full run (npm test -- --json --outputFile=results.json), for the sequencer that
// starts the longest files first (packages/standins/src/sequencer.mjs).
// Usage: node scripts/test-durations.mjs results.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/test-durations.mjs results.json (from jest --json --outputFile=results.json)');
  process.exit(2);
}
const results = JSON.parse(readFileSync(source, 'utf8'));
const seconds = results.testResults.map((file) => [
  relative(root, file.name).split('\\').join('/'),
  Math.round((file.endTime - file.startTime) / 100) / 10,
]);
seconds.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
const target = join(root, 'packages/standins/src/test-durations.json');
writeFileSync(target, `${JSON.stringify(Object.fromEntries(seconds), null, 1)}\n`);
console.log(`${seconds.length} files, ${seconds.reduce((sum, [, s]) => sum + s, 0).toFixed(0)} s in all, written to ${relative(root, target)}`);
