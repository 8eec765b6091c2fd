// The action's hashing of a build output against `sha256sum` over the same files, in a process of
// its own (bundled, run on the Node the action runs on). Prints one JSON line of milliseconds:
//   list: the walk of the directory (names and sizes);
//   hash: hashSums alone, every file's SHA-256, what `sha256sum` computes;
//   pass: readBuild, the action's one pass, which also parses every page and looks for service
//         worker registrations in the bytes it hashed (the reference check's reading).
// Run: npx tsx bench/frontend/hashing.ts DIR (the benchmark bundles it first).
import { hashSums, listSource, readBuild } from '@tandem/frontend';

const dir = process.argv[2];
if (!dir) throw new Error('usage: hashing.ts DIR');

const timed = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
};

async function main(): Promise<void> {
  const [list, listed] = await timed(() => listSource(dir, { requireIndex: true }));
  const [hash, { sums }] = await timed(() => hashSums(listed, 16));
  const [pass, read] = await timed(() => readBuild(listed, 16));
  if (read.sums.some((sum, i) => sum !== sums[i])) throw new Error('readBuild and hashSums disagree');
  console.log(JSON.stringify({ files: listed.length, list: Math.round(list), hash: Math.round(hash), pass: Math.round(pass), pages: read.links.size }));
}

// Bundled as CommonJS, as the planner is (the SDK's dependencies require node built-ins): no top-level await.
void main();
