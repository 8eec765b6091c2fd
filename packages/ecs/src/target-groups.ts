import { DescribeTargetGroupAttributesCommand, paginateDescribeTargetGroups, type TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Service } from '@aws-sdk/client-ecs';
import type { Clients } from './clients.js';
import type { TargetGroupFacts } from './preflight.js';

/** Health-check timing and deregistration delay of every target group the service uses. */
export async function targetGroupFacts(clients: Clients, service: Service): Promise<TargetGroupFacts[]> {
  const arns = [...new Set((service.loadBalancers ?? []).map((balancer) => balancer.targetGroupArn).filter((arn): arn is string => !!arn))];
  if (arns.length === 0) return [];
  // The groups' settings and their attributes are read at once.
  const [groups, attributes] = await Promise.all([
    (async () => {
      const pages: TargetGroup[] = [];
      for await (const page of paginateDescribeTargetGroups({ client: clients.elb }, { TargetGroupArns: arns })) pages.push(...(page.TargetGroups ?? []));
      return pages;
    })(),
    Promise.all(arns.map(async (arn) => (await clients.elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))).Attributes ?? [])),
  ]);
  return arns.map((arn, index) => {
    const group = groups.find((candidate) => candidate.TargetGroupArn === arn);
    const delay = attributes[index].find((attribute) => attribute.Key === 'deregistration_delay.timeout_seconds')?.Value;
    return {
      targetGroupArn: arn,
      deregistrationDelaySeconds: delay !== undefined ? Number(delay) : undefined,
      healthCheckIntervalSeconds: group?.HealthCheckIntervalSeconds,
      healthyThresholdCount: group?.HealthyThresholdCount,
    };
  });
}
