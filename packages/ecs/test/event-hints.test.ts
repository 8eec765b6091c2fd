import { eventHint, runTaskFailureHint } from '../src/event-hints.js';

// The messages as the developer guide's "Amazon ECS service event messages" gives them.
const CI = '(container-instance 0a2b4c6d-8e0f-4a1b-9c3d-5e7f9a1b3c5d)';
const UNPLACED = '(service web) was unable to place a task because no container instance met all of its requirements.';
test.each([
  [`${UNPLACED} Reason: No Container Instances were found in your cluster.`, /^the cluster has no container instance to run EC2 tasks on: /],
  [`${UNPLACED} The closest matching ${CI} has insufficient memory available.`, /^the container instances have no room for the new tasks: .*Add instances .*lower maximumPercent to 100 with minimumHealthyPercent below 100/],
  [`${UNPLACED} The closest matching ${CI} has insufficient CPU units available.`, /^the container instances have no room/],
  [`${UNPLACED} The closest matching ${CI} is already using a port required by your task.`, /^the task maps a fixed hostPort, .*hostPort 0 in bridge mode/],
  [`${UNPLACED} The closest matching ${CI} is missing an attribute required by your task.`, /^no container instance has an attribute the task asks for: .*memberOf .*list-attributes/],
  [`${UNPLACED} The closest matching ${CI} encountered error "AGENT".`, /^the ECS agent of the instance ECS would use is disconnected/],
  ['(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.', /^the deployment configuration leaves ECS no way to replace a task: .*Raise maximumPercent/],
  ["(service web) was unable to place a task. Reason: You've reached the limit on the number of tasks you can run concurrently.", /^the account has reached its quota of tasks or vCPUs/],
  ["(service web) was unable to place a task. Reason: You've reached the limit on the number of vCPUs you can run concurrently.", /^the account has reached its quota of tasks or vCPUs/],
  ['(service web) was unable to place a task. Reason: The requested CPU configuration is above your limit.', /^the task asks for more CPU or memory than this account may run on Fargate/],
  ['(service web) was unable to place a task. Reason: The requested MEMORY configuration is above your limit.', /^the task asks for more CPU or memory/],
  ['(service web) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.', /^Fargate has no capacity .*FARGATE beside FARGATE_SPOT/],
  [
    "(service web) failed to launch a task with (error ECS was unable to assume the role 'arn:aws:iam::123456789012:role/shop-task' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.).",
    /^ECS could not assume a role the task definition names: .*ecs-tasks\.amazonaws\.com/,
  ],
  ['(service web) failed to register targets in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web/0123456789abcdef) with (error The target group does not have an associated load balancer.)', /^ECS could not register the new tasks with the load balancer's target group/],
])('eventHint(%s)', (message, hint) => {
  expect(eventHint(message)).toMatch(hint);
});

test.each([
  '(service web) has reached a steady state.',
  '(service web) has started 2 tasks: (task 0a1b) (task 2c3d).',
  '(service web) deployment ecs-svc/2222 deployment completed.',
  '(service web) operations are being throttled. Will try again later.',
  '(service web) (task 0a1b) port 8000 is unhealthy in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web/0123) due to (reason Health checks failed with these codes: [400]).',
])('no hint for %s', (message) => {
  expect(eventHint(message)).toBeUndefined();
});

// RunTask's failure reasons, as the developer guide's "API failure reasons" gives them.
test.each([
  ['RESOURCE:MEMORY', /^no container instance had the free CPU or memory the task asks for/],
  ['RESOURCE:CPU', /^no container instance had the free CPU or memory/],
  ['RESOURCE:PORTS', /^every container instance already uses a host port the task maps/],
  ['RESOURCE:ENI', /^no container instance has a free network interface .*awsvpcTrunking/],
  ['AGENT', /^the ECS agent of the container instance is disconnected/],
  ['ATTRIBUTE', /^no container instance has an attribute the task definition needs/],
  ["You've reached the limit on the number of tasks you can run concurrently", /^the account has reached its quota of tasks or vCPUs/],
  ['MISSING', undefined],
])('runTaskFailureHint(%s)', (reason, hint) => {
  if (hint) expect(runTaskFailureHint(reason)).toMatch(hint);
  else expect(runTaskFailureHint(reason)).toBeUndefined();
});
