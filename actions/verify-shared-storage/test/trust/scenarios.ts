// The main scenario of each mode, built in moto with the test's own (default) keys: what the
// trust tests run under a policy, through faults, or with secrets present.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, CreateServiceCommand } from '@aws-sdk/client-ecs';
import { ListObjectVersionsCommand, PutObjectCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { makeClient } from '@tandem/kit';
import { clients, register, shopEnvironment, taskDefinition, webContainer, type World } from '../world.js';
import { README_PLACE, type Mode, type Place } from './policy.js';

/** The README's names, in the region and account moto serves. */
export const TEST_PLACE: Place = { ...README_PLACE, region: 'us-east-1' };

const settings = { region: TEST_PLACE.region, maxAttempts: 2 };
export const secretClients = {
  secretsManager: () => makeClient(SecretsManagerClient, settings, 'test'),
  ssm: () => makeClient(SSMClient, settings, 'test'),
};

export interface Scenario {
  inputs: Record<string, string>;
}

/** A running service whose task definition uses the shared world: the check before a rollout. */
async function serviceScenario(environment: Record<string, string>): Promise<Scenario> {
  const arn = await register(taskDefinition(webContainer(environment)));
  await clients.ecs().send(new CreateClusterCommand({ clusterName: TEST_PLACE.cluster }));
  await clients.ecs().send(new CreateServiceCommand({ cluster: TEST_PLACE.cluster, serviceName: TEST_PLACE.service, taskDefinition: arn, desiredCount: 2 }));
  return { inputs: { cluster: TEST_PLACE.cluster, service: TEST_PLACE.service } };
}

/** The database URL from Secrets Manager, the bucket's name from an SSM parameter, in a rendered file. */
export async function secretTaskDefinitionFile(world: World, databaseUrl = world.databaseUrl): Promise<string> {
  const secret = await secretClients.secretsManager().send(new CreateSecretCommand({ Name: TEST_PLACE.databaseSecret, SecretString: databaseUrl }));
  await secretClients.ssm().send(new PutParameterCommand({ Name: TEST_PLACE.bucketParameter, Value: world.bucket, Type: 'String' }));
  const { DATABASE_URL: _secret, AWS_STORAGE_BUCKET_NAME: _parameter, ...plain } = shopEnvironment(world);
  const container = webContainer(plain, {
    secrets: [
      { name: 'DATABASE_URL', valueFrom: secret.ARN },
      { name: 'AWS_STORAGE_BUCKET_NAME', valueFrom: `arn:aws:ssm:${TEST_PLACE.region}:${TEST_PLACE.account}:parameter${TEST_PLACE.bucketParameter}` },
    ],
  });
  const file = join(mkdtempSync(join(tmpdir(), 'verify-storage-trust-')), 'task-definition.json');
  writeFileSync(file, JSON.stringify(taskDefinition(container), null, 2));
  return file;
}

export async function scenarioOf(mode: Mode, world: World): Promise<Scenario> {
  switch (mode) {
    case 'probe':
      return serviceScenario(shopEnvironment(world));
    case 'read-only':
      return { inputs: { 'task-definition': await register(taskDefinition(webContainer(shopEnvironment(world)))), probe: 'false' } };
    case 'secret-resolution':
      // fail-on: warning, so a value that could not be read (a warning) fails the step too.
      return { inputs: { 'task-definition': await secretTaskDefinitionFile(world), 'allow-secret-resolution': 'true', probe: 'false', 'fail-on': 'warning' } };
  }
}

/** Everything in the bucket, versions and delete markers included, for before/after comparison. */
export async function bucketContents(s3: S3Client, bucket: string): Promise<string[]> {
  const answer = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return [
    ...(answer.Versions ?? []).map((version) => `version ${version.Key} ${version.VersionId} ${version.ETag} latest=${version.IsLatest}`),
    ...(answer.DeleteMarkers ?? []).map((marker) => `marker ${marker.Key} ${marker.VersionId} latest=${marker.IsLatest}`),
  ].sort();
}

/** Uploads users made, with history: two versions of one file and a deleted one (a delete marker). */
export async function seedUploads(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/avatar.png', Body: 'first' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/avatar.png', Body: 'second' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/invoice.pdf', Body: 'pdf' }));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'uploads/invoice.pdf' }));
  // Something under the probe prefix that is not the probe's: it must survive.
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${TEST_PLACE.probePrefix}keep-me`, Body: 'not the probe' }));
}
