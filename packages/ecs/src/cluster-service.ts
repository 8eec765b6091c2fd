// A pure module: the inputs read it before the rest of the action (and the AWS SDK) is loaded.

/** `cluster/service`, as promote-from-service names the source environment's web service. */
export function parseClusterService(text: string): { cluster: string; service: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(text.trim());
  return match ? { cluster: match[1], service: match[2] } : undefined;
}
