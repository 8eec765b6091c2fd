import { variableCommands } from '../src/variables.js';

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
