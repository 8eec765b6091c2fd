import type { Task } from '@aws-sdk/client-ecs';

// What a stopped task's reason means, and the way out: ECS gives the agent's words
// (CannotPullContainerError, ResourceInitializationError, ...), which name what failed but not
// what to change. Each rule matches the wording of ECS's "stopped task error messages" and the
// agent's; a reason no rule knows gets no hint, only the reason itself.

/** A reason's way out, or undefined when the rule does not know the reason. */
type StopRule = (reason: string) => string | undefined;

const TIMED_OUT = /i\/o timeout|context deadline exceeded|dial tcp|connection timed out|request canceled|RequestCanceled|TLS handshake timeout/i;
const PULL = /CannotPullContainerError/;
const SECRETS = /ResourceInitializationError: unable to pull secrets or registry auth|unable to retrieve secret|unable to retrieve secrets|execution resource retrieval failed/i;

const RULES: StopRule[] = [
  (reason) => {
    const platform = /descriptor matching platform '([^']+)'/.exec(reason)?.[1];
    if (!platform) return undefined;
    const arm = /arm64/.test(platform);
    return (
      `the image has no build for ${platform}, the platform the task definition runs on (runtimePlatform.cpuArchitecture ${arm ? 'ARM64' : 'X86_64'}): ` +
      `build it for ${platform} (build-push-django-image's platform: ${platform}, or a runner of that architecture), ` +
      `or set runtimePlatform.cpuArchitecture to ${arm ? 'X86_64' : 'ARM64'} if the image is built for ${arm ? 'linux/amd64' : 'linux/arm64'}`
    );
  },
  (reason) =>
    PULL.test(reason) && /not authorized to perform: ecr:|AccessDenied/i.test(reason)
      ? "the task execution role may not pull from ECR: attach the AWS managed policy AmazonECSTaskExecutionRolePolicy to it (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer), and allow the role in the repository's policy if the image is in another account"
      : undefined,
  (reason) =>
    PULL.test(reason) && TIMED_OUT.test(reason)
      ? 'the tasks cannot reach the registry: in a private subnet they need a NAT gateway or VPC endpoints (com.amazonaws.REGION.ecr.api, ecr.dkr and the S3 gateway endpoint); in a public subnet, assignPublicIp ENABLED in the service\'s network configuration. Security groups must allow outbound HTTPS'
      : undefined,
  (reason) =>
    SECRETS.test(reason) && /not authorized|AccessDenied|KMS/i.test(reason)
      ? "the task execution role may not read a secret the task definition names: allow secretsmanager:GetSecretValue or ssm:GetParameters on it (and kms:Decrypt on its key, if a key of yours encrypts it)"
      : undefined,
  (reason) =>
    SECRETS.test(reason) && /ResourceNotFoundException|ParameterNotFound|InvalidParameters|not found/i.test(reason)
      ? "a secret or parameter the task definition names does not exist, in this region and account: check each 'valueFrom' in the container's secrets"
      : undefined,
  (reason) =>
    SECRETS.test(reason) && TIMED_OUT.test(reason)
      ? 'the tasks cannot reach Secrets Manager or Systems Manager to read their secrets: in a private subnet they need a NAT gateway or VPC endpoints (com.amazonaws.REGION.secretsmanager or ssm); in a public subnet, assignPublicIp ENABLED'
      : undefined,
  (reason) =>
    /OutOfMemoryError|Container killed due to memory usage/i.test(reason)
      ? "a container used more memory than the task definition gives it: raise 'memory' (the task's, or the container's own), or lower gunicorn's workers (WEB_CONCURRENCY)"
      : undefined,
  (reason) =>
    /executable file not found in \$PATH|no such file or directory: unknown/i.test(reason)
      ? "the image has no such program: check the container's command and entryPoint in the task definition against the image's CMD and ENTRYPOINT"
      : undefined,
  (reason) =>
    /Your Spot Task was interrupted/i.test(reason)
      ? 'Fargate Spot took its capacity back (after two minutes\' notice): not the release\'s doing, and ECS starts another task. If rollouts keep meeting it, give the service\'s capacity provider strategy a FARGATE base beside FARGATE_SPOT'
      : undefined,
  (reason) =>
    /Essential container in task exited/.test(reason) && /^exit code 3$/m.test(reason)
      ? "if the container runs gunicorn, exit code 3 is how it stops when its workers cannot boot: the app failed at import (a module missing from the image, settings that raise, an environment variable or secret the settings read and the task definition lacks). The container's log shows the traceback; `python manage.py check --deploy` in the image with the task's environment shows it too"
      : undefined,
  (reason) =>
    /Task failed (ELB|container) health checks/i.test(reason)
      ? "the new tasks started but failed their health checks: check the health check's path and port, that the app answers it within its timeout, and for Django that ALLOWED_HOSTS lets the check's Host through (an ALB sends the task's IP)"
      : undefined,
];

/** The way out for a stopped task's reason (the task's and its containers'), or undefined when no rule knows it. */
export function stopHint(task: Task): string | undefined {
  // Each container's exit code on a line of its own: some causes show only there.
  const containers = (task.containers ?? []).flatMap((container) => [container.reason ?? '', container.exitCode !== undefined ? `exit code ${container.exitCode}` : '']);
  const reasons = [task.stoppedReason ?? '', ...containers].join('\n');
  for (const rule of RULES) {
    const hint = rule(reasons);
    if (hint) return hint;
  }
  return undefined;
}
