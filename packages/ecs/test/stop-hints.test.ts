import type { Task } from '@aws-sdk/client-ecs';
import { stopHint } from '../src/stop-hints.js';

// Reasons as ECS and its agents word them (the "stopped task error messages" of the ECS guide).
const stopped = (stoppedReason: string, containerReason?: string): Task => ({ stoppedReason, containers: containerReason ? [{ name: 'django', reason: containerReason }] : [] });

test.each<[string, Task, string | undefined]>([
  ['an arm64 image on X86_64', stopped("CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'"), 'the image has no build for linux/amd64, the platform the task definition runs on (runtimePlatform.cpuArchitecture X86_64)'],
  ['an amd64 image on Graviton', stopped("CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/arm64/v8'"), 'or set runtimePlatform.cpuArchitecture to X86_64 if the image is built for linux/amd64'],
  ['no route to ECR', stopped('CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop@sha256:abc: failed to do request: Head "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/shop/manifests/sha256:abc": dial tcp 52.95.1.1:443: i/o timeout'), 'the tasks cannot reach the registry: in a private subnet they need a NAT gateway or VPC endpoints'],
  ['an execution role without ECR', stopped('CannotPullContainerError: The task cannot pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:abc from the registry: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/shop-exec/abc is not authorized to perform: ecr:GetAuthorizationToken on resource: *'), 'attach the AWS managed policy AmazonECSTaskExecutionRolePolicy'],
  ['a secret the role may not read', stopped('ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/shop-exec/abc is not authorized to perform: secretsmanager:GetSecretValue'), 'allow secretsmanager:GetSecretValue or ssm:GetParameters on it'],
  ['a secret that is not there', stopped('ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db from secrets manager: ResourceNotFoundException: Secrets Manager can\'t find the specified secret.'), "does not exist, in this region and account: check each 'valueFrom'"],
  ['a parameter that is not there', stopped('ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): InvalidParameters: [/shop/db-url]'), 'does not exist, in this region and account'],
  ['no route to Secrets Manager', stopped('ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded'), 'cannot reach Secrets Manager or Systems Manager'],
  ['out of memory', stopped('Essential container in task exited', 'OutOfMemoryError: Container killed due to memory usage'), "raise 'memory'"],
  ['no such program', stopped('CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "gunicorn": executable file not found in $PATH: unknown'), "check the container's command and entryPoint"],
  ['failed ELB health checks', stopped('Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/abc)'), 'ALLOWED_HOSTS lets the check\'s Host through'],
  ['a Fargate Spot interruption', { stoppedReason: 'Your Spot Task was interrupted.', stopCode: 'SpotInterruption', containers: [{ name: 'django', exitCode: 143 }] }, 'Fargate Spot took its capacity back'],
  ['gunicorn whose workers could not boot', { stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', containers: [{ name: 'django', exitCode: 3 }] }, 'if the container runs gunicorn, exit code 3 is how it stops when its workers cannot boot'],
  // What names no cause: the reason alone is logged.
  ['an essential container that exited 1', { stoppedReason: 'Essential container in task exited', containers: [{ name: 'django', exitCode: 1 }] }, undefined],
  ['exit code 3 of a container that is not essential, the task stopped for another reason', { stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/123)', containers: [{ name: 'sidecar', exitCode: 3 }] }, undefined],
  ['an essential container that exited', stopped('Essential container in task exited'), undefined],
  ['an image that is gone', stopped('CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref shop:abc: not found'), undefined],
  ['a scale-in', stopped('Scaling activity initiated by (deployment ecs-svc/123)'), undefined],
  ['no reason', {}, undefined],
])('%s', (_, task, hint) => {
  if (hint === undefined) expect(stopHint(task)).toBeUndefined();
  else expect(stopHint(task)).toContain(hint);
});
