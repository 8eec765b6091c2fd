import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyDocument } from '@tandem/standins/iam';

// The IAM policy the action needs, per mode: the one place it is written down. README.md shows
// exactly these documents for README_NAMES (checked by least-privilege.moto.test.ts), and the
// same test runs each mode's scenario under them with moto's IAM enforcement on.

export type Mode = 'deploy' | 'stage' | 'rollback' | 'dryRun';

export interface Names {
  bucket: string;
  /** '' or ends with '/'. */
  prefix: string;
}

export const README_NAMES: Names = { bucket: 'shop-site', prefix: '' };

/** The README's heading line before each mode's JSON block. */
export const HEADINGS: Record<Mode, string> = {
  deploy: 'Deploy (`publish: all`, and `restore-release` of a release staged by `publish: assets`):',
  stage: 'Stage (`publish: assets`):',
  rollback: 'Rollback (`restore-release` of a release that was live before):',
  dryRun: 'Dry run (`dry-run: true`, any mode): read only, no lock.',
};

export function policies(n: Names): Record<Mode, PolicyDocument> {
  const bucket = `arn:aws:s3:::${n.bucket}`;
  const site = `${bucket}/${n.prefix}*`;
  const lock = `${bucket}/${n.prefix}_releases/lock.json`;
  const list = { Effect: 'Allow' as const, Action: 's3:ListBucket', Resource: bucket };
  return {
    deploy: {
      Version: '2012-10-17',
      Statement: [list, { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: site }],
    },
    stage: {
      Version: '2012-10-17',
      Statement: [
        list,
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], Resource: site },
        { Effect: 'Allow', Action: 's3:DeleteObject', Resource: lock },
      ],
    },
    rollback: {
      Version: '2012-10-17',
      Statement: [list, { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: site }, { Effect: 'Allow', Action: 's3:DeleteObject', Resource: lock }],
    },
    dryRun: { Version: '2012-10-17', Statement: [list, { Effect: 'Allow', Action: 's3:GetObject', Resource: site }] },
  };
}

/** The reads of the source a promotion adds (`promote-from`): its listings, and its site keys and `_releases/*`. */
export function promoteSourceReads(source: Names): PolicyDocument['Statement'] {
  return [
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${source.bucket}` },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${source.bucket}/${source.prefix}*` },
  ];
}

/** The JSON block that follows each mode's heading line in the README. */
export function readmePolicies(readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')): Record<Mode, unknown> {
  const found = {} as Record<Mode, unknown>;
  for (const [mode, heading] of Object.entries(HEADINGS) as Array<[Mode, string]>) {
    const at = readme.indexOf(`\n${heading}\n`);
    if (at < 0) throw new Error(`README has no line '${heading}'`);
    const block = /```json\n([\s\S]*?)```/.exec(readme.slice(at));
    found[mode] = JSON.parse(block?.[1] ?? 'null');
  }
  return found;
}
