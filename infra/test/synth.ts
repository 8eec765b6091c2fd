// One synth of the example environments shared by a test file: a synth takes seconds.
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, readEnvironmentsFile } from '../src/app.js';
import type { EnvironmentInput } from '../src/config.js';
import { findings, type Finding } from '../src/findings.js';
import type { TandemStack } from '../src/stack.js';

export interface Synthesized {
  stack: TandemStack;
  template: Template;
  /** The template as CloudFormation gets it. */
  json: Record<string, unknown>;
  findings: Finding[];
}

export function synthesize(inputs: EnvironmentInput[] = readEnvironmentsFile()): Synthesized[] {
  const { app, stacks } = buildApp(inputs);
  const assembly = app.synth();
  return stacks.map((stack) => {
    const artifact = assembly.getStackArtifact(stack.artifactId);
    return { stack, template: Template.fromJSON(artifact.template), json: artifact.template, findings: findings(artifact) };
  });
}
