import { deployLockKey } from '../src/index.js';

test.each([
  ['shop', 'web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['arn:aws:ecs:eu-west-1:123456789012:cluster/shop', 'arn:aws:ecs:eu-west-1:123456789012:service/shop/web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['shop', 'arn:aws:ecs:eu-west-1:123456789012:service/web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['staging', 'web', 'tandem-deploy/locks/ecs/staging/web.json'],
])('cluster %s, service %s: one lock, %s', (cluster, service, key) => {
  expect(deployLockKey(cluster, service)).toBe(key);
});
