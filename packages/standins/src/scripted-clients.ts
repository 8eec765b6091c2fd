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

/** A script that answers each call by its command's name (`DescribeImages`) and records every call, in order. */
export function answeringScript<I>(answers: Record<string, (input: I) => unknown>): { script: ScriptedSend; calls: Array<{ command: string; input: I }> } {
  const calls: Array<{ command: string; input: I }> = [];
  const script: ScriptedSend = {
    async send(command) {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ command: name, input: command.input as I });
      const answer = answers[name];
      if (!answer) throw new Error(`no answer for ${name}`);
      return answer(command.input as I);
    },
  };
  return { script, calls };
}
