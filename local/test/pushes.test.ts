import type { BundleRun } from '@tandem/standins/harness';
import { pushedImage } from '../pushes.js';
import type { StepReport } from '../workflow.js';

// Which steps of a local run pushed an image that moto's ECR must then record.
const DIGEST = `sha256:${'a'.repeat(64)}`;

function report(action: string | undefined, status: StepReport['status'], outputs: Record<string, string> | undefined, step = 'image'): StepReport {
  return { job: 'backend', step, action, status, durationMs: 1, inputs: {}, run: outputs ? ({ outputs } as BundleRun) : undefined };
}

test.each([
  ['a pushed image', report('build-push-django-image', 'success', { image: `127.0.0.1:5000/shop@${DIGEST}`, digest: DIGEST, tags: '["1111","latest"]' }), { address: '127.0.0.1:5000', repository: 'shop', tags: ['1111', 'latest'] }],
  ['a nested repository', report('build-push-django-image', 'success', { image: `127.0.0.1:5000/team/shop@${DIGEST}`, digest: DIGEST, tags: '["1111"]' }), { address: '127.0.0.1:5000', repository: 'team/shop', tags: ['1111'] }],
  ['push: false (no digest)', report('build-push-django-image', 'success', { image: 'shop:1111', digest: '', tags: '["1111"]' }), undefined],
  ['a failed image step', report('build-push-django-image', 'failure', { image: `127.0.0.1:5000/shop@${DIGEST}`, digest: DIGEST, tags: '["1111"]' }), undefined],
  ['its post step', report('build-push-django-image', 'success', {}, 'post build-push-django-image'), undefined],
  ['another action', report('rolling-deploy-behind-elb', 'success', { image: `127.0.0.1:5000/shop@${DIGEST}`, digest: DIGEST }), undefined],
  ['a provided step', report(undefined, 'provided', undefined), undefined],
])('%s', (_name, step, expected) => {
  expect(pushedImage(step)).toEqual(expected);
});
