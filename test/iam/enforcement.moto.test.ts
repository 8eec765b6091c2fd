import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { enforcePolicy, relaxPolicy } from '@tandem/standins/iam';
import { useMoto } from '@tandem/standins/use-moto';

// The least-privilege tests rest on moto's enforcement: show here that it allows what a policy
// grants and denies the rest, so a passing scenario under a policy means something.
const moto = useMoto({ endpoint: false, reset: 'file' });

test('a policy allows its actions on its resources and nothing else', async () => {
  const { admin, deployer } = await enforcePolicy(moto, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::allowed/*'] }],
  });
  const client = (keys: typeof admin) =>
    new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY } });
  await client(admin).send(new CreateBucketCommand({ Bucket: 'allowed' }));
  await client(admin).send(new CreateBucketCommand({ Bucket: 'other' }));
  await expect(client(deployer).send(new PutObjectCommand({ Bucket: 'allowed', Key: 'a', Body: 'x' }))).resolves.toBeDefined();
  await expect(client(deployer).send(new PutObjectCommand({ Bucket: 'other', Key: 'a', Body: 'x' }))).rejects.toThrow(/denied/i);
  await expect(client(deployer).send(new CreateBucketCommand({ Bucket: 'third' }))).rejects.toThrow(/denied/i);
  await relaxPolicy(moto);
});
