import { promoteFromCommands, variableCommands } from '../src/variables.js';

const outputs = [
  ['AWSROLEARN', 'arn:aws:iam::123456789012:role/shop-production-deploy'],
  ['AWSREGION', 'eu-west-1'],
  ['FRONTENDBUCKET', 'shop-production-site'],
  ['DISTRIBUTIONID', 'E2QWRUHAPOMQZL'],
  ['ECRREPOSITORY', 'shop-production'],
  ['ECSCLUSTER', 'shop-production'],
  ['ECSSERVICE', 'web'],
  ['DEPLOYLOCKBUCKET', 'shop-production-deploy-locks'],
].map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

test('one gh variable set per variable the workflows read, on the environment', () => {
  const commands = variableCommands(outputs, 'example/shop', 'production');
  expect(commands).toHaveLength(8);
  expect(commands[0]).toBe("gh variable set AWS_ROLE_ARN --repo 'example/shop' --env 'production' --body 'arn:aws:iam::123456789012:role/shop-production-deploy'");
  expect(commands).toContain("gh variable set DEPLOY_LOCK_BUCKET --repo 'example/shop' --env 'production' --body 'shop-production-deploy-locks'");
});

test("a stack without the workflows' outputs is refused, naming the output", () => {
  expect(() => variableCommands(outputs.slice(1), 'example/shop', 'production')).toThrow('the stack has no output AWSROLEARN (AWS_ROLE_ARN)');
});

test('values are quoted for the shell', () => {
  const odd = outputs.map((output) => (output.OutputKey === 'ECSSERVICE' ? { ...output, OutputValue: "it's" } : output));
  expect(variableCommands(odd, 'example/shop', 'production')).toContain("gh variable set ECS_SERVICE --repo 'example/shop' --env 'production' --body 'it'\\''s'");
});

const staging = outputs.map(({ OutputKey, OutputValue }) => ({
  OutputKey,
  OutputValue: OutputKey === 'AWSREGION' ? 'us-east-1' : OutputKey === 'AWSROLEARN' ? 'arn:aws:iam::210987654321:role/shop-staging-deploy' : OutputValue?.replace('production', 'staging'),
}));

test("production's PROMOTE_FROM_* name staging's resources, the repository by its URI in staging's account and region", () => {
  expect(promoteFromCommands(staging, 'example/shop', 'production')).toEqual([
    "gh variable set PROMOTE_FROM_REGION --repo 'example/shop' --env 'production' --body 'us-east-1'",
    "gh variable set PROMOTE_FROM_BUCKET --repo 'example/shop' --env 'production' --body 'shop-staging-site'",
    "gh variable set PROMOTE_FROM_ECR_REPOSITORY --repo 'example/shop' --env 'production' --body '210987654321.dkr.ecr.us-east-1.amazonaws.com/shop-staging'",
    "gh variable set PROMOTE_FROM_ECS_CLUSTER --repo 'example/shop' --env 'production' --body 'shop-staging'",
    "gh variable set PROMOTE_FROM_ECS_SERVICE --repo 'example/shop' --env 'production' --body 'web'",
  ]);
});

test('a staging stack without the outputs, or with a role that is not an IAM role ARN, is refused, naming --promote-from', () => {
  expect(() => promoteFromCommands(staging.filter((output) => output.OutputKey !== 'ECRREPOSITORY'), 'example/shop', 'production')).toThrow('--promote-from: the staging stack has no output ECRREPOSITORY (ECR_REPOSITORY)');
  const odd = staging.map((output) => (output.OutputKey === 'AWSROLEARN' ? { ...output, OutputValue: 'shop-staging-deploy' } : output));
  expect(() => promoteFromCommands(odd, 'example/shop', 'production')).toThrow("--promote-from: the staging stack's AWSROLEARN is not an IAM role ARN: shop-staging-deploy");
});
