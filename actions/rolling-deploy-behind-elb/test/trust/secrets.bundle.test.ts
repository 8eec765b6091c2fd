import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { runBundle, type BundleRun } from '@tandem/standins/harness';
import { useMotoEndpoint, type Moto } from '@tandem/standins/moto';
import { findLeaks } from '@tandem/standins/leaks';
import type { EcsWorld } from '@tandem/standins/ecs-world';
import { releasedWorld, startDeployMoto } from './world.js';

// The deploy run with AWS keys and a session token in its environment and a GitHub token input
// (recorded by a local stand-in for GitHub's deployments API): none of them shows in anything the
// step wrote, in a completed deploy and in a failed one with debug output on.

let moto: Moto;
let world: EcsWorld;
let github: Server;
let githubUrl: string;
const authorizations: string[] = [];

const secrets = {
  AWS_ACCESS_KEY_ID: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  AWS_SECRET_ACCESS_KEY: randomBytes(30).toString('base64'),
  AWS_SESSION_TOKEN: `IQoJb3JpZ2luX2VjE${randomBytes(200).toString('base64')}`,
};
const githubToken = `ghs_${randomBytes(18).toString('hex')}`;

beforeAll(async () => {
  moto = await startDeployMoto();
  useMotoEndpoint(moto);
  github = createServer((request, response) => {
    authorizations.push(request.headers.authorization ?? '');
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(request.url?.endsWith('/deployments') ? { id: 42 } : { id: 7 }));
    });
  });
  await new Promise<void>((done) => github.listen(0, '127.0.0.1', done));
  const address = github.address();
  githubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
beforeEach(async () => {
  await moto.reset();
  authorizations.length = 0;
  world = await releasedWorld();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new CreateBucketCommand({ Bucket: 'shop-deploy-locks' }));
});
afterAll(async () => {
  await moto?.stop();
  await new Promise((done) => github?.close(done));
});

const deploy = (image: string, env: Record<string, string> = {}): Promise<BundleRun> =>
  runBundle('rolling-deploy-behind-elb', {
    inputs: {
      cluster: world.cluster, service: world.service, image, 'poll-interval': '100ms', 'wait-timeout': '30s',
      'migrate-command': 'python manage.py migrate --noinput', 'lock-bucket': 'shop-deploy-locks',
      'github-deployment': 'true', 'github-token': githubToken, environment: 'production', 'environment-url': 'https://shop.example.com',
    },
    env: { AWS_ENDPOINT_URL: moto.endpoint, GITHUB_API_URL: githubUrl, ...secrets, ...env },
  });

test('a completed deploy shows no secret anywhere', async () => {
  const run = await deploy(await world.pushImage('shop', 'v2'));
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  // The token was used (three calls to GitHub) and masked before anything else was printed.
  expect(authorizations).toEqual(Array(3).fill(`token ${githubToken}`));
  expect(run.masked).toContain(githubToken);
  expect(findLeaks(run, [...Object.values(secrets), githubToken])).toEqual([]);
});

test('a failed, rolled-back deploy with debug output on shows no secret anywhere', async () => {
  const run = await deploy(await world.pushImage('shop-broken', 'v2'), { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(run.stdout).toContain('::debug::');
  expect(findLeaks(run, [...Object.values(secrets), githubToken])).toEqual([]);
});

test('a dry-run rollback to a release whose database URL holds a password shows the change, not the password', async () => {
  const password = `Pw-${randomBytes(9).toString('hex')}@x`;
  const secretKey = `django-${randomBytes(12).toString('hex')}`;
  const first = (await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: world.taskDefinitionArn }))).taskDefinition!;
  const environment = [
    { name: 'DATABASE_URL', value: `postgres://app:${password}@db.example.com:5432/shop` },
    { name: 'SECRET_KEY', value: secretKey },
    { name: 'FEATURE', value: 'on' },
  ];
  await world.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: first.family, networkMode: first.networkMode, requiresCompatibilities: first.requiresCompatibilities, cpu: first.cpu, memory: first.memory,
      executionRoleArn: first.executionRoleArn,
      containerDefinitions: first.containerDefinitions!.map((container) => ({ ...container, environment })),
      tags: [{ key: 'tandem-deploy:release', value: 'r0' }, { key: 'tandem-deploy:served', value: '2026-01-01T00:00:00.000Z' }],
    }),
  );
  const run = await runBundle('rolling-deploy-behind-elb', {
    inputs: { cluster: world.cluster, service: world.service, 'rollback-to': 'r0', 'dry-run': 'true', 'poll-interval': '100ms', 'wait-timeout': '30s' },
    env: { AWS_ENDPOINT_URL: moto.endpoint, ...secrets },
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  // The diff says what changes, with the URL's host and the harmless value readable.
  expect(run.stdout).toContain('environment[DATABASE_URL].value: "postgres://app:***@db.example.com:5432/shop"');
  expect(run.stdout).toContain('environment[SECRET_KEY].value: "***"');
  expect(run.stdout).toContain('environment[FEATURE].value: "on"');
  expect(run.summary).toContain('postgres://app:***@db.example.com:5432/shop');
  expect(findLeaks(run, [...Object.values(secrets), password, encodeURIComponent(password), secretKey])).toEqual([]);
});
