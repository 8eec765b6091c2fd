import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tandem/standins/harness';

// Each bundle's entry chunk (dist/<action>/index.js) holds what reads and checks the inputs;
// runAction loads the rest, the AWS clients and the action's run, from chunks of their own once
// every input was read (packages/kit/src/entry.ts). A bad input fails the step without them.
const ACTIONS = readdirSync(join(REPO_ROOT, 'actions')).sort();

/** The sources a bundle file was built from, by its source map. */
const sourcesOf = (action: string, file: string): string[] =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'dist', action, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
const chunksOf = (action: string) => readdirSync(join(REPO_ROOT, 'dist', action)).filter((name) => /^\d+\.index\.js$/.test(name));

test.each(ACTIONS)('%s: the entry chunk reads the inputs; the run and the AWS clients are loaded after', (action) => {
  const entry = sourcesOf(action, 'index.js');
  expect(entry).toContainEqual(expect.stringMatching(new RegExp(`actions/${action}/src/inputs\\.ts$`)));
  expect(entry).not.toContainEqual(expect.stringMatching(new RegExp(`actions/${action}/src/run\\.ts$`)));
  // No client, command or credential provider: at most the ECS schemas, which check a task definition file.
  expect(entry.filter((source) => /node_modules\/@aws-sdk\//.test(source) && !/client-ecs\/dist-es\/(schemas|models)\//.test(source))).toEqual([]);
  const later = chunksOf(action).flatMap((chunk) => sourcesOf(action, chunk));
  expect(later).toContainEqual(expect.stringMatching(new RegExp(`actions/${action}/src/run\\.ts$`)));
  expect(later).toContainEqual(expect.stringMatching(/node_modules\/@aws-sdk\/client-[a-z0-9-]+\/dist-es\/[A-Za-z0-9]+Client\.js$/));
});

// Node keeps a module's source as a one-byte string only when every character is ASCII
// (scripts/ascii.mjs): each JavaScript file of a bundle is.
test.each(ACTIONS)('%s: every JavaScript file of the bundle is ASCII', (action) => {
  const files = ['index.js', ...chunksOf(action)];
  const outside = files.filter((file) => /[\u0080-\uffff]/.test(readFileSync(join(REPO_ROOT, 'dist', action, file), 'utf8')));
  expect(outside).toEqual([]);
});
