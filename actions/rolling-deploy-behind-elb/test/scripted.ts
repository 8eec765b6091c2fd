// The handlers take each command's own input shape; one `any` here keeps the scripts readable
// instead of a union of every ECS, ELBv2, ECR and Logs input.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Deployment, Service, Task } from '@aws-sdk/client-ecs';
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clients, Clock } from '@tandem/ecs';
import { scriptedClients as clientsAnswering } from '@tandem/standins/scripted-clients';

// Scripted AWS clients for rollout timelines no stand-in can produce. Each answers `send(command)`
// by the command's name with the response shape the ECS, ELBv2, ECR and CloudWatch Logs API
// references document (as the SDK deserializes it), and records every call.

export type Handler = (input: any, world: ScriptedWorld) => unknown;

export interface ScriptedWorld {
  calls: Array<{ command: string; input: any }>;
  /** How many times a command was called before this call. */
  count(command: string): number;
  clock: Clock & { advance(ms: number): void };
}

export function scriptedClients(handlers: Record<string, Handler>): { clients: Clients; world: ScriptedWorld } {
  let now = Date.parse('2026-03-01T12:00:00Z');
  const world: ScriptedWorld = {
    calls: [],
    count: (command) => world.calls.filter((call) => call.command === command).length,
    clock: {
      now: () => now,
      advance: (ms) => (now += ms),
      sleep: async (ms) => {
        now += ms;
      },
    },
  };
  const client = {
    async send(command: { constructor: { name: string }; input: unknown }) {
      const name = command.constructor.name.replace(/Command$/, '');
      const handler = handlers[name];
      const before = world.count(name);
      world.calls.push({ command: name, input: { ...(command.input as object) } });
      if (!handler) throw Object.assign(new Error(`the script has no answer for ${name}`), { name: 'ScriptError' });
      void before;
      return handler(command.input, world);
    },
  };
  return { clients: clientsAnswering<Clients>(client), world };
}

export const ACCOUNT = '123456789012';
export const OLD_TD = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:7`;
export const NEW_TD = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shop-web:8`;
export const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop-web/0123456789abcdef`;
export const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'b'.repeat(64)}`;
export const OLD_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'a'.repeat(64)}`;

export function deployment(id: string, over: Partial<Deployment>): Deployment {
  return {
    id, status: 'PRIMARY', taskDefinition: OLD_TD, desiredCount: 2, pendingCount: 0, runningCount: 2, failedTasks: 0,
    createdAt: new Date('2026-03-01T11:00:00Z'), updatedAt: new Date('2026-03-01T11:00:00Z'), launchType: 'FARGATE',
    rolloutState: 'COMPLETED', rolloutStateReason: `ECS deployment ${id} completed.`, ...over,
  };
}

export function service(deployments: Deployment[], events: Array<[string, string]> = []): Service {
  return {
    serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/shop/web`, serviceName: 'web', clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/shop`,
    loadBalancers: [{ targetGroupArn: TG, containerName: 'django', containerPort: 8000 }], status: 'ACTIVE', desiredCount: 2,
    runningCount: 2, pendingCount: 0, launchType: 'FARGATE', platformVersion: 'LATEST', taskDefinition: deployments[0]?.taskDefinition,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false } },
    deployments, healthCheckGracePeriodSeconds: 60, schedulingStrategy: 'REPLICA', deploymentController: { type: 'ECS' },
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'DISABLED' } },
    events: events.map(([id, message]) => ({ id, createdAt: new Date('2026-03-01T12:00:00Z'), message: `(service web) ${message}` })),
  };
}

export const STEADY = service([deployment('ecs-svc/1111', {})], [['e0', 'has reached a steady state.']]);

export function taskDefinition(arn: string, image: string) {
  return {
    taskDefinitionArn: arn, family: 'shop-web', revision: Number(arn.split(':').pop()), status: 'ACTIVE', networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'], compatibilities: ['EC2', 'FARGATE'], cpu: '256', memory: '512',
    registeredAt: new Date('2026-02-01T00:00:00Z'), registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gh`,
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    containerDefinitions: [{
      name: 'django', image, essential: true, cpu: 0, portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: 'tcp' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop-web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
    }],
  };
}

export function task(id: string, over: Partial<Task> & { ip?: string }): Task {
  const { ip, ...rest } = over;
  return {
    taskArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/shop/${id}`, clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/shop`, taskDefinitionArn: NEW_TD,
    lastStatus: 'RUNNING', desiredStatus: 'RUNNING', launchType: 'FARGATE', group: 'service:web',
    attachments: [{ id: `eni-${id}`, type: 'ElasticNetworkInterface', status: 'ATTACHED', details: [{ name: 'privateIPv4Address', value: ip ?? '10.0.1.10' }] }],
    containers: [{ name: 'django', lastStatus: rest.lastStatus ?? 'RUNNING' }],
    ...rest,
  };
}

export function targets(...entries: Array<[string, 'initial' | 'healthy' | 'unhealthy' | 'draining', string?, string?]>): { TargetHealthDescriptions: TargetHealthDescription[] } {
  return {
    TargetHealthDescriptions: entries.map(([ip, State, Reason, Description]) => ({
      Target: { Id: ip, Port: 8000, AvailabilityZone: 'us-east-1a' },
      HealthCheckPort: '8000',
      TargetHealth: { State, ...(Reason ? { Reason: Reason as never, Description } : {}) },
    })),
  };
}

/** Handlers every scenario shares: the running revision, the image, the target group. */
export function baseHandlers(): Record<string, Handler> {
  return {
    DescribeTaskDefinition: (input) => ({ taskDefinition: taskDefinition(input.taskDefinition, input.taskDefinition === NEW_TD ? IMAGE : OLD_IMAGE), tags: [{ key: 'tandem-deploy:release', value: 'r7' }] }),
    DescribeImages: (input) => ({ imageDetails: [{ registryId: ACCOUNT, repositoryName: input.repositoryName, imageDigest: input.imageIds[0].imageDigest, imageTags: ['v8'] }] }),
    DescribeTargetGroups: () => ({ TargetGroups: [{ TargetGroupArn: TG, TargetGroupName: 'shop-web', HealthCheckIntervalSeconds: 30, HealthyThresholdCount: 5 }] }),
    DescribeTargetGroupAttributes: () => ({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }),
    RegisterTaskDefinition: () => ({ taskDefinition: taskDefinition(NEW_TD, IMAGE), tags: [] }),
    TagResource: () => ({}),
    ListTasks: () => ({ taskArns: [] }),
    DescribeTasks: () => ({ tasks: [], failures: [] }),
    DescribeTargetHealth: () => targets(),
  };
}
