import { ECRClient } from '@aws-sdk/client-ecr';
import { runBundle, type BundleOptions, type BundleRun } from '@tandem/standins/harness';
import type { Credentials } from '@tandem/standins/iam';
import type { Moto } from '@tandem/standins/moto';
import { useImageStandIns, type ImageStandIns, type ImageStandInsOptions } from '@tandem/standins/use-image-stand-ins';
import { exampleWorkspace } from '../workspace.js';
import { REGION, REPOSITORY } from './policy.js';

// The main scenario of the trust tests: the example Django project, built on the local Django
// base (nothing can be pulled here), checked, and pushed to a local registry that accepts moto's
// ECR login. The Docker layer cache makes every build after a file's first one take seconds.

export const ACTION = 'build-push-django-image';

export interface Stage {
  workspace: string;
  /** host:port of the registry the action logs in and pushes to. */
  registry: string;
  /** The AWS endpoint the action calls (moto, or a proxy in front of it). */
  endpoint: string;
  base: string;
}

/**
 * A scenario file's stand-ins and its stage on a fresh copy of the example project, as jest hooks,
 * handed to `ready` before the file's own beforeAll runs. The action calls ECR's API at moto, or
 * at the endpoint `endpoint` puts in front of it (a fault proxy, which the file stops).
 */
export function useStage(
  ready: (made: ImageStandIns & { stage: Stage }) => void,
  options: ImageStandInsOptions & { endpoint?: (moto: Moto) => Promise<string> } = {},
): void {
  let standIns: ImageStandIns;
  useImageStandIns((made) => (standIns = made), options);
  beforeAll(async () => {
    const { moto, registry, base } = standIns;
    const [workspace, endpoint] = await Promise.all([exampleWorkspace(), options.endpoint?.(moto) ?? moto.endpoint]);
    ready({ ...standIns, stage: { workspace, registry: registry.address, endpoint, base } });
  }, 600_000);
}

export function deploy(
  stage: Stage,
  options: { inputs?: Record<string, string>; env?: Record<string, string>; credentials?: Credentials; sha: string } & Pick<BundleOptions, 'timeoutMs'>,
): Promise<BundleRun> {
  return runBundle(ACTION, {
    workspace: stage.workspace,
    sha: options.sha,
    inputs: {
      repository: REPOSITORY,
      registry: stage.registry,
      'build-args': `BASE_IMAGE=${stage.base}\nINSTALL_REQUIREMENTS=false`,
      ...options.inputs,
    },
    env: { AWS_ENDPOINT_URL: stage.endpoint, AWS_REGION: REGION, ...options.credentials, ...options.env },
    timeoutMs: options.timeoutMs ?? 300_000,
  });
}

/** An ECR client for the test's own setup and checks (the admin's keys once IAM is enforced). */
export function ecrClient(endpoint: string, credentials?: Credentials): ECRClient {
  return new ECRClient({
    endpoint,
    region: REGION,
    maxAttempts: 1,
    credentials: credentials ? { accessKeyId: credentials.AWS_ACCESS_KEY_ID, secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY } : undefined,
  });
}

/** A commit SHA of its own for each scenario, so no scenario reuses another's image by accident. */
export function commit(n: number): string {
  return n.toString(16).padStart(8, '0').repeat(5);
}
