import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** What answers a scripted client's calls: the command, by its class name and input. */
export interface ScriptedSend {
  send(command: { constructor: { name: string }; input: unknown }): Promise<unknown>;
}

/**
 * The rollout's clients (ECS, ELBv2, CloudWatch Logs, ECR by region) for timelines no stand-in can
 * produce: real client objects, as the SDK's paginators accept no other, whose `send` answers from
 * the script. `T` is the clients shape of the code under test (`Clients` of `@tandem/ecs`).
 */
export function scriptedClients<T>(script: ScriptedSend): T {
  const ecr = Object.assign(new ECRClient({ region: 'us-east-1' }), script);
  return {
    ecs: Object.assign(new ECSClient({ region: 'us-east-1' }), script),
    elb: Object.assign(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), script),
    logs: script,
    ecr: () => ecr,
  } as unknown as T;
}
