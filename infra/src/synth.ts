// Writes infra/template/<stack>.template.json, the committed templates that
// `aws cloudformation deploy` takes as they are; CI synthesizes again and fails on a difference.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, INFRA_ROOT, readEnvironmentsFile } from './app.js';
import { findings } from './findings.js';
import { compact } from './template.js';

const outdir = mkdtempSync(join(tmpdir(), 'tandem-infra-'));
try {
  const { app, stacks } = buildApp(readEnvironmentsFile(), outdir);
  const assembly = app.synth();
  const left = stacks.flatMap((stack) => findings(assembly.getStackArtifact(stack.artifactId)));
  if (left.length > 0) {
    for (const finding of left) console.error(`${finding.level} ${finding.path}: ${finding.message}`);
    throw new Error(`${left.length} findings neither fixed nor suppressed with a reason`);
  }
  const target = join(INFRA_ROOT, 'template');
  mkdirSync(target, { recursive: true });
  for (const stack of stacks) {
    const template = JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8'));
    writeFileSync(join(target, `${stack.stackName}.template.json`), compact(template));
    console.log(`infra/template/${stack.stackName}.template.json`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
