import { posix } from 'node:path';
import type { ContainerDefinition, TaskDefinition, Volume } from '@aws-sdk/client-ecs';
import { fail, pass, type Check } from './checks.js';

export type VolumeKind = 'efs' | 'fsx' | 'bind' | 'docker' | 'ebs';

/** Whether a volume is the same for every task (EFS, FSx) or belongs to one task or instance. */
export function volumeKind(volume: Volume): VolumeKind {
  if (volume.efsVolumeConfiguration) return 'efs';
  if (volume.fsxWindowsFileServerVolumeConfiguration) return 'fsx';
  if (volume.dockerVolumeConfiguration) return 'docker';
  // An EBS volume configured at launch is created per task.
  if (volume.configuredAtLaunch) return 'ebs';
  // `host` with or without a sourcePath, or nothing at all: a bind mount on the task's own storage.
  return 'bind';
}

const KIND_NAME: Record<VolumeKind, string> = {
  efs: 'EFS',
  fsx: 'FSx',
  bind: 'bind mount',
  docker: 'Docker volume',
  ebs: 'per-task EBS volume',
};

const DATA_WORDS = /(^|\/)(media|mediafiles|uploads?|user-?content|user-?files|files|data|db|database|sqlite)(\/|$)|\.sqlite3?$|\.db$/i;

export interface DataPaths {
  /** MEDIA_ROOT from the environment, when set. */
  mediaRoot?: string;
  /** The SQLite file, when the database is one. */
  sqliteFile?: string;
}

const within = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);

/** Why a path in the container would hold media or a database, if it would. */
export function dataReason(containerPath: string, paths: DataPaths): string | undefined {
  const path = posix.normalize(containerPath);
  const { mediaRoot, sqliteFile } = paths;
  if (mediaRoot && posix.isAbsolute(mediaRoot) && (within(posix.normalize(mediaRoot), path) || within(path, posix.normalize(mediaRoot)))) return `MEDIA_ROOT is ${mediaRoot}`;
  if (sqliteFile && posix.isAbsolute(sqliteFile) && within(posix.normalize(sqliteFile), path)) return `the SQLite database ${sqliteFile} is there`;
  if (DATA_WORDS.test(path)) return 'the path looks like media or database storage';
  return undefined;
}

interface Mount {
  volume: Volume;
  containerPath: string;
  readOnly: boolean;
}

function mountsOf(container: ContainerDefinition, taskDefinition: TaskDefinition, seen = new Set<string>()): Mount[] {
  const volumes = new Map((taskDefinition.volumes ?? []).map((volume) => [volume.name ?? '', volume]));
  const own = (container.mountPoints ?? []).flatMap((point) => {
    const volume = volumes.get(point.sourceVolume ?? '');
    return volume && point.containerPath ? [{ volume, containerPath: point.containerPath, readOnly: point.readOnly === true }] : [];
  });
  seen.add(container.name ?? '');
  const inherited = (container.volumesFrom ?? []).flatMap((from) => {
    const source = taskDefinition.containerDefinitions?.find((candidate) => candidate.name === from.sourceContainer);
    if (!source || seen.has(source.name ?? '')) return [];
    return mountsOf(source, taskDefinition, seen).map((mount) => ({ ...mount, readOnly: mount.readOnly || from.readOnly === true }));
  });
  return [...own, ...inherited];
}

/** task-local-mounts: nothing that holds media or a database lives on one task's or one host's disk. */
export function mountCheck(taskDefinition: TaskDefinition, container: ContainerDefinition, paths: DataPaths): Check {
  const mounts = mountsOf(container, taskDefinition);
  const problems = mounts.flatMap((mount) => {
    const kind = volumeKind(mount.volume);
    if (kind === 'efs' || kind === 'fsx' || mount.readOnly) return [];
    const reason = dataReason(mount.containerPath, paths);
    return reason ? [`${mount.containerPath} is a ${KIND_NAME[kind]} (volume ${mount.volume.name}) and ${reason}`] : [];
  });
  if (problems.length) {
    return fail(
      'task-local-mounts',
      `${problems.join('; ')}: each task writes to its own disk, so files saved through one task are missing on the others and lost when it stops`,
      'Store media in S3 (django-storages with AWS_STORAGE_BUCKET_NAME) and the database in RDS; if files must be on a file system, mount an EFS volume (efsVolumeConfiguration) instead',
    );
  }
  if (!mounts.length) return pass('task-local-mounts', `container ${container.name} mounts no volumes`);
  const listed = mounts.map((mount) => `${mount.containerPath} (${KIND_NAME[volumeKind(mount.volume)]}${mount.readOnly ? ', read-only' : ''})`).join(', ');
  return pass('task-local-mounts', `no media or database path on task-local storage; mounts: ${listed}`);
}
