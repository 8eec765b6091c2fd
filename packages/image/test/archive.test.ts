import type { ECRClient } from '@aws-sdk/client-ecr';
import { recordingLog } from '@tandem/standins/log';
import { answeringScript, scriptedClients } from '@tandem/standins/scripted-clients';
import { restoreCommand, restoreImages, RestoreRefused, type ArchivedImage } from '../src/index.js';

// The restore of an image from ECR's archival storage class, as the ECR API Reference and User
// Guide give it: UpdateImageStorageClass to STANDARD makes an ARCHIVED image ACTIVATING, ECR
// restores it within 20 minutes, and while it does a look-up by imageIds may not list it.
const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const archivedAt = new Date('2026-09-01T00:00:00Z');
const notFound = () => Object.assign(new Error("The image with imageId {imageDigest:'...'} does not exist"), { name: 'ImageNotFoundException' });

type Input = { imageIds?: Array<{ imageDigest?: string }> };

function ecr(answers: Record<string, (input: Input) => unknown>) {
  const { script, calls } = answeringScript<Input>(answers);
  return { clients: scriptedClients<{ ecr: (region: string) => ECRClient }>(script), calls };
}

const archived = (status: ArchivedImage['status'], n = 7): ArchivedImage => ({ region: 'eu-west-1', registryId: '123456789012', repositoryName: 'shop', digest: digestOf(n), status, archivedAt });

/** `unanswered` gives the error a look-up (counted from 1) throws instead of answering, as the SDK throws one after its own tries. */
function restoring(options: { pollsUntilActive: number; update?: () => unknown; unanswered?: (call: number) => Error | undefined }) {
  let now = 0;
  let polls = 0;
  let calls = 0;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const scripted = ecr({
    UpdateImageStorageClass: () => options.update?.() ?? { imageStatus: 'ACTIVATING' },
    // While ECR restores it, a look-up by id does not list the image (the stricter reading); then it is ACTIVE.
    DescribeImages: ({ imageIds }) => {
      const error = options.unanswered?.(++calls);
      if (error) throw error;
      if (++polls <= options.pollsUntilActive) throw notFound();
      return { imageDetails: [{ imageDigest: imageIds?.[0].imageDigest, imageStatus: 'ACTIVE' }] };
    },
  });
  const log = recordingLog();
  return { context: { ecr: scripted.clients.ecr, clock, log, pollMs: 15_000, deadline: 20 * 60_000 }, calls: scripted.calls, log, elapsed: () => now };
}

test('an ARCHIVED image is restored to STANDARD once, then waited on until ECR lists it ACTIVE', async () => {
  const { context, calls, log, elapsed } = restoring({ pollsUntilActive: 3 });
  await restoreImages(context, [archived('ARCHIVED')]);
  expect(calls.filter((call) => call.command === 'UpdateImageStorageClass').map((call) => call.input)).toEqual([
    { registryId: '123456789012', repositoryName: 'shop', imageId: { imageDigest: digestOf(7) }, targetStorageClass: 'STANDARD' },
  ]);
  expect(calls.filter((call) => call.command === 'DescribeImages')).toHaveLength(4);
  expect(elapsed()).toBe(45_000);
  expect(log.text()).toContain(`restoring shop@${digestOf(7)} from ECR's archive: ECR takes up to 20 minutes, and ECS cannot pull it until then`);
  expect(log.text()).toContain(`restored from ECR's archive in 45s: shop@${digestOf(7)}`);
});

test.each([
  { what: 'an image already ACTIVATING is only waited on', images: [archived('ACTIVATING')], update: undefined, updates: 0 },
  { what: 'an image restored meanwhile (ImageStorageClassUpdateNotSupportedException) is waited on', images: [archived('ARCHIVED')], update: () => { throw Object.assign(new Error('not supported'), { name: 'ImageStorageClassUpdateNotSupportedException' }); }, updates: 1 },
  { what: 'two images: each restored, both waited on together', images: [archived('ARCHIVED'), archived('ARCHIVED', 8)], update: undefined, updates: 2 },
])('$what', async ({ images, update, updates }) => {
  const { context, calls } = restoring({ pollsUntilActive: 1, update });
  await restoreImages(context, images);
  expect(calls.filter((call) => call.command === 'UpdateImageStorageClass')).toHaveLength(updates);
});

test('a restore IAM refuses names the grant and the command that restores it by hand, and waits on nothing', async () => {
  const denied = () => { throw Object.assign(new Error('User is not authorized to perform: ecr:UpdateImageStorageClass'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }); };
  const { context, calls } = restoring({ pollsUntilActive: 0, update: denied });
  const thrown = await restoreImages(context, [archived('ARCHIVED')]).catch((error: unknown) => error);
  expect(thrown).toBeInstanceOf(RestoreRefused);
  expect((thrown as Error).message).toBe(
    `shop@${digestOf(7)} is archived in ECR, where ECS cannot pull it, and restoring it was refused: User is not authorized to perform: ecr:UpdateImageStorageClass: grant ecr:UpdateImageStorageClass on the repository; ` +
      'with that grant the deploy restores it, or restore it yourself ' +
      `(aws ecr update-image-storage-class --region eu-west-1 --registry-id 123456789012 --repository-name shop --image-id imageDigest=${digestOf(7)} --target-storage-class STANDARD; ECR takes up to 20 minutes) and run again`,
  );
  expect(calls.filter((call) => call.command === 'DescribeImages')).toHaveLength(0);
});

test('a restore that outlasts the deadline stops the wait and says the restore goes on', async () => {
  const { context, elapsed } = restoring({ pollsUntilActive: 1000 });
  await expect(restoreImages({ ...context, deadline: 5 * 60_000 }, [archived('ARCHIVED')])).rejects.toThrow(
    `ECR has not restored shop@${digestOf(7)} from its archive after 5m (it takes up to 20 minutes, and goes on): run again once it has`,
  );
  expect(elapsed()).toBe(5 * 60_000);
});

test("polls that fail after the SDK's tries (throttled) are polled again: the restore is waited on to the end", async () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  const { context, log, elapsed } = restoring({ pollsUntilActive: 4, unanswered: (call) => ([2, 3].includes(call) ? throttled() : undefined) });
  await restoreImages(context, [archived('ARCHIVED')]);
  expect(log.text()).toContain(`a poll failed (Rate exceeded); the restore of shop@${digestOf(7)} goes on in ECR whatever the poll got: polling again`);
  expect(log.text()).toContain('AWS answered again, after 2 failed polls over 30s');
  expect(elapsed()).toBe(90_000);
});

test('every poll failing until the deadline: the wait stops saying for how long, and that the restore goes on', async () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  const { context } = restoring({ pollsUntilActive: 1000, unanswered: (call) => (call > 1 ? throttled() : undefined) });
  await expect(restoreImages({ ...context, deadline: 60_000 }, [archived('ARCHIVED')])).rejects.toThrow(
    `ECR was not seen to restore shop@${digestOf(7)} from its archive within 1m: every poll failed for the last 45s (4 polls; the last: Rate exceeded); the restore goes on: run again once it has`,
  );
});

test('a cancelled run stops waiting at once', async () => {
  const { context } = restoring({ pollsUntilActive: 1000 });
  const cancel = new AbortController();
  cancel.abort(new Error('cancelled'));
  await expect(restoreImages({ ...context, signal: cancel.signal }, [archived('ACTIVATING')])).rejects.toThrow(/the workflow was cancelled while ECR restored shop@sha256:0+7 \(the restore goes on in ECR\)/);
});

test.each([
  { where: { region: 'eu-west-1', registryId: '123456789012', repositoryName: 'shop' }, id: { imageDigest: digestOf(7) }, command: `--region eu-west-1 --registry-id 123456789012 --repository-name shop --image-id imageDigest=${digestOf(7)}` },
  { where: { region: 'eu-west-1', repositoryName: 'shop' }, id: { imageDigest: digestOf(7) }, command: `--region eu-west-1 --repository-name shop --image-id imageDigest=${digestOf(7)}` },
  { where: { repositoryName: 'shop' }, id: { imageTag: '1a2b3c4' }, command: '--repository-name shop --image-id imageTag=1a2b3c4' },
])('restoreCommand: $command', ({ where, id, command }) => {
  expect(restoreCommand(where, id)).toBe(`aws ecr update-image-storage-class ${command} --target-storage-class STANDARD`);
});
