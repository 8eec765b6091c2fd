// On AWS a push to ECR is the ECR API's record of the image: DescribeImages lists it at once.
// Here each registry is a local one and the ECR API is moto's, which never sees a push. So after
// each image step of a local run, what it pushed is recorded in moto's ECR of the step's region
// (repository, tag, digest, manifest), and a promotion's DescribeImages in the source region
// finds what staging's deploy pushed, as it would there.
import { ECRClient } from '@aws-sdk/client-ecr';
import { recordInEcr } from '@tandem/standins/ecr-registry';
import type { LocalStack } from './stack.js';
import type { StepReport } from './workflow.js';

/** The image step's pushed image as registry address, repository and tags; undefined for anything else. */
export function pushedImage(report: StepReport): { address: string; repository: string; tags: string[] } | undefined {
  const outputs = report.run?.outputs;
  if (report.action !== 'build-push-django-image' || report.status !== 'success' || !outputs?.digest) return undefined;
  const match = /^([^/]+)\/([^@:]+)@sha256:[0-9a-f]{64}$/.exec(outputs.image ?? '');
  if (!match) return undefined;
  return { address: match[1], repository: match[2], tags: JSON.parse(outputs.tags || '[]') as string[] };
}

/** After each step: records in moto's ECR of `region` the tags an image step pushed to one of the stack's registries. */
export function recordPushes(stack: LocalStack): (report: StepReport, region: string) => Promise<void> {
  const registries = [stack.registry, stack.failingRegistry, ...Object.values(stack.regionRegistries)];
  return async (report, region) => {
    const pushed = pushedImage(report);
    const registry = pushed && registries.find((one) => one.address === pushed.address);
    if (!pushed || !registry) return;
    const ecr = new ECRClient({ region, endpoint: stack.moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    try {
      for (const tag of pushed.tags) {
        try {
          await recordInEcr(ecr, registry, pushed.repository, tag);
        } catch (error) {
          // A reused image is pushed again with the same tag: ECR keeps its one record of it.
          if ((error as Error).name !== 'ImageAlreadyExistsException') throw error;
        }
      }
    } finally {
      ecr.destroy();
    }
  };
}
