// Test support: what every moto file of the rollout shares.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';
import { createEcsWorld, type EcsWorld, type WorldOptions } from '@tandem/standins/ecs-world';

/**
 * moto whose rollouts complete after 1 s (with `buckets` made after each reset), a GITHUB_OUTPUT
 * file for the file's runs to write their outputs to, and before each test a new service as
 * `world` describes it, handed to `ready`.
 */
export function useRolloutWorld(world: WorldOptions, ready: (made: EcsWorld) => void, options: { buckets?: string[] } = {}): void {
  useMoto({ script: MOTO_ROLLOUTS, env: { MOTO_ROLLOUT_SECONDS: '1' }, buckets: options.buckets });
  beforeAll(() => {
    process.env.GITHUB_OUTPUT = join(mkdtempSync(join(tmpdir(), 'rollouts-')), 'output');
    writeFileSync(process.env.GITHUB_OUTPUT, '');
  });
  beforeEach(async () => ready(await createEcsWorld(world)));
  afterAll(() => {
    delete process.env.GITHUB_OUTPUT;
  });
}
