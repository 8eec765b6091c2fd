import { ECSClient, CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand, TagResourceCommand, type ContainerDefinition } from '@aws-sdk/client-ecs';
import { ECRClient, CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { ElasticLoadBalancingV2Client, CreateTargetGroupCommand, ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createHash } from 'node:crypto';
import { uploadEcrBlob } from './ecr-registry.js';

// A Django service behind a target group, in moto started with packages/standins/src/moto-rollouts.py:
// what a deploy finds on AWS before its first run. Reusable by any test that needs an ECS service.

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

const settings = (region = 'us-east-1') => ({ region, endpoint: process.env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

export interface EcsWorld {
  cluster: string;
  service: string;
  family: string;
  targetGroupArn: string;
  /** The task definition the service runs. */
  taskDefinitionArn: string;
  registry: string;
  ecs: ECSClient;
  /** Every service of the release: web first, then the workers of `workers`. */
  services: string[];
  /** Each service's task definition, by service name. */
  taskDefinitions: Record<string, string>;
  /**
   * Pushes an image to the moto ECR repository, built for `platforms` (default linux/amd64; with
   * several, an OCI index over one image each), and returns REPOSITORY@sha256:...
   */
  pushImage(repository: string, tag: string, platforms?: readonly string[]): Promise<string>;
  waitForSteadyState(timeoutMs?: number): Promise<void>;
}

export interface WorldOptions {
  desiredCount?: number;
  healthCheckGracePeriodSeconds?: number;
  deregistrationDelaySeconds?: number;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  /** Release tags of the first revision, as if an earlier deploy made it. */
  releaseTags?: Array<{ key: string; value: string }>;
  repository?: string;
  /** The container's environment, beside DJANGO_SETTINGS_MODULE=shop.settings. */
  environment?: Record<string, string>;
  /** The container's secrets: variable name to a Secrets Manager or SSM ARN. */
  secrets?: Record<string, string>;
  /**
   * Services beside web, from the same image, with no load balancer (a queue worker, a
   * scheduler): each its own family shop-NAME running `command`, with a container health check
   * when `healthCheck` is set.
   */
  workers?: Array<{ name: string; command: string[]; healthCheck?: string[]; desiredCount?: number }>;
  /** The region of every resource, default us-east-1: one moto server holds several regions' worlds. */
  region?: string;
}

/**
 * An id from moto's default VPC (new after every reset) through the EC2 query API: the EC2 SDK
 * client is not a dependency of the suite, and moto does not check signatures.
 */
async function defaultVpcId(action: string, pattern: RegExp, region: string): Promise<string> {
  const id = (await defaultVpcIds(action, pattern, region))[0];
  if (!id) throw new Error(`moto's ${action} returned no id`);
  return id;
}

/** Every id an EC2 query call names (`pattern`'s first group, global). */
async function ec2Ids(action: string, pattern: RegExp, region: string, parameters: Array<[string, string]> = [], endpoint = process.env.AWS_ENDPOINT_URL): Promise<string[]> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams([['Action', action], ['Version', '2016-11-15'], ...parameters]).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto's ${action} answered ${response.status}: ${text.slice(0, 300)}`);
  return [...text.matchAll(new RegExp(pattern.source, 'g'))].map((match) => match[1]);
}

/** Every id an EC2 describe call of moto's default VPC names. */
function defaultVpcIds(action: string, pattern: RegExp, region: string): Promise<string[]> {
  return ec2Ids(action, pattern, region);
}

export interface InstanceOptions {
  /** What the agent sends in RegisterContainerInstance's attributes. */
  attributes?: Record<string, string>;
  /** The EC2 instance's tags (aws:autoscaling:groupName puts it in an Auto Scaling group's capacity provider). */
  tags?: Record<string, string>;
  region?: string;
  /** moto's endpoint, when not AWS_ENDPOINT_URL. */
  endpoint?: string;
}

/**
 * An EC2 instance of `instanceType` in moto (through its EC2 query API), registered in `cluster`
 * as the ECS agent registers one: its container instance's ARN and its instance id.
 */
export async function registerContainerInstance(ecs: ECSClient, cluster: string, instanceType: string, options: InstanceOptions = {}): Promise<{ arn: string; instanceId: string }> {
  const region = options.region ?? 'us-east-1';
  const tagging = Object.entries(options.tags ?? {}).flatMap(([key, value], index): Array<[string, string]> => [[`TagSpecification.1.Tag.${index + 1}.Key`, key], [`TagSpecification.1.Tag.${index + 1}.Value`, value]]);
  const parameters: Array<[string, string]> = [
    ['ImageId', 'ami-12c6146b'], ['InstanceType', instanceType], ['MinCount', '1'], ['MaxCount', '1'],
    ...(tagging.length ? [['TagSpecification.1.ResourceType', 'instance'] as [string, string], ...tagging] : []),
  ];
  const [instanceId] = await ec2Ids('RunInstances', /<instanceId>(i-[^<]+)<\/instanceId>/, region, parameters, options.endpoint);
  if (!instanceId) throw new Error("moto's RunInstances named no instance");
  const registered = await ecs.send(new RegisterContainerInstanceCommand({
    cluster,
    instanceIdentityDocument: JSON.stringify({ instanceId, instanceType, region, availabilityZone: `${region}a`, imageId: 'ami-12c6146b', accountId: '123456789012' }),
    attributes: Object.entries(options.attributes ?? {}).map(([name, value]) => ({ name, value })),
  }));
  return { arn: registered.containerInstance?.containerInstanceArn ?? '', instanceId };
}

/**
 * A service beside the world's web service on the EC2 launch type, named `name`, its revision
 * (family shop-NAME) for EC2 with no runtimePlatform, and one container instance of each type in
 * `instanceTypes` registered in the cluster first: where its tasks run is up to those instances.
 * Returns once its first deployment is done; the instances' ARNs, in that order.
 */
export async function createEc2Service(world: Pick<EcsWorld, 'ecs' | 'cluster' | 'registry'>, name: string, instanceTypes: readonly string[]): Promise<string[]> {
  const instances = [];
  for (const type of instanceTypes) instances.push((await registerContainerInstance(world.ecs, world.cluster, type)).arn);
  const definition = { ...shopTaskDefinition(`shop-${name}`, name, { name: 'django', image: `${world.registry}/shop:v1` }), networkMode: 'bridge' as const, requiresCompatibilities: ['EC2' as const] };
  const registered = await world.ecs.send(new RegisterTaskDefinitionCommand(definition));
  await world.ecs.send(new CreateServiceCommand({ cluster: world.cluster, serviceName: name, taskDefinition: registered.taskDefinition?.taskDefinitionArn, desiredCount: 1, launchType: 'EC2' }));
  for (const deadline = Date.now() + 20_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const [service] = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [name] }))).services ?? [];
    if (service?.deployments?.length === 1 && service.deployments[0].rolloutState === 'COMPLETED') return instances;
    if (Date.now() > deadline) throw new Error(`service ${name} did not reach a steady state`);
  }
}

/** The subnets of moto's default VPC in a region, one a zone (an RDS proxy needs two). */
export function defaultSubnetIds(region = 'us-east-1'): Promise<string[]> {
  return defaultVpcIds('DescribeSubnets', /<subnetId>(subnet-[^<]+)<\/subnetId>/, region);
}

/**
 * A revision of one of the shop's families as an earlier deploy registered it, and as a repository
 * keeps it in a task-definition file: Fargate, 256 CPU units, 512 MiB, logs to /ecs/FAMILY.
 */
export function shopTaskDefinition(family: string, streamPrefix: string, container: ContainerDefinition, region = 'us-east-1') {
  return {
    family,
    networkMode: 'awsvpc' as const,
    requiresCompatibilities: ['FARGATE' as const],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/shop-execution',
    containerDefinitions: [{
      essential: true,
      memory: 512,
      ...container,
      logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': `/ecs/${family}`, 'awslogs-region': region, 'awslogs-stream-prefix': streamPrefix } },
    }],
  };
}

export async function createEcsWorld(options: WorldOptions = {}): Promise<EcsWorld> {
  const region = options.region ?? 'us-east-1';
  const ecs = new ECSClient(settings(region));
  const ecr = new ECRClient(settings(region));
  const elb = new ElasticLoadBalancingV2Client(settings(region));
  const cluster = 'shop';
  const service = 'web';
  const family = 'shop-web';
  const registry = `123456789012.dkr.ecr.${region}.amazonaws.com`;
  const repositories = new Set<string>();
  const putImage = async (repository: string, manifest: string, mediaType: string, tag?: string) => {
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    await ecr.send(new PutImageCommand({ repositoryName: repository, imageManifest: manifest, imageManifestMediaType: mediaType, imageDigest: digest, ...(tag ? { imageTag: tag } : {}) }));
    return digest;
  };
  const pushImage = async (repository: string, tag: string, platforms: readonly string[] = ['linux/amd64']) => {
    if (!repositories.has(repository)) {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: repository })).catch((error) => {
        if (error.name !== 'RepositoryAlreadyExistsException') throw error;
      });
      repositories.add(repository);
    }
    // Each platform's image: a config of its own (the tag in its labels, so each tag is its own
    // image) through ECR's layer API, and its manifest; several under an OCI index, as buildx pushes them.
    const images = [];
    for (const platform of platforms) {
      const [os, architecture, variant] = platform.split('/');
      const config = Buffer.from(JSON.stringify({ architecture, os, ...(variant ? { variant } : {}), config: { Labels: { tag } }, rootfs: { type: 'layers', diff_ids: [] } }));
      const configDigest = await uploadEcrBlob(ecr, repository, config);
      const manifest = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length }, layers: [] });
      images.push({ manifest, platform: { os, architecture, ...(variant ? { variant } : {}) } });
    }
    const [single] = images;
    if (images.length === 1) return `${registry}/${repository}@${await putImage(repository, single.manifest, OCI_MANIFEST, tag)}`;
    const manifests = [];
    for (const image of images) manifests.push({ mediaType: OCI_MANIFEST, digest: await putImage(repository, image.manifest, OCI_MANIFEST), size: image.manifest.length, platform: image.platform });
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests });
    return `${registry}/${repository}@${await putImage(repository, index, OCI_INDEX, tag)}`;
  };

  const vpcId = await defaultVpcId('DescribeVpcs', /<vpcId>(vpc-[^<]+)<\/vpcId>/, region);
  const subnet = await defaultVpcId('DescribeSubnets', /<subnetId>(subnet-[^<]+)<\/subnetId>/, region);
  const group = await defaultVpcId('DescribeSecurityGroups', /<groupId>(sg-[^<]+)<\/groupId>/, region);
  const targetGroupArn = (await elb.send(new CreateTargetGroupCommand({ Name: 'shop-web', Protocol: 'HTTP', Port: 8000, VpcId: vpcId, TargetType: 'ip', HealthCheckPath: '/healthz' }))).TargetGroups?.[0]?.TargetGroupArn ?? '';
  await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(options.deregistrationDelaySeconds ?? 30) }] }));
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const image = await pushImage(options.repository ?? 'shop', 'v1');
  const registerRevision = async (revisionFamily: string, streamPrefix: string, container: ContainerDefinition) => {
    const registered = await ecs.send(new RegisterTaskDefinitionCommand({
      ...shopTaskDefinition(revisionFamily, streamPrefix, { image, ...container }, region),
      ...(options.releaseTags ? { tags: options.releaseTags } : {}),
    }));
    const arn = registered.taskDefinition?.taskDefinitionArn ?? '';
    if (options.releaseTags) await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'tandem-deploy:served', value: '2026-01-01T00:00:00.000Z' }] }));
    return arn;
  };
  const taskDefinitionArn = await registerRevision(family, 'web', {
    name: 'django',
    portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
    environment: Object.entries({ DJANGO_SETTINGS_MODULE: 'shop.settings', ...options.environment }).map(([name, value]) => ({ name, value })),
    ...(options.secrets ? { secrets: Object.entries(options.secrets).map(([name, valueFrom]) => ({ name, valueFrom })) } : {}),
  });
  await ecs.send(new CreateServiceCommand({
    cluster, serviceName: service, taskDefinition: taskDefinitionArn, desiredCount: options.desiredCount ?? 2, launchType: 'FARGATE',
    loadBalancers: [{ targetGroupArn, containerName: 'django', containerPort: 8000 }],
    networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: [group], assignPublicIp: 'DISABLED' } },
  }));
  // moto's CreateService drops these two; UpdateService without a task definition keeps the rollout as it is.
  await ecs.send(new UpdateServiceCommand({
    cluster, service,
    healthCheckGracePeriodSeconds: options.healthCheckGracePeriodSeconds ?? 60,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: options.circuitBreaker ?? { enable: false, rollback: false } },
  }));
  const taskDefinitions: Record<string, string> = { [service]: taskDefinitionArn };
  for (const worker of options.workers ?? []) {
    const workerArn = await registerRevision(`shop-${worker.name}`, worker.name, {
      name: worker.name,
      command: worker.command,
      environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings' }],
      ...(worker.healthCheck ? { healthCheck: { command: worker.healthCheck, interval: 30, timeout: 5, retries: 3, startPeriod: 10 } } : {}),
    });
    await ecs.send(new CreateServiceCommand({
      cluster, serviceName: worker.name, taskDefinition: workerArn, desiredCount: worker.desiredCount ?? options.desiredCount ?? 2, launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: [group], assignPublicIp: 'DISABLED' } },
    }));
    await ecs.send(new UpdateServiceCommand({
      cluster, service: worker.name,
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: options.circuitBreaker ?? { enable: false, rollback: false } },
    }));
    taskDefinitions[worker.name] = workerArn;
  }
  const services = Object.keys(taskDefinitions);
  const world: EcsWorld = {
    cluster, service, family, targetGroupArn, taskDefinitionArn, registry, ecs, pushImage, services, taskDefinitions,
    async waitForSteadyState(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const described = (await ecs.send(new DescribeServicesCommand({ cluster, services }))).services ?? [];
        const steady = described.every((one) => one.deployments?.length === 1 && one.deployments[0].rolloutState === 'COMPLETED');
        if (described.length === services.length && steady) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the services did not reach a steady state');
    },
  };
  await world.waitForSteadyState();
  return world;
}
