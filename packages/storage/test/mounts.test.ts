import type { ContainerDefinition, TaskDefinition, Volume } from '@aws-sdk/client-ecs';
import { dataReason, mountCheck, volumeKind } from '@tandem/storage';

test.each<[Volume, string]>([
  [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }, 'efs'],
  [{ name: 'v', fsxWindowsFileServerVolumeConfiguration: { fileSystemId: 'fs-1', rootDirectory: '/', authorizationConfig: { credentialsParameter: 'x', domain: 'd' } } }, 'fsx'],
  [{ name: 'v', host: { sourcePath: '/srv/media' } }, 'bind'],
  [{ name: 'v', host: {} }, 'bind'],
  [{ name: 'v' }, 'bind'],
  [{ name: 'v', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'local' } }, 'docker'],
  [{ name: 'v', configuredAtLaunch: true }, 'ebs'],
])('volume %j is %s', (volume, kind) => {
  expect(volumeKind(volume)).toBe(kind);
});

test.each([
  ['/app/media', {}, true],
  ['/app/media/', {}, true],
  ['/srv/uploads', {}, true],
  ['/var/lib/app/data', {}, true],
  ['/app/db.sqlite3', {}, true],
  ['/srv/site', { mediaRoot: '/srv/site/public' }, true],
  ['/srv/site/public', { mediaRoot: '/srv/site/public' }, true],
  ['/state', { sqliteFile: '/state/app.sqlite3' }, true],
  ['/tmp', {}, false],
  ['/var/cache/nginx', {}, false],
  ['/app/mediaplayer-cache', {}, false],
  ['/srv/site', { mediaRoot: 'relative/media' }, false],
])('%s with %j holds data: %s', (path, paths, expected) => {
  expect(Boolean(dataReason(path, paths))).toBe(expected);
});

const container = (mountPoints: ContainerDefinition['mountPoints'], extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'web', image: 'shop', mountPoints, ...extra });
const task = (volumes: Volume[], containers: ContainerDefinition[]): TaskDefinition => ({ family: 'shop', volumes, containerDefinitions: containers });

test.each<[string, Volume[], ContainerDefinition['mountPoints'], string, string]>([
  ['a bind mount on /app/media', [{ name: 'media', host: { sourcePath: '/srv/media' } }], [{ sourceVolume: 'media', containerPath: '/app/media' }], 'fail', 'bind mount'],
  ['a Docker volume for the database', [{ name: 'db', dockerVolumeConfiguration: { scope: 'shared' } }], [{ sourceVolume: 'db', containerPath: '/data' }], 'fail', 'Docker volume'],
  ['a per-task EBS volume on uploads', [{ name: 'up', configuredAtLaunch: true }], [{ sourceVolume: 'up', containerPath: '/srv/uploads' }], 'fail', 'EBS'],
  ['EFS on /app/media', [{ name: 'media', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }], [{ sourceVolume: 'media', containerPath: '/app/media' }], 'pass', 'EFS'],
  ['a read-only bind mount', [{ name: 'media', host: { sourcePath: '/srv/media' } }], [{ sourceVolume: 'media', containerPath: '/app/media', readOnly: true }], 'pass', 'read-only'],
  ['a scratch folder', [{ name: 'tmp', host: {} }], [{ sourceVolume: 'tmp', containerPath: '/tmp/scratch' }], 'pass', '/tmp/scratch'],
  ['no mounts', [], [], 'pass', 'mounts no volumes'],
  ['a volume the container does not mount', [{ name: 'media', host: {} }], [], 'pass', 'mounts no volumes'],
])('%s: %s', (_name, volumes, mountPoints, result, words) => {
  const web = container(mountPoints);
  const check = mountCheck(task(volumes, [web]), web, {});
  expect(check.result).toBe(result);
  expect(check.message).toContain(words);
  if (result === 'fail') expect(check.fix).toContain('EFS');
});

test('a volume inherited through volumesFrom counts too', () => {
  const sidecar = container([{ sourceVolume: 'media', containerPath: '/media' }], { name: 'sidecar' });
  const web = container([], { volumesFrom: [{ sourceContainer: 'sidecar' }] });
  const check = mountCheck(task([{ name: 'media', host: {} }], [web, sidecar]), web, {});
  expect(check.result).toBe('fail');
});

test("MEDIA_ROOT from the environment makes an unusual path count", () => {
  const web = container([{ sourceVolume: 'site', containerPath: '/srv/site' }]);
  const definition = task([{ name: 'site', host: {} }], [web]);
  expect(mountCheck(definition, web, {}).result).toBe('pass');
  const check = mountCheck(definition, web, { mediaRoot: '/srv/site/assets' });
  expect(check.result).toBe('fail');
  expect(check.message).toContain('MEDIA_ROOT is /srv/site/assets');
});
