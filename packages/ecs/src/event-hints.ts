// What a service event about placing or launching tasks means, and the way out. When ECS cannot
// place or start a task, it says why only in the service's events (DescribeServices), in the
// words of the developer guide's "Amazon ECS service event messages"; the deployment itself just
// shows 0 new tasks running until the wait runs out. Each rule matches one message of that list;
// an event no rule knows gets no hint, only its line in the log.

type EventRule = [pattern: RegExp, hint: string];

const ROLLING_ROOM =
  'lower maximumPercent to 100 with minimumHealthyPercent below 100 in the service\'s deployment configuration, so old tasks stop before new ones start';

const RULES: EventRule[] = [
  [
    /no container instance met all of its requirements\.?\s*Reason: No Container Instances were found in your cluster/i,
    'the cluster has no container instance to run EC2 tasks on: start instances that register in this cluster (or give the service a capacity provider whose Auto Scaling group does), or run the service on Fargate',
  ],
  [
    /has insufficient (?:CPU units|memory|GPU)/i,
    `the container instances have no room for the new tasks: in a rolling deploy they start beside the old ones, so the instances need free CPU and memory for both. Add instances (a capacity provider with managed scaling adds them itself), or ${ROLLING_ROOM}`,
  ],
  [
    /is already using a port required by your task/i,
    `the task maps a fixed hostPort, and an instance holds one task with that port, so a new task cannot start beside an old one on the same instance: use dynamic host ports (hostPort 0 in bridge mode; the target group registers each task's port) or awsvpc networking, or ${ROLLING_ROOM}`,
  ],
  [
    /is missing an attribute required by your task/i,
    "no container instance has an attribute the task asks for: a memberOf placement constraint, or a capability the task definition needs (requiresAttributes, such as a log driver or secrets support of the ECS agent). Compare them with the instances' attributes (aws ecs list-attributes --target-type container-instance)",
  ],
  [/encountered error "AGENT"/i, "the ECS agent of the instance ECS would use is disconnected: restart the agent or replace the instance (ListContainerInstances with the filter agentConnected==false finds them)"],
  [
    /unable to stop or start tasks during a deployment because of the service deployment configuration/i,
    'the deployment configuration leaves ECS no way to replace a task: with minimumHealthyPercent and maximumPercent both 100 it may neither start a new task beside the old ones nor stop an old one first. Raise maximumPercent (200) or lower minimumHealthyPercent',
  ],
  [
    /You've reached the limit on the number of (?:tasks|vCPUs) you can run concurrently/i,
    "the account has reached its quota of tasks or vCPUs running at once in this region (a rolling deploy needs room for the old and the new tasks together): request a higher quota in Service Quotas, or lower maximumPercent",
  ],
  [/The requested (?:CPU|MEMORY) configuration is above your limit/i, "the task asks for more CPU or memory than this account may run on Fargate: choose a smaller cpu and memory in the task definition, or request a higher quota in Service Quotas"],
  [
    /Capacity is unavailable at this time/i,
    "Fargate has no capacity for the task in the service's Availability Zones now (often Fargate Spot): give the service subnets in more Availability Zones, or add FARGATE beside FARGATE_SPOT in its capacity provider strategy",
  ],
  [
    /unable to assume the role/i,
    "ECS could not assume a role the task definition names: the role's trust policy must let ecs-tasks.amazonaws.com call sts:AssumeRole, and the role must exist in this account",
  ],
  [
    /failed to register targets in/i,
    "ECS could not register the new tasks with the load balancer's target group: the target group must be attached to a load balancer (a listener or rule forwarding to it), and its target type must suit the network mode (ip for awsvpc, instance for bridge or host)",
  ],
];

/** The way out for a service event's message, or undefined when no rule knows the message. */
export function eventHint(message: string): string | undefined {
  return RULES.find(([pattern]) => pattern.test(message))?.[1];
}

/**
 * The way out for a reason RunTask gives in its `failures` (the developer guide's "API failure
 * reasons"): RESOURCE:* when no container instance had room, AGENT, ATTRIBUTE; Fargate's reasons
 * read as the service events' do.
 */
const RUN_TASK_RULES: EventRule[] = [
  [/^RESOURCE:(?:CPU|MEMORY|GPU)/, "no container instance had the free CPU or memory the task asks for beside the tasks already running: add instances (a capacity provider with managed scaling adds them itself), or ask for less cpu or memory in the task definition"],
  [/^RESOURCE:PORTS/, 'every container instance already uses a host port the task maps (the service\'s own tasks hold it): use dynamic host ports (hostPort 0 in bridge mode) or awsvpc networking'],
  [/^RESOURCE:ENI/, "no container instance has a free network interface for another awsvpc task: use instance types with more network interfaces, or turn on ENI trunking (the account setting awsvpcTrunking)"],
  [/^AGENT/, "the ECS agent of the container instance is disconnected: restart the agent or replace the instance"],
  [/^ATTRIBUTE/, "no container instance has an attribute the task definition needs (requiresAttributes, a memberOf placement constraint): compare them with the instances' attributes (aws ecs list-attributes --target-type container-instance)"],
];

export function runTaskFailureHint(reason: string): string | undefined {
  return RUN_TASK_RULES.find(([pattern]) => pattern.test(reason))?.[1] ?? eventHint(reason);
}
