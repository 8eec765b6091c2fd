// Production in the local run: a second set of the shop's resources, apart from staging's. Its
// front end (bucket, distribution) in eu-west-1; its back end (RDS, media bucket, web and worker
// services behind a target group, and a registry standing in for the region's ECR registry) in
// each of PRODUCTION_REGIONS, under the same names in every region, as a stack deployed once per
// region makes them. Its variables are what the production GitHub environment holds, PROMOTE_FROM_*
// naming staging's resources.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EcsWorld } from '@tandem/standins/ecs-world';
import { createBucket, createDatabase, createDistribution, createServices, PRODUCTION_REGIONS, STAGING_REGION, type LocalStack, type Shop } from './stack.js';

export interface ProductionRegion {
  region: string;
  ecs: EcsWorld;
  databaseEndpoint: string;
  mediaBucket: string;
}

export interface Production {
  bucket: string;
  distributionId: string;
  /** The front end's region. */
  region: string;
  regions: Record<string, ProductionRegion>;
  /** The production environment's variables. */
  vars: Record<string, string>;
}

/** Each region's task definition file, in the repository as production's TASK_DEFINITION names it. */
export const TASK_DEFINITION = 'backend/deploy/production-{0}.task-definition.json';

export async function createProduction(stack: LocalStack, staging: Shop): Promise<Production> {
  const endpoint = stack.moto.endpoint;
  const [region] = PRODUCTION_REGIONS;
  const bucket = 'shop-web-production';
  await createBucket(endpoint, bucket, region);
  const distributionId = await createDistribution(endpoint, bucket, region, 'shop web, production');
  const regions: Record<string, ProductionRegion> = {};
  for (const name of PRODUCTION_REGIONS) {
    const mediaBucket = `shop-media-${name}`;
    await createBucket(endpoint, mediaBucket, name, true);
    const databaseEndpoint = await createDatabase(endpoint, name);
    regions[name] = { region: name, ecs: await createServices(endpoint, name, databaseEndpoint, mediaBucket), databaseEndpoint, mediaBucket };
  }
  const { ecs } = regions[region];
  return {
    bucket,
    distributionId,
    region,
    regions,
    vars: {
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/shop-production-deploy',
      AWS_REGION: region,
      AWS_REGIONS: JSON.stringify(PRODUCTION_REGIONS),
      FRONTEND_BUCKET: bucket,
      DISTRIBUTION_ID: distributionId,
      ECR_REPOSITORY: 'shop',
      ECS_CLUSTER: ecs.cluster,
      ECS_SERVICE: ecs.service,
      TASK_DEFINITION,
      PROMOTE_FROM_REGION: STAGING_REGION,
      PROMOTE_FROM_BUCKET: staging.bucket,
      PROMOTE_FROM_ECR_REPOSITORY: `${stack.registry.address}/${staging.repository}`,
      PROMOTE_FROM_ECS_CLUSTER: staging.ecs.cluster,
      PROMOTE_FROM_ECS_SERVICE: staging.ecs.service,
    },
  };
}

/**
 * Writes each production region's task definition next to staging's: the same containers, with
 * the region's database, media bucket, secret and log region.
 */
export async function writeProductionTaskDefinitions(workspace: string, production: Production): Promise<void> {
  const staging = await readFile(join(workspace, 'backend/deploy/web.task-definition.json'), 'utf8');
  for (const { region, mediaBucket } of Object.values(production.regions)) {
    const text = staging.replaceAll(`.${STAGING_REGION}.`, `.${region}.`).replaceAll(`:${STAGING_REGION}:`, `:${region}:`).replaceAll(`"${STAGING_REGION}"`, `"${region}"`).replace('"shop-media"', JSON.stringify(mediaBucket));
    await writeFile(join(workspace, TASK_DEFINITION.replace('{0}', region)), text);
  }
}

/**
 * What differs on this machine for promote.yml and production's rollback.yml: each region's
 * registry address (the image is copied there), fast polling. No build input: a promotion builds
 * nothing. `failing` gives a region the registry whose images fail their tasks.
 */
export function productionOverrides(stack: LocalStack, failing?: string): { overrides: Record<string, Record<string, string>>; regionOverrides: Record<string, Record<string, Record<string, string>>> } {
  return {
    overrides: { 'rolling-deploy-behind-elb': { 'poll-interval': '500ms' }, 'invalidate-cdn': { 'wait-timeout': '2m' } },
    regionOverrides: Object.fromEntries(
      PRODUCTION_REGIONS.map((region) => [region, { 'build-push-django-image': { registry: (region === failing ? stack.failingRegistry : stack.regionRegistries[region]).address } }]),
    ),
  };
}
