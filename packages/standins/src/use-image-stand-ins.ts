import { ensureDjangoBaseImage } from './django-image.js';
import { ensureDocker, startRegistry, type Registry } from './docker.js';
import type { Moto } from './moto.js';
import { sharedMoto } from './use-moto.js';

export interface ImageStandIns {
  /** The worker's moto: ECR's API, and the login token the registry accepts. */
  moto: Moto;
  /** A registry on loopback that takes moto's ECR login, standing in for ECR's registry. */
  registry: Registry;
  /** The local Django base image (nothing can be pulled here). */
  base: string;
}

/**
 * What a test of an image build needs, as jest hooks: the Docker Engine, then moto, a registry
 * and the Django base image, started together before the file's first test and handed to `ready`;
 * moto reset before each test unless `reset: 'file'`; the registry stopped after the file.
 * `holding`: the repositories that hold the base image's layer before the first test.
 */
export function useImageStandIns(ready: (made: ImageStandIns) => void, options: { reset?: 'each' | 'file'; holding?: string[] } = {}): void {
  let made: ImageStandIns | undefined;
  beforeAll(async () => {
    await ensureDocker();
    // With `holding`, the registry holds the base image's layer under those repositories from the
    // start (see registry-seed.ts): a push uploads the test's own layers, not the base's again.
    const registryWithBase = async (base: string) => startRegistry(options.holding ? { holding: { image: base, repositories: options.holding } } : {});
    const [moto, [registry, base]] = await Promise.all([sharedMoto(), ensureDjangoBaseImage().then(async (base) => [await registryWithBase(base), base] as const)]);
    made = { moto, registry, base };
    ready(made);
  }, 600_000);
  if (options.reset !== 'file') beforeEach(() => made?.moto.reset());
  afterAll(async () => {
    await made?.registry.stop();
  });
}
