import type { DeploymentStrategy, Service } from '@aws-sdk/client-ecs';
import { deploymentRefusal } from '../src/index.js';

const BLUE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web-blue/0123456789abcdef';
const GREEN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web-green/fedcba9876543210';
const ADMIN_GREEN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-admin-green/00112233aabbccdd';

const ecs = (strategy?: DeploymentStrategy, alternates: string[] = []): Service => ({
  deploymentController: { type: 'ECS' },
  deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, ...(strategy ? { strategy } : {}) },
  loadBalancers: alternates.length === 0
    ? [{ targetGroupArn: BLUE, containerName: 'django', containerPort: 8000 }]
    : alternates.map((alternate) => ({ targetGroupArn: BLUE, containerName: 'django', containerPort: 8000, advancedConfiguration: { alternateTargetGroupArn: alternate, productionListenerRule: 'arn:rule/1', roleArn: 'arn:role' } })),
});

// The deployment controllers and strategies of the ECS API Reference (DeploymentController.type,
// DeploymentConfiguration.strategy): only a rolling update of the ECS controller is this action's.
test.each<[string, Service, RegExp | undefined]>([
  ['a service made before strategies existed (neither field)', {}, undefined],
  ['the ECS controller without a strategy', ecs(), undefined],
  ['the ECS controller, ROLLING', ecs('ROLLING'), undefined],
  ['a ROLLING service left with an alternate target group', ecs('ROLLING', [GREEN]), undefined],
  [
    'BLUE_GREEN with its alternate target group',
    ecs('BLUE_GREEN', [GREEN]),
    /^service 'web' deploys with ECS's BLUE_GREEN strategy: ECS starts the new revision's tasks in the alternate target group shop-web-green while the old ones keep serving, .* set its deploymentConfiguration\.strategy to ROLLING$/,
  ],
  ['LINEAR, two load balancers', ecs('LINEAR', [GREEN, ADMIN_GREEN]), /ECS's LINEAR strategy: ECS starts the new revision's tasks in the alternate target groups shop-web-green, shop-admin-green while/],
  ['CANARY without a load balancer', { ...ecs('CANARY'), loadBalancers: [] }, /ECS's CANARY strategy: ECS starts the new revision's tasks in an alternate target group while/],
  [
    'CODE_DEPLOY',
    { deploymentController: { type: 'CODE_DEPLOY' } },
    /^service 'web' uses the CODE_DEPLOY deployment controller: CodeDeploy moves its tasks between two target groups, and ECS refuses a new task definition in UpdateService for it\. .*deploy this service with a CodeDeploy deployment, or move it to the ECS deployment controller with the ROLLING strategy$/,
  ],
  ['CODE_DEPLOY whatever the strategy says', { ...ecs('ROLLING'), deploymentController: { type: 'CODE_DEPLOY' } }, /the CODE_DEPLOY deployment controller/],
  ['EXTERNAL', { deploymentController: { type: 'EXTERNAL' } }, /^service 'web' uses the EXTERNAL deployment controller: its task sets are placed by a controller of its own, not by UpdateService\./],
])('%s', (_name, service, refusal) => {
  const answer = deploymentRefusal(service, 'web');
  if (refusal) expect(answer).toMatch(refusal);
  else expect(answer).toBeUndefined();
});
