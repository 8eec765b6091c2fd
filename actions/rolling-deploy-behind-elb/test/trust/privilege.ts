import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { ECRClient, UpdateImageStorageClassCommand } from '@aws-sdk/client-ecr';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { actionsOf, enforcePolicy, relaxPolicy, without, type PolicyDocument } from '@tandem/standins/iam';
import type { Moto } from '@tandem/standins/moto';
import { createEc2Service, type EcsWorld } from '@tandem/standins/ecs-world';
import { asMotoChecks, policies, README_NAMES, withStatements, type Names } from './policy.js';
import { releasedWorld, serveSecondRelease, serviceNow } from './world.js';

// Each mode's main scenario, the policy it runs under, and what success looks like; shared by
// the least-privilege test files.

// The README's names, in the region the tests' moto serves.
export const MOTO_NAMES: Names = { ...README_NAMES, region: 'us-east-1' };
const LOCK_KEY = 'tandem-deploy/locks/ecs/shop/web.json';
const KILLED_ATTEMPT = 'example/shop run 1001 attempt 1 (rolling-deploy-behind-elb, job deploy)';

export interface Mode {
  /** The policy exactly as the README gives it for this mode. */
  policy: PolicyDocument;
  /** Sets the world up (before enforcement) and returns the step's inputs. */
  prepare(world: EcsWorld, s3: S3Client): Promise<Record<string, string>>;
  /** What the mode's success leaves, checked after the run (enforcement relaxed). */
  succeeded(run: BundleRun, world: EcsWorld): Promise<void>;
  /** Actions a scenario cannot show necessary under moto, and why. */
  notEnforced: Record<string, string>;
  /** The runner's environment beside the harness's, when the scenario needs it. */
  env?: Record<string, string>;
}

const p = policies(MOTO_NAMES);
const passRoleNote = 'ECS checks iam:PassRole itself when it registers or runs a task definition with roles; moto does not';

async function completedOn(run: BundleRun, world: EcsWorld, taskDefinitionArn: string): Promise<void> {
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: taskDefinitionArn })]);
}

export const MODES: Record<'deploy' | 'migrate' | 'migrateStopped' | 'rollback' | 'rollbackArchived' | 'dryRun' | 'lock' | 'instances', Mode> = {
  deploy: {
    policy: p.deploy,
    prepare: async (world) => ({ image: await world.pushImage('shop', 'v2') }),
    succeeded: async (run, world) => {
      expect(run.outputs['task-definition-arn']).toMatch(/shop-web:2$/);
      await completedOn(run, world, run.outputs['task-definition-arn']);
      expect(run.warnings).toEqual([]);
    },
    notEnforced: { 'iam:PassRole': passRoleNote },
  },
  migrate: {
    policy: withStatements(p.deploy, p.migrate),
    prepare: async (world) => ({ image: await world.pushImage('shop', 'v2'), 'migrate-command': 'python manage.py migrate --noinput' }),
    succeeded: async (run, world) => {
      await completedOn(run, world, run.outputs['task-definition-arn']);
      expect(run.stdout).toMatch(/migration task \S+ started: python manage.py migrate --noinput/);
      expect(run.stdout).toContain('migrate | (no log stream /ecs/shop-web/web/django/');
      expect(run.warnings).toEqual([]);
    },
    notEnforced: { 'iam:PassRole': passRoleNote },
  },
  migrateStopped: {
    // The migration task never stops by itself (moto's task state held, see
    // least-privilege-migrate-stop.moto.test.ts): at wait-timeout the action stops it.
    policy: withStatements(p.deploy, p.migrate),
    prepare: async (world) => ({ image: await world.pushImage('shop', 'v2'), 'migrate-command': 'python manage.py migrate --noinput', 'wait-timeout': '2s' }),
    succeeded: async (run, world) => {
      expect(run.code).toBe(1);
      expect(run.errors).toEqual([expect.stringMatching(/did not stop within wait-timeout \(last status RUNNING\): the migration task was stopped \(StopTask\)\. Nothing was rolled out/)]);
      const arn = /migration task (arn:\S+) did not stop/.exec(run.errors[0])![1];
      const migration = (await world.ecs.send(new DescribeTasksCommand({ cluster: world.cluster, tasks: [arn] }))).tasks![0];
      expect(migration).toMatchObject({ lastStatus: 'STOPPED', stoppedReason: expect.stringMatching(/^stopped by .* did not stop within wait-timeout/) });
      expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ taskDefinition: world.taskDefinitionArn })]);
    },
    notEnforced: { 'iam:PassRole': passRoleNote },
  },
  rollback: {
    policy: p.rollback,
    prepare: async (world) => {
      await serveSecondRelease(world);
      return { 'rollback-to': 'previous' };
    },
    succeeded: async (run, world) => {
      expect(run.outputs['task-definition-arn']).toBe(world.taskDefinitionArn);
      await completedOn(run, world, world.taskDefinitionArn);
      expect(run.warnings).toEqual([]);
    },
    notEnforced: {},
  },
  rollbackArchived: {
    // The release rolled back to has its image in ECR's archive: restored first, then rolled out.
    policy: withStatements(p.rollback, p.restore),
    prepare: async (world) => {
      await serveSecondRelease(world);
      const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
      await ecr.send(new UpdateImageStorageClassCommand({ repositoryName: 'shop', imageId: { imageTag: 'v1' }, targetStorageClass: 'ARCHIVE' }));
      return { 'rollback-to': 'previous' };
    },
    succeeded: async (run, world) => {
      await completedOn(run, world, world.taskDefinitionArn);
      expect(run.stdout).toMatch(/restored from ECR's archive in \S+: shop@sha256:[0-9a-f]{64}/);
      expect(run.warnings).toEqual([]);
    },
    notEnforced: {},
  },
  dryRun: {
    policy: p.dryRun,
    prepare: async (world) => ({ image: await world.pushImage('shop', 'v2'), 'dry-run': 'true' }),
    succeeded: async (run, world) => {
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('dry run, nothing changed');
      expect((await serviceNow(world)).deployments).toEqual([expect.objectContaining({ taskDefinition: world.taskDefinitionArn })]);
    },
    notEnforced: {},
  },
  lock: {
    // The killed first attempt of this run left its lock: the re-run reads it, takes it over with
    // a conditional write, renews and checks it, and deletes it at the end.
    policy: withStatements(p.deploy, p.lock),
    env: { GITHUB_RUN_ATTEMPT: '2' },
    prepare: async (world, s3) => {
      await s3.send(new CreateBucketCommand({ Bucket: MOTO_NAMES.lockBucket }));
      const left = { owner: KILLED_ATTEMPT, token: 'killed', ttlMs: 600_000 };
      await s3.send(new PutObjectCommand({ Bucket: MOTO_NAMES.lockBucket, Key: LOCK_KEY, Body: JSON.stringify(left) }));
      return { image: await world.pushImage('shop', 'v2'), 'lock-bucket': MOTO_NAMES.lockBucket };
    },
    succeeded: async (run, world) => {
      await completedOn(run, world, run.outputs['task-definition-arn']);
      expect(run.warnings).toEqual([expect.stringMatching(new RegExp(`^Lock s3://\\S+: ${KILLED_ATTEMPT.replace(/[()]/g, '\\$&')}, last written .*: left by an earlier attempt of this run, taking it over$`))]);
      expect(run.stdout).toContain(`Lock s3://${MOTO_NAMES.lockBucket}/${LOCK_KEY} released`);
    },
    notEnforced: { 'iam:PassRole': passRoleNote },
  },
  instances: {
    // A service on the EC2 launch type: the deploy reads the cluster's instances to compare the
    // image's platform with theirs.
    policy: withStatements(p.deploy, p.instances),
    prepare: async (world) => {
      await createEc2Service(world, 'web-ec2', ['t3.small']);
      return { service: 'web-ec2', image: await world.pushImage('shop', 'v2') };
    },
    succeeded: async (run) => {
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.outputs.status).toBe('completed');
      expect(run.stdout).toContain('shop-web-ec2 runs on 1 ACTIVE container instance of shop: linux/amd64');
      expect(run.warnings).toEqual([]);
    },
    notEnforced: { 'iam:PassRole': passRoleNote },
  },
};

const INSTANCES_UNREAD = /^the container instances of shop were not read, so shop-web-ec2's images were not compared with where its tasks run: allow ecs:ListContainerInstances and ecs:DescribeContainerInstances$/;

/** What a missing permission does to a scenario, by the API operation it guards. */
export function expectRefused(run: BundleRun, action: string): void {
  const operation = action.split(':')[1];
  if (action === 'ecs:TagResource') {
    // Only the served tag is lost: rollback-to previous would not find this release.
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([expect.stringMatching(/^could not tag \S+ with tandem-deploy:served .*TagResource \(ECS\)/)]);
    return;
  }
  if (action === 's3:DeleteObject') {
    // A release that fails is a warning: the deploy is done, and the lock is left to expire.
    expect(run.code).toBe(0);
    expect(run.warnings).toContainEqual(expect.stringMatching(/^could not release the deploy lock s3:\/\/\S+ .*DeleteObject \(S3\): Access Denied/));
    return;
  }
  if (action === 'logs:GetLogEvents') {
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([expect.stringMatching(/^could not read the migration's logs from \/ecs\/shop-web\/\S+: GetLogEvents \(CloudWatchLogs\)/)]);
    return;
  }
  if (action === 'ecs:ListContainerInstances' || action === 'ecs:DescribeContainerInstances') {
    // The instances go unread: the deploy goes on, and says what it could not compare.
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([expect.stringMatching(INSTANCES_UNREAD)]);
    return;
  }
  if (action === 'ecr:BatchGetImage' || action === 'ecr:GetDownloadUrlForLayer') {
    // The image's platforms go unread: the deploy goes on, and says what it could not compare.
    expect(run.code).toBe(0);
    expect(run.warnings).toContainEqual(expect.stringMatching(/^the platforms of \S+ were not read, so not compared with where its tasks run: allow ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on repository shop$/));
    return;
  }
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(new RegExp(`\\b${operation} \\(`));
}

/** The mode's scenario under `policy`: world set up, enforcement on, the bundle run with the deployer's keys, enforcement off. */
export async function runUnder(moto: Moto, mode: Mode, policy: PolicyDocument): Promise<{ run: BundleRun; world: EcsWorld }> {
  await moto.reset();
  const world = await releasedWorld();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const inputs = await mode.prepare(world, s3);
  const { deployer } = await enforcePolicy(moto, asMotoChecks(policy));
  try {
    const run = await runBundle('rolling-deploy-behind-elb', {
      inputs: { cluster: world.cluster, service: world.service, 'poll-interval': '100ms', 'wait-timeout': '30s', 'max-attempts': '2', ...inputs },
      env: { AWS_ENDPOINT_URL: moto.endpoint, ...deployer, ...mode.env },
    });
    return { run, world };
  } finally {
    await relaxPolicy(moto);
  }
}

/** Every action of the mode's policy that moto can show necessary. */
export function droppable(mode: Mode, only?: string[]): string[] {
  return actionsOf(mode.policy).filter((action) => !(action in mode.notEnforced) && (!only || only.includes(action)));
}

export { without };
