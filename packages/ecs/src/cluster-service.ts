// A pure module: the inputs read it before the rest of the action (and the AWS SDK) is loaded.

/** `cluster/service`, as promote-from-service names the source environment's web service. */
export function parseClusterService(text: string): { cluster: string; service: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(text.trim());
  return match ? { cluster: match[1], service: match[2] } : undefined;
}

/**
 * Why an ECS ARN (a cluster, a service, a task definition) cannot serve a step that calls ECS in
 * `region`: ECS there answers that no such resource exists, as if the name were wrong. Undefined
 * for a name, or for an ARN in that region.
 */
export function arnRegionProblem(value: string, region: string): string | undefined {
  const arnRegion = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):/.exec(value)?.[1];
  if (!arnRegion || arnRegion === region) return undefined;
  return `'${value}' is in ${arnRegion}, but this step calls ECS in ${region}: set aws-region: ${arnRegion}, or name one in ${region}`;
}
