import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { describeThrown, grantOf, isAccessDenied, makeClient } from '@tandem/kit';
import { enforcePolicy, relaxPolicy, type Credentials } from '@tandem/standins/iam';
import { MOTO_S3_IAM, useMotoEndpoint, type Moto } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';

// Real refusals from moto's IAM enforcement: the message the user reads names the IAM action and
// the resource to grant, for S3, ECS and ECR. moto-s3-iam.py makes moto authorise S3 calls with
// the IAM actions AWS uses.
let moto: Moto;
let deployer: Credentials;
const settings = { region: 'us-east-1', maxAttempts: 1 };

beforeAll(async () => {
  moto = await sharedMoto({ script: MOTO_S3_IAM });
  useMotoEndpoint(moto);
  const s3 = makeClient(S3Client, settings, 'kit-test');
  await s3.send(new CreateBucketCommand({ Bucket: 'shop-site' }));
  await s3.send(new PutObjectCommand({ Bucket: 'shop-site', Key: '_releases/pointer.json', Body: '{}' }));
  const ecs = makeClient(ECSClient, settings, 'kit-test');
  await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'shop-web', containerDefinitions: [{ name: 'web', image: 'busybox', memory: 128 }] }));
  await ecs.send(new CreateServiceCommand({ cluster: 'shop', serviceName: 'web', taskDefinition: 'shop-web', desiredCount: 0 }));
  await makeClient(ECRClient, settings, 'kit-test').send(new CreateRepositoryCommand({ repositoryName: 'shop-backend' }));
  // The deployer may only list the bucket: every other call below is refused.
  ({ deployer } = await enforcePolicy(moto, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shop-site' }] }));
});
afterAll(async () => {
  await relaxPolicy(moto);
  delete process.env.AWS_ENDPOINT_URL;
  await moto?.stop();
});

/** The deployer's client, built by the kit as the actions build theirs. */
function as<C>(Client: new (config: never) => C): C {
  process.env.AWS_ACCESS_KEY_ID = deployer.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = deployer.AWS_SECRET_ACCESS_KEY;
  return makeClient(Client as never, settings, 'kit-test') as C;
}

async function refusal(call: Promise<unknown>): Promise<unknown> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  expect(isAccessDenied(error)).toBe(true);
  return error;
}

afterEach(() => {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
});

test('the granted call still answers, so the refusals below are about the grant', async () => {
  const listed = await as(S3Client).send(new ListObjectsV2Command({ Bucket: 'shop-site' }));
  expect(listed.KeyCount).toBe(1);
});

test('S3: a refused GetObject names s3:GetObject on the folder of the key', async () => {
  const error = await refusal(as(S3Client).send(new GetObjectCommand({ Bucket: 'shop-site', Key: '_releases/pointer.json' })));
  expect(grantOf(error)).toBe('grant s3:GetObject on arn:aws:s3:::shop-site/_releases/*');
  expect(describeThrown(error).message).toMatch(/^GetObject \(S3\): .*: grant s3:GetObject on arn:aws:s3:::shop-site\/_releases\/\*$/);
});

test('S3: a refused PutObject names s3:PutObject', async () => {
  const error = await refusal(as(S3Client).send(new PutObjectCommand({ Bucket: 'shop-site', Key: 'index.html', Body: 'x' })));
  expect(describeThrown(error).message).toContain('grant s3:PutObject on arn:aws:s3:::shop-site/*');
});

test('ECS: a refused DescribeServices names ecs:DescribeServices on the service ARN', async () => {
  const error = await refusal(as(ECSClient).send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] })));
  expect(describeThrown(error).message).toMatch(/^DescribeServices \(ECS\): access denied \(HTTP 403[^\n]*\): grant ecs:DescribeServices on arn:aws:ecs:us-east-1:(\d{12}|<account>):service\/shop\/web$/);
});

test('ECR: a refused DescribeImages names ecr:DescribeImages on the repository ARN', async () => {
  const error = await refusal(as(ECRClient).send(new DescribeImagesCommand({ repositoryName: 'shop-backend' })));
  expect(describeThrown(error).message).toMatch(/^DescribeImages \(ECR\): access denied \(HTTP 403[^\n]*\): grant ecr:DescribeImages on arn:aws:ecr:us-east-1:(\d{12}|<account>):repository\/shop-backend$/);
});
