import type { Docker, RegistryClient } from '@tandem/image';
import { recordingLog } from '@tandem/standins/log';
import { ImmutableTagConflict, publish } from '../src/publish.js';

// A push ECR refuses, scripted: the local registry stand-in refuses nothing, where ECR refuses a
// tag of an immutable repository that an image holds, an archived image included (which the
// registry does not serve).
const NAME = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1a2b3c4';
const IMMUTABLE = "tag invalid: The image tag '1a2b3c4' already exists in the 'shop' repository and cannot be overwritten because the repository is immutable.";

function pushing(stderr: string) {
  const calls: string[][] = [];
  const docker: Docker = async (args) => {
    calls.push(args);
    return args[0] === 'push' ? { code: 1, stdout: 'The push refers to repository [123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop]\n', stderr } : { code: 0, stdout: '', stderr: '' };
  };
  // The registry serves nothing under the tag, before the push and after it.
  const registry = { tag: async () => undefined, image: async () => undefined } as unknown as RegistryClient;
  return { docker, registry, calls };
}

const target = (region?: string) => ({ repository: 'shop', region, names: new Map([['1a2b3c4', NAME]]), imageId: 'sha256:built', repositoryState: { mutability: 'IMMUTABLE' as const, exclusionFilters: [] } });

test.each([
  { region: 'eu-west-1', command: 'aws ecr update-image-storage-class --region eu-west-1 --repository-name shop --image-id imageTag=1a2b3c4 --target-storage-class STANDARD' },
  { region: undefined, command: 'aws ecr update-image-storage-class --repository-name shop --image-id imageTag=1a2b3c4 --target-storage-class STANDARD' },
])('an immutable tag ECR refuses while the registry serves nothing under it: an archived image holds it, and the refusal says how to restore it ($region)', async ({ region, command }) => {
  const { docker, registry, calls } = pushing(IMMUTABLE);
  const thrown = await publish(docker, registry, target(region), recordingLog()).catch((error: unknown) => error);
  expect(thrown).toBeInstanceOf(ImmutableTagConflict);
  expect((thrown as Error).message).toBe(
    "ECR refused tag '1a2b3c4' in shop as immutable, yet serves no image under it: an image in ECR's archive holds it (a lifecycle rule that moves images to the archive, or archived by hand). " +
      `Nothing was overwritten. Restore that image (${command}; ECR takes up to 20 minutes) and run again: with skip-if-exists a tag that names the commit is reused, not built again.`,
  );
  expect(calls).toEqual([['push', NAME]]);
});

test('a push that fails for another reason says what docker printed', async () => {
  const { docker, registry } = pushing('denied: requested access to the resource is denied');
  await expect(publish(docker, registry, target('eu-west-1'), recordingLog())).rejects.toThrow(/^docker push \S+ failed \(exit 1\):\n[\s\S]*denied: requested access to the resource is denied/);
});
