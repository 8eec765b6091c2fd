// The app: one stack per environment in infra/environments.json, checked with cdk-nag's
// AwsSolutions rules. Every finding is either fixed or suppressed where the resource is made,
// with the reason; an unsuppressed one fails the synth.
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promoteSource, readEnvironments, type EnvironmentInput } from './config.js';
import { TandemStack } from './stack.js';

export const INFRA_ROOT = join(import.meta.dirname, '..');
export const ENVIRONMENTS_FILE = join(INFRA_ROOT, 'environments.json');

export function readEnvironmentsFile(path = ENVIRONMENTS_FILE): EnvironmentInput[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path}: must be a JSON array of environments`);
  return parsed as EnvironmentInput[];
}

export function buildApp(inputs: EnvironmentInput[], outdir?: string): { app: App; stacks: TandemStack[] } {
  const configs = readEnvironments(inputs);
  const app = new App({ outdir, analyticsReporting: false });
  const stacks = configs.map((config) => new TandemStack(app, config, { promoteSource: promoteSource(config, configs) }));
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stacks };
}
