import { ensureDjangoBaseImage } from './django-image.js';
import { ensureDocker, startRegistry, type Registry } from './docker.js';
import type { Moto } from './moto.js';
import { sharedMoto } from './use-moto.js';

export interface ImageStandIns {
  /** The worker's moto: ECR's API, and the login token the registry accepts. */
  moto: Moto;
  /** A registry on loopback that takes moto's ECR login, standing in for ECR's registry. */
  registry: Registry;
  /** Every registry started, `registry` first: the others stand in for other environments' ECR registries. */
  registries: Registry[];
  /** The local Django base image (nothing can be pulled here). */
  base: string;
}

export interface ImageStandInsOptions {
  /** 'each' (default): moto is reset before every test; 'file': once, before the file's first test. */
  reset?: 'each' | 'file';
  /** How many registries to start (default 1), e.g. 2 for staging's and production's. */
  registries?: number;
  /** The repositories under which every registry holds the base image's layer before the first test. */
  holding?: string[];
}

/**
 * What a test of an image build needs, as jest hooks: the Docker Engine, then moto, the
 * registries and the Django base image, started together before the file's first test and handed
 * to `ready`; moto reset before each test unless `reset: 'file'`; the registries stopped after
 * the file.
 */
export function useImageStandIns(ready: (made: ImageStandIns) => void, options: ImageStandInsOptions = {}): void {
  let made: ImageStandIns | undefined;
  beforeAll(async () => {
    await ensureDocker();
    // With `holding`, each registry holds the base image's layer under those repositories from the
    // start (see registry-seed.ts): a push uploads the test's own layers, not the base's again.
    const startRegistries = (base: string) =>
      Promise.all(Array.from({ length: options.registries ?? 1 }, () => startRegistry(options.holding ? { holding: { image: base, repositories: options.holding } } : {})));
    const [moto, { base, registries }] = await Promise.all([sharedMoto(), ensureDjangoBaseImage().then(async (base) => ({ base, registries: await startRegistries(base) }))]);
    made = { moto, registry: registries[0], registries, base };
    ready(made);
  }, 600_000);
  if (options.reset !== 'file') beforeEach(() => made?.moto.reset());
  afterAll(async () => {
    await Promise.all((made?.registries ?? []).map((registry) => registry.stop()));
  });
}
